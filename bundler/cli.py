"""The `bundler` command: a Flask CLI group, so the engine and the web app share one command line."""
import click
from flask.cli import FlaskGroup

from . import create_app


@click.group(cls=FlaskGroup, create_app=create_app)
def cli():
    """bundler: SEND Tribunal bundles, statements of case and deadlines."""


def main():
    cli()
