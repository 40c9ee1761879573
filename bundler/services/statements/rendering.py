"""A statement's references resolved against the case's bundles, and its .docx and PDF files."""
from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ...drafting.docx_writer import RenderReport
from ...drafting.markup import referenced_keys
from ...drafting.output import write_statement_docx, write_statement_pdf
from ...drafting.references import (
    BundleLayout,
    Catalogue,
    DocumentPlace,
    ReferenceResolver,
    ResolvedReference,
    UnpagedResolver,
    as_date,
)
from ...engine.errors import InputError
from ...extensions import db
from ...models import Case
from ...models.bundles import BundleVersion
from ...models.statements import StatementOfCase, StatementVersion
from ..evidence import case_documents, evidence_store

FORMATS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "pdf": "application/pdf"}


def built_versions(case: Case) -> list[BundleVersion]:
    versions = db.session.scalars(select(BundleVersion).where(BundleVersion.case_id == case.id)
                                  .order_by(BundleVersion.number.desc()))
    return [version for version in versions if version.state == "built"]


def version_layout(version: BundleVersion) -> BundleLayout:
    """Where each document landed in a built version (its date comes from the version's engine report)."""
    dates = {str(doc["id"]): doc["date"] for section in version.report.get("sections", [])
             for doc in section.get("documents", []) if doc.get("id") is not None}
    return BundleLayout({row.entry_id: DocumentPlace(row.title, as_date(dates.get(row.entry_id)), row.first_page,
                                                     row.last_page)
                         for row in version.documents}, version.number)


def catalogue(case: Case) -> Catalogue:
    return Catalogue({str(doc.id): (doc.title, doc.document_date) for doc in case_documents(case)})


def resolver_for(statement: StatementOfCase) -> ReferenceResolver | UnpagedResolver:
    """Against the latest built bundle; an approved statement is checked against the bundle it was approved with;
    a filed one cites documents as it was filed, by title and date (its bundle pages go in the annotated copy)."""
    if statement.filed:
        return UnpagedResolver(catalogue(statement.case))
    versions = built_versions(statement.case)
    latest = version_layout(versions[0]) if versions else None
    layout = latest
    if statement.locked and statement.approved_bundle_version is not None:
        approved_with = [v for v in versions if v.number == statement.approved_bundle_version]
        layout = version_layout(approved_with[0]) if approved_with else latest
    return ReferenceResolver(layout, latest, catalogue(statement.case))


def latest_bundle_number(case: Case) -> int | None:
    versions = built_versions(case)
    return versions[0].number if versions else None


@dataclass(frozen=True)
class PartReferences:
    key: str
    references: tuple[ResolvedReference, ...]


def check_references(version: StatementVersion, resolver: ReferenceResolver) -> list[PartReferences]:
    """Each part's references as they will read, for the writer and the reviewer to check before approval."""
    return [PartReferences(key, tuple(resolver.resolve(ref) for ref in referenced_keys(text)))
            for key, text in version.parts.items() if referenced_keys(text)]


def authority() -> str:
    """The authority, as the author of its documents."""
    return current_app.config["AUTHORITY_NAME"]


def statement_title(statement: StatementOfCase) -> str:
    if statement.is_notice:
        return f"Notice that the local authority does not oppose the appeal (regulation 45), {statement.case.reference}"
    return f"Response of the local authority, {statement.case.reference}"


def download_name(statement: StatementOfCase, fmt: str) -> str:
    reference = statement.case.reference.replace("/", "-").replace(" ", "")
    return f"statement-of-case-{reference}-v{statement.latest.number}.{fmt}"


def filed_pdf(statement: StatementOfCase) -> Path:
    """The filed PDF, from the store, checked against the hash recorded when it was filed."""
    path = evidence_store().local_path(statement.filed_sha256)
    if sha256_of(path) != statement.filed_sha256:
        raise InputError(path.name, "The filed copy of the statement does not match the copy recorded when it was "
                                    "filed. Ask an administrator to restore it from the backup.")
    return path


def render_file(statement: StatementOfCase, fmt: str, output: Path,
                resolver: ReferenceResolver | None = None) -> RenderReport:
    """Write the statement's latest version as .docx or PDF (the PDF made from the .docx). A filed statement's
    PDF is the very file that was filed."""
    if fmt == "pdf" and statement.filed and resolver is None:
        shutil.copyfile(filed_pdf(statement), output)
        return RenderReport(())
    writer = write_statement_pdf if fmt == "pdf" else write_statement_docx
    return writer(statement.latest.parts, resolver or resolver_for(statement), output,
                  title=statement_title(statement), author=authority())


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def render_to_temp(statement: StatementOfCase, fmt: str) -> Path:
    """A temporary file the caller sends and then deletes."""
    handle = tempfile.NamedTemporaryFile(prefix="statement-", suffix=f".{fmt}", delete=False)
    handle.close()
    render_file(statement, fmt, Path(handle.name))
    return Path(handle.name)
