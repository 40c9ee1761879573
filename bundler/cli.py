"""The `bundler` command: one command line for the engine and the web app.

The web app's commands (`run`, `serve`, `worker`, `db`, `shell`, `demo`, `statement`, `user`) sit in a Flask
command group. `build`, `check` and `deadline` need neither Flask nor the database, and scripts call them in loops,
so `main` runs them without loading either: start-up is most of their time.
"""
import sys
from importlib import import_module

import click

STANDALONE_COMMANDS = {
    "build": "bundler.engine.commands:build",
    "check": "bundler.engine.commands:check",
    "deadline": "bundler.timetable.commands:deadline",
    "lint-plan": "bundler.plan_checks.commands:lint_plan",
    "working-document": "bundler.working_document.commands:working_document",
}
# Subcommands of a standalone group that need the app and database: loaded only when called, so the group's other
# commands start as fast as before.
SUBCOMMANDS = {
    "working-document": {"export": "bundler.services.working_document.commands:export"},
}
APP_COMMANDS = {
    "demo": "bundler.demo:demo_command",
    "doctor": "bundler.doctor:doctor_command",
    "notify": "bundler.services.notify:notify_command",
    "search-index": "bundler.services.search_commands:search_index_command",
    "serve": "bundler.serving:serve_command",
    "statement": "bundler.services.statements.commands:statement_cli",
    "user": "bundler.services.people_commands:user_cli",
    "worker": "bundler.queue:worker_command",
}


def load_command(name: str) -> click.Command:
    module, attribute = {**STANDALONE_COMMANDS, **APP_COMMANDS}[name].split(":")
    return getattr(import_module(module), attribute)


def make_cli() -> click.Group:
    """The Flask command group, listing every bundler command and importing each only when it is called."""
    from flask.cli import FlaskGroup

    from . import create_app
    from .schema import UPGRADE_ADVICE, is_missing_schema

    class BundlerGroup(FlaskGroup):
        def get_command(self, ctx, name):
            if name in STANDALONE_COMMANDS or name in APP_COMMANDS:
                return load_command(name)
            return super().get_command(ctx, name)

        def list_commands(self, ctx):
            return sorted(set(super().list_commands(ctx)) | set(STANDALONE_COMMANDS) | set(APP_COMMANDS))

        def invoke(self, ctx):
            try:
                return super().invoke(ctx)
            except Exception as error:
                if is_missing_schema(error):
                    raise click.ClickException(UPGRADE_ADVICE) from None
                raise

    return BundlerGroup(name="bundler", create_app=create_app,
                        help="bundler: SEND Tribunal bundles, statements of case and deadlines.")


def main():
    name = sys.argv[1] if len(sys.argv) > 1 else None
    if name in STANDALONE_COMMANDS:
        load_command(name).main(sys.argv[2:], prog_name=f"bundler {name}")
    else:
        make_cli().main(prog_name="bundler")
