"""`bundler statement export`: a case's latest statement of case as .docx or PDF, from the command line."""
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ...engine.errors import InputError, ManifestError
from ...engine.manifest import validate_reference
from ...extensions import db
from ...models import AuditEvent, Case
from . import rendering, workflow

statement_cli = AppGroup("statement", help="Statements of case.")


@statement_cli.command("export")
@click.argument("reference")
@click.option("--format", "fmt", type=click.Choice(sorted(rendering.FORMATS)), default="docx", show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the file.")
def export(reference: str, fmt: str, output: Path):
    """Write the latest statement of case for the case REFERENCE (like EH936/25/01234)."""
    try:
        reference = validate_reference(reference)
    except ManifestError as exc:
        raise click.ClickException(str(exc)) from None
    case = db.session.scalar(select(Case).where(Case.reference == reference))
    if case is None:
        raise click.ClickException(f"There is no case {reference}. Check the reference on the registration letter.")
    statement = workflow.current_statement(case)
    if statement is None:
        raise click.ClickException(f"Case {reference} has no statement of case yet. Start a draft on the case's "
                                   "Statement of case page.")
    try:
        report = rendering.render_file(statement, fmt, output)
    except InputError as exc:
        raise click.ClickException(exc.reason) from None
    workflow.end_sitting(statement)
    db.session.add(AuditEvent.of("exported statement", case=case, obj=statement,
                                 detail=f"{fmt} by the command line, to {output.name}"))
    db.session.commit()
    click.echo(f"Wrote {output}: statement of case {reference}, version {statement.latest.number} "
               f"({statement.state.label.lower()}).")
    for ref in report.flagged:
        click.echo(f"Check the reference \"{ref.text}\": {ref.problem}", err=True)
