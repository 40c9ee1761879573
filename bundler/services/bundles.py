"""Bundles for a case: the manifest the engine builds from, background builds into numbered versions, what
changed between versions, and issuing a version to the tribunal."""
import json
import re
import tempfile
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select, update

from .. import jobs
from ..dates import index_date
from ..engine.assemble import build_bundle, build_supplement
from ..engine.check import check_bundle
from ..engine.manifest import CaseDetails, DocumentEntry, Manifest
from ..engine.manifest import SectionNote as NoteEntry
from ..extensions import db
from ..models import Case, CaseStatus, User
from ..models.bundles import BundleVersion, BundleVersionDocument
from ..models.evidence import Document, SectionNote
from ..storage import store_from_config
from . import redaction
from .evidence import case_documents, evidence_store
from .statements.bundling import with_approved_statement
from .working_document.bundling import with_final_working_document


class BuildBlocked(Exception):
    """The bundle cannot be built yet; the message says what to do first."""


class NotIssuable(Exception):
    """The version cannot be recorded as issued; the message says what to do first."""


def section_notes(case: Case) -> dict[str, SectionNote]:
    return {note.section: note for note in db.session.scalars(
        select(SectionNote).where(SectionNote.case_id == case.id))}


def save_section_note(case: Case, section: str, reason: str, send7_made: bool, send7_date: date | None) -> None:
    """The officer's reason for a section over its limit, and whether (and when) SEND7 was asked for."""
    note = section_notes(case).get(section) or SectionNote(case_id=case.id, section=section)
    note.reason, note.send7_made, note.send7_date = reason, send7_made, send7_date if send7_made else None
    db.session.add(note)


def _note_entries(case: Case) -> dict[str, NoteEntry]:
    return {key: NoteEntry(note.reason, note.send7_made, note.send7_date)
            for key, note in section_notes(case).items()}


def over_limit(version: BundleVersion) -> list[dict]:
    """The version's sections over their page limit, each saying whether its note is still to be written."""
    waiting = set(version.report.get("note_placeholders", []))
    return [section | {"note_waiting": section["key"] in waiting}
            for section in version.report.get("sections", []) if section["overrun"]]


def document_entry(document: Document) -> DocumentEntry:
    """The document as the bundle takes it: its redacted copy when it has one."""
    return DocumentEntry(section=document.section, title=document.title, date=document.document_date,
                         file=evidence_store().local_path(redaction.bundle_pdf(document)), id=str(document.id),
                         keep_here=document.keep_reason if document.keep_position else "")


def evidence_manifest(case: Case) -> Manifest:
    """The case's accepted, converted documents in the officer's order: quick, so a request can check it."""
    if case.hearing_date is None:
        raise BuildBlocked("Enter the hearing date on the case: the bundle's cover and every page show it.")
    documents = case_documents(case)
    waiting = [d.title for d in documents if d.status == "converting"]
    if waiting:
        raise BuildBlocked(f"Wait for {len(waiting)} document(s) to finish converting ({', '.join(waiting)}), "
                           "then build again.")
    redacting = [d.title for d in documents if redaction.running(d) is not None]
    if redacting:
        raise BuildBlocked(f"Wait for the redaction of {', '.join(redacting)} to finish, then build again: the "
                           "bundle must use the redacted copy.")
    undated = [d.title for d in documents if d.document_date is None]
    if undated:
        raise BuildBlocked(f"Enter the date of {len(undated)} document(s) ({', '.join(undated)}): no date was found "
                           "in them, and the bundle's index and bookmarks give each document's date.")
    entries = [document_entry(d) for d in documents if d.status == "ready"]
    if not entries:
        raise BuildBlocked("Upload at least one document before building the bundle.")
    return Manifest(case=case_details(case), documents=tuple(entries), notes=_note_entries(case))


def case_details(case: Case) -> CaseDetails:
    return CaseDetails(reference=case.reference, child=case.child_name, appellant=case.appellant_name,
                       authority=current_app.config["AUTHORITY_NAME"], appeal_type=case.appeal_type,
                       hearing_date=case.hearing_date, extended=tuple(case.extended_sections or ()))


def version_manifest(version: BundleVersion, sections: tuple[str, ...] | None = None) -> Manifest:
    """The manifest a version was recorded with, from its document rows (those in `sections`, if given): what
    its build job builds."""
    entries = []
    for row in version.documents:
        if sections is not None and row.section not in sections:
            continue
        document = db.session.get(Document, int(row.entry_id)) if row.entry_id.isdigit() else None
        if document is not None:  # rows the job itself added (the statement) it adds again
            entries.append(replace(document_entry(document), section=row.section, title=row.title))
    return Manifest(case=case_details(version.case), documents=tuple(entries), notes=_note_entries(version.case))


def versions(case: Case) -> list[BundleVersion]:
    return db.session.scalars(select(BundleVersion).where(BundleVersion.case_id == case.id)
                              .order_by(BundleVersion.number.desc())).all()


def bundle_store():
    return store_from_config(current_app.config, "bundles")


def bundle_path(version: BundleVersion) -> Path:
    """The built bundle on local disk (from the store's cache when the store is a bucket)."""
    return bundle_store().fetch(version.file_name)


LATE = "late_evidence"  # the section of a supplementary part's documents in a version's rows
LATE_CHOICES = {"supplement": "Late evidence added as a supplementary part at the end",
                "reissue": "Re-issued in full"}


def issued_version(case: Case) -> BundleVersion | None:
    """The latest version recorded as issued to the tribunal, which later builds must not silently renumber."""
    return next((v for v in versions(case) if v.issued_on is not None and v.state == "built"), None)


def late_title(version: BundleVersion) -> str:
    return f"Late evidence admitted by direction of {index_date(version.direction_date)}"


def start_build(case: Case, user: User, bundle_date: date, late_choice: str = "",
                direction_date: date | None = None) -> BundleVersion:
    """Record a new version with its documents and queue the build; the request never builds. After a version
    was issued the officer chooses: late evidence in a supplementary part, or a full re-issue."""
    # A write to the case row first: it locks the row (PostgreSQL) or the database (SQLite) until this commits, so
    # a second Build pressed at the same moment waits here, then finds this build running.
    db.session.execute(update(Case).where(Case.id == case.id).values(reference=Case.reference)
                       .execution_options(synchronize_session=False))
    if any(version.state == "building" for version in versions(case)):
        raise BuildBlocked("A build of this bundle is already running. Wait for it to finish.")
    manifest = evidence_manifest(case)
    issued = issued_version(case)
    if issued is not None and late_choice not in LATE_CHOICES:
        raise BuildBlocked(f"Version {issued.number} was issued to the tribunal on {index_date(issued.issued_on)}. "
                           "Choose whether new documents go in a supplementary part at the end, so its page "
                           "numbers stay right, or the whole bundle is re-issued.")
    number = (db.session.scalar(select(func.max(BundleVersion.number))
                                .where(BundleVersion.case_id == case.id)) or 0) + 1
    version = BundleVersion(case_id=case.id, number=number, built_by_id=user.id, bundle_date=bundle_date,
                            file_name=f"case-{case.id}/bundle-v{number}.pdf")
    if issued is not None:
        version.late_choice, version.base_version = late_choice, issued
    if late_choice == "supplement":
        version.documents = _supplement_rows(issued, manifest, direction_date)
        version.direction_date = direction_date
    else:
        version.documents = [BundleVersionDocument(entry_id=entry.id, order=order, section=entry.section,
                                                   title=entry.title)
                             for order, entry in enumerate(manifest.documents)]
    db.session.add(version)
    db.session.flush()
    left_out = [f"Not in this version: '{d.title}' could not be converted ({d.conversion_job.error})"
                for d in case_documents(case) if d.status == "failed"]
    # One commit for the version and its job, so a Build pressed meanwhile never sees the version without its job.
    version.job = jobs.prepare("build_bundle", version.id, left_out, case_id=case.id)
    db.session.commit()
    jobs.send(version.job)
    return version


def _supplement_rows(issued: BundleVersion, manifest: Manifest,
                     direction_date: date | None) -> list[BundleVersionDocument]:
    """The issued version's rows as they were (same pages), then the documents it did not have, as late."""
    if direction_date is None:
        raise BuildBlocked("Enter the date of the direction that admitted the late evidence: the supplementary "
                           "part is titled with it.")
    known = {row.entry_id for row in issued.documents}
    late = [entry for entry in manifest.documents if entry.id not in known]
    if not late:
        raise BuildBlocked(f"Every document is already in version {issued.number} as issued, so there is no late "
                           "evidence to add. Upload it first, or re-issue the bundle.")
    rows = [BundleVersionDocument(entry_id=row.entry_id, order=row.order, section=row.section, title=row.title,
                                  first_page=row.first_page, last_page=row.last_page) for row in issued.documents]
    return rows + [BundleVersionDocument(entry_id=entry.id, order=len(rows) + n, section=LATE, title=entry.title)
                   for n, entry in enumerate(late)]


@jobs.job("build_bundle", queue=jobs.BUILDS)
def run_build(progress, version_id: int, left_out: list[str]) -> None:
    """The background job: build with the engine, check the file with `bundler check`'s rules, then keep its
    report (with the documents left out, which failed to convert) and where each document landed. Run again
    after a lost worker, it builds the same file."""
    version = db.session.get(BundleVersion, version_id)
    with tempfile.TemporaryDirectory() as work:
        output = Path(work) / "bundle.pdf"
        if version.late_choice == "supplement":
            manifest = version_manifest(version, sections=(LATE,))
            report = build_supplement(bundle_path(version.base_version), manifest, output,
                                      title=late_title(version), progress=progress)
        else:
            # The statement and the working document are LibreOffice work: here in the job, not the request.
            manifest = with_final_working_document(
                version.case, version_manifest(version), Path(work),
                add_others=lambda base: with_approved_statement(version.case, base, Path(work)))
            _record_added_entries(version, manifest)
            report = build_bundle(manifest, output, bundle_date=version.bundle_date, progress=progress)
        version.size = output.stat().st_size
        checks = check_bundle(output, manifest)
        bundle_store().keep(version.file_name, output)
    landed = {document.id: document for section in report.sections for document in section.documents}
    for row in version.documents:
        placed = landed.get(row.entry_id)
        if placed is not None:
            row.first_page, row.last_page = placed.first_page, placed.last_page
    version.page_count = report.page_count
    report.warnings.extend(left_out)
    version.report_json = json.dumps(report.to_dict() | {"checks": [asdict(check) for check in checks]},
                                     default=str)
    db.session.commit()


def _record_added_entries(version: BundleVersion, manifest: Manifest) -> None:
    """The statement joins the manifest in the job: record it among the version's documents too."""
    known = {row.entry_id for row in version.documents}
    added = [entry for entry in manifest.documents if entry.id not in known]
    version.documents.extend(BundleVersionDocument(entry_id=entry.id, order=len(known) + n, section=entry.section,
                                                   title=entry.title) for n, entry in enumerate(added))


@dataclass(frozen=True)
class Moved:
    title: str
    was: int
    now: int


@dataclass(frozen=True)
class Changes:
    previous: BundleVersion | None
    added: list[BundleVersionDocument]
    removed: list[BundleVersionDocument]
    moved: list[Moved]
    redrafted: list[BundleVersionDocument] = field(default_factory=list)  # a new version of a document we write

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.moved or self.redrafted)


# The documents the product writes (the statement of case, the working document) carry their version's id in the
# entry id ("statement-4", "working-document-9"); a re-draft is the same document in the bundle, not a new one.
_WRITTEN = re.compile(r"^(statement|working-document)-\d+")


def _same_document(entry_id: str) -> str:
    return _WRITTEN.sub(r"\1", entry_id)


def changes(version: BundleVersion) -> Changes:
    """What changed since the previous built version (or, built after an issue, since the issued version):
    documents added or removed, re-drafted (a statement or working document we write, in a new version), and first
    pages that moved."""
    previous = version.base_version or next(
        (v for v in versions(version.case) if v.number < version.number and v.state == "built"), None)
    if previous is None:
        return Changes(None, [], [], [])
    before = {_same_document(row.entry_id): row for row in previous.documents}
    after = {_same_document(row.entry_id): row for row in version.documents}
    moved = [Moved(row.title, before[key].first_page, row.first_page) for key, row in after.items()
             if key in before and before[key].first_page != row.first_page]
    redrafted = [row for key, row in after.items() if key in before and before[key].entry_id != row.entry_id]
    return Changes(previous, [row for key, row in after.items() if key not in before],
                   [row for key, row in before.items() if key not in after], moved, redrafted)


def issue(version: BundleVersion, issued_on: date, user: User) -> None:
    """Record that this version went to the tribunal on `issued_on`; refused while its accompanying note
    still holds a placeholder, which the tribunal would read as it stands."""
    waiting = [section["letter"] for section in over_limit(version) if section["note_waiting"]]
    if waiting:
        raise NotIssuable(f"The accompanying note for section{'s' if len(waiting) > 1 else ''} "
                          f"{', '.join(waiting)} still has a placeholder. Write the reason and say whether a "
                          "request for change (SEND7) was made, then build again and issue the new version.")
    version.issued_on, version.issued_by_id = issued_on, user.id
    if version.case.status in (CaseStatus.registered, CaseStatus.preparing):
        version.case.status = CaseStatus.bundle_issued
