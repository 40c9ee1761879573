"""The `bundler` command: a Flask CLI group, so the engine and the web app share one command line."""
import click
from flask.cli import FlaskGroup

from . import create_app
from .engine.commands import build, check
from .timetable.commands import deadline


@click.group(cls=FlaskGroup, create_app=create_app)
def cli():
    """bundler: SEND Tribunal bundles, statements of case and deadlines."""


cli.add_command(deadline)
cli.add_command(build)
cli.add_command(check)


def main():
    cli()
