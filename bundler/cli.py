"""The `bundler` command: a Flask CLI group, so the engine and the web app share one command line."""
import click
from flask.cli import FlaskGroup

from . import create_app
from .demo import demo_command
from .engine.commands import build, check
from .timetable.commands import deadline
from .web.statements.commands import statement_cli


@click.group(cls=FlaskGroup, create_app=create_app)
def cli():
    """bundler: SEND Tribunal bundles, statements of case and deadlines."""


cli.add_command(deadline)
cli.add_command(build)
cli.add_command(check)
cli.add_command(demo_command)
cli.add_command(statement_cli)


def main():
    cli()
