"""The `bundler` command: a Flask CLI group, so the engine and the web app share one command line.

bundler's own commands are imported by name only when called, before Flask's app or plugins load, so
`bundler build`, `check` and `deadline` need no database and start as fast as the engine itself.
"""
from importlib import import_module

import click
from flask.cli import FlaskGroup

from . import create_app

COMMANDS = {
    "build": "bundler.engine.commands:build",
    "check": "bundler.engine.commands:check",
    "deadline": "bundler.timetable.commands:deadline",
    "demo": "bundler.demo:demo_command",
    "statement": "bundler.web.statements.commands:statement_cli",
}


class BundlerGroup(FlaskGroup):
    def get_command(self, ctx, name):
        if name in COMMANDS:
            module, attribute = COMMANDS[name].split(":")
            return getattr(import_module(module), attribute)
        return super().get_command(ctx, name)

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))


@click.group(cls=BundlerGroup, create_app=create_app)
def cli():
    """bundler: SEND Tribunal bundles, statements of case and deadlines."""


def main():
    cli()
