"""A bundle version's index: exported as .csv or .docx, and its titles edited for that version (the documents keep
their own titles). Editing an unissued version's titles builds that version again, so the PDF's index matches."""
import secrets
from pathlib import Path

from sqlalchemy import select

from .. import jobs
from ..engine.assemble import BundleReport, index_rows
from ..engine.front_matter import IndexRow
from ..engine.index_export import index_csv, index_docx
from ..engine.template import load_template
from ..extensions import db
from ..models import Case
from ..models.bundles import BundleVersion
from ..models.evidence import Document
from . import bundles

TITLE_LIMIT = 300


class IndexLocked(Exception):
    """The index cannot be changed now; the message says why."""


def version(case: Case, number: int) -> BundleVersion | None:
    return db.session.scalar(select(BundleVersion).where(BundleVersion.case_id == case.id,
                                                         BundleVersion.number == number))


def document_titles(version: BundleVersion) -> dict[int, str]:
    """Each row's document's own title (by row id), which index titles never change."""
    ids = [int(row.entry_id) for row in version.documents if row.entry_id.isdigit()]
    own = dict(db.session.execute(select(Document.id, Document.title).where(Document.id.in_(ids))).all())
    return {row.id: own[int(row.entry_id)] for row in version.documents
            if row.entry_id.isdigit() and int(row.entry_id) in own}


def rows(version: BundleVersion) -> list[IndexRow]:
    """The index exactly as the built version prints it."""
    return index_rows(load_template(), BundleReport.from_dict(version.report))


def as_csv(version: BundleVersion) -> str:
    return index_csv(rows(version))


def write_docx(version: BundleVersion, output: Path) -> None:
    index_docx(rows(version), bundles.case_details(version.case), version.bundle_date, output)


def title_errors(version: BundleVersion, titles: dict[int, str]) -> dict[int, str]:
    """An error for each document row whose new title is blank or too long (by the row's id)."""
    errors = {}
    for row in version.documents:
        title = titles.get(row.id, row.title).strip()
        if not title:
            errors[row.id] = f"Enter an index title for {row.title}"
        elif len(title) > TITLE_LIMIT:
            errors[row.id] = f"Index title must be {TITLE_LIMIT} characters or fewer"
    return errors


def change_titles(version: BundleVersion, titles: dict[int, str]) -> int:
    """Give the version's rows their new index titles and build the version again; the number changed."""
    if version.issued_on is not None:
        raise IndexLocked(f"Version {version.number} was issued to the tribunal on {version.issued_on:%d %B %Y}: "
                          "its index stays as issued. Build a new version to change titles.")
    if version.state != "built":
        raise IndexLocked(f"Version {version.number} is not built. Wait for the build, or build again.")
    if any(other.state == "building" for other in bundles.versions(version.case)):
        raise IndexLocked("A build of this bundle is running. Wait for it to finish, then change the titles.")
    changed = [row for row in version.documents if titles.get(row.id, row.title).strip() != row.title]
    for row in changed:
        row.title = titles[row.id].strip()
    if changed:
        rebuild(version)
    return len(changed)


def rebuild(version: BundleVersion) -> None:
    """Build the version again from its own rows, under a new file name (stored files are never replaced)."""
    left_out = [w for w in version.warnings if w.startswith("Not in this version")]
    version.file_name = f"case-{version.case_id}/bundle-v{version.number}-{secrets.token_hex(4)}.pdf"
    version.job = jobs.prepare("build_bundle", version.id, left_out, case_id=version.case_id)
    db.session.commit()
    jobs.send(version.job)
