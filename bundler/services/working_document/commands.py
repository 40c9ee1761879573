"""`bundler working-document export REFERENCE -o FILE.docx`: the case's latest working document version."""
import shutil
from pathlib import Path

import click
from sqlalchemy import select

from ...engine.errors import ManifestError
from ...engine.manifest import validate_reference


@click.command("export")
@click.argument("reference")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the .docx.")
def export(reference: str, output: Path):
    """Write the latest working document version of the case REFERENCE (like EH936/25/01234)."""
    from ... import create_app

    try:
        reference = validate_reference(reference)
    except ManifestError as exc:
        raise click.ClickException(str(exc)) from None
    app = create_app()
    with app.app_context():
        _export(reference, output)


def _export(reference: str, output: Path) -> None:
    from ...dates import page_date
    from ...extensions import db
    from ...models import AuditEvent, Case
    from .documents import version_file, working_document_for

    case = db.session.scalar(select(Case).where(Case.reference == reference))
    if case is None:
        raise click.ClickException(f"There is no case {reference}. Check the reference on the registration letter.")
    document = working_document_for(case)
    if document is None or document.latest is None:
        raise click.ClickException(f"Case {reference} has no working document version yet. Write one on the "
                                   "case's Working document page.")
    version = document.latest
    output.parent.mkdir(parents=True, exist_ok=True)
    temp = output.with_name(f".{output.name}.part")
    shutil.copyfile(version_file(version), temp)
    temp.replace(output)
    db.session.add(AuditEvent.of("exported working document", case=case, obj=version,
                                 detail=f"version {version.number} by the command line"))
    db.session.commit()
    sender = "the authority" if version.sent_by == "la" else "the appellant"
    click.echo(f"Wrote {output}: working document {reference}, version {version.number} (from {sender}, "
               f"{page_date(version.created_at)}).")
