"""`bundler working-document read|check`: plain click commands, no app or database needed. `export`, which reads a
case from the database, is listed in bundler/cli.py and loaded only when it is called."""
import json
from importlib import import_module
from pathlib import Path

import click

from ..engine.errors import BundleError


class _Group(click.Group):
    """Adds the subcommands bundler/cli.py lists for this group, importing each only when it is called."""
    def lazy(self) -> dict[str, str]:
        from ..cli import SUBCOMMANDS

        return SUBCOMMANDS.get(self.name, {})

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *self.lazy()})

    def get_command(self, ctx, name):
        if name in self.lazy():
            module, attribute = self.lazy()[name].split(":")
            return getattr(import_module(module), attribute)
        return super().get_command(ctx, name)


@click.group("working-document", cls=_Group)
def working_document():
    """The working document: read a returned .docx, check its length, export a case's latest version."""


@working_document.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the segments as a JSON list.")
def read(file: Path, as_json: bool):
    """Classify FILE.docx's text into the typographic key's marks, by section."""
    from .reader import WorkingDocumentRefused, read_working_document, segments_as_json

    try:
        segments = segments_as_json(read_working_document(file))
    except WorkingDocumentRefused as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(segments, ensure_ascii=False, indent=2))
        return
    for segment in segments:
        click.echo(f"{segment['section'] or '-'}\t{segment['mark']}\t{segment['text']}")


@working_document.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check(file: Path):
    """Render FILE.docx and count its pages; exit status 1 over the 25-page limit."""
    from .page_check import check_pages

    try:
        result = check_pages(file)
    except BundleError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{file.name}: {result.message()}")
    if not result.passed:
        raise click.exceptions.Exit(1)
