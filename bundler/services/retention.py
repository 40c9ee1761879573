"""How long a closed case's documents are kept (the authority's retention policy), which closed cases are due for
review, and destroying a case's documents with a record of what went that holds no personal data."""
import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, or_, select, update

from ..dates import page_date
from ..extensions import db
from ..models import (
    AuditEvent,
    BundleVersion,
    BundleVersionDocument,
    Case,
    ComplianceStep,
    Direction,
    DirectionEvent,
    Document,
    DocumentPageText,
    EhcPlan,
    EhcPlanItem,
    EvidenceRequest,
    Job,
    Mediation,
    Outcome,
    Proposal,
    Recommendation,
    Redaction,
    ReviewComment,
    SectionNote,
    Spend,
    StatementOfCase,
    StatementVersion,
    User,
    WorkingDocument,
    WorkingDocumentVersion,
)
from ..models.audit import utc_now
from ..models.retention import RETENTION_BASES, DocumentDestruction, RetentionPolicy
from .bundles import bundle_store
from .evidence import evidence_store, preview_name, preview_store

DESTROYED = "Destroyed under the retention policy"

# What people wrote on a case, which can name the child, the family or another pupil: blanked on destruction.
# Text the rules wrote (a deadline's explanation) and the dates, states and outcome categories stay, for the
# reports.
WRITTEN_ON_THE_CASE = {
    Direction: ("evidence_note",),
    EvidenceRequest: ("details",),
    Job: ("error",),
    Mediation: ("position", "room_to_settle", "options"),
    Outcome: ("remarks",),
    Recommendation: ("text", "response"),
    ComplianceStep: ("written_record", "evidence_note", "exception_reason"),
    SectionNote: ("reason",),
    Spend: ("note",),
    StatementOfCase: ("conceded",),
}


class RetentionError(Exception):
    """What stops a destruction, in words for the administrator."""


@dataclass(frozen=True)
class ClosedCase:
    case: Case
    review_date: date

    def due(self, today: date) -> bool:
        return self.review_date <= today


def current_policy() -> RetentionPolicy:
    """The latest policy an administrator set, or the default (6 years after the child turns 25)."""
    policy = db.session.scalars(select(RetentionPolicy).order_by(RetentionPolicy.id.desc())).first()
    return policy or RetentionPolicy(basis="birthday", age=25, years=6)


def set_policy(basis: str, age: int, years: int, user: User) -> RetentionPolicy:
    if basis not in RETENTION_BASES:
        raise RetentionError("Choose what the retention period is counted from.")
    policy = RetentionPolicy(basis=basis, age=age, years=years, changed_by_id=user.id)
    db.session.add(policy)
    return policy


def _years_after(day: date, years: int) -> date:
    """The same day `years` on; 29 February becomes 28 February in a year that has none."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def review_date(case: Case, policy: RetentionPolicy) -> date | None:
    """When a closed case's documents are due for review; None while the case is open."""
    if case.closed_on is None:
        return None
    start = case.closed_on if policy.basis == "closed" else max(case.closed_on, _years_after(case.child_dob,
                                                                                            policy.age))
    return _years_after(start, policy.years)


def closed_cases() -> list[ClosedCase]:
    """Closed cases whose documents are still held, the soonest review first."""
    policy = current_policy()
    held = db.session.scalars(select(Case).where(Case.closed_on.is_not(None), Case.documents_destroyed_at.is_(None)))
    return sorted((ClosedCase(case, review_date(case, policy)) for case in held), key=lambda c: c.review_date)


def destructions() -> list[DocumentDestruction]:
    return list(db.session.scalars(select(DocumentDestruction).order_by(DocumentDestruction.destroyed_at.desc())))


def destroy_documents(case: Case, user: User, today: date) -> DocumentDestruction:
    """Remove every file the case holds (evidence as sent and as PDF, previews, redacted copies, bundles, the filed
    statement, working document versions), the text read from its pages, the titles and words that could name
    someone, the details of the case's audit events (file names, the people asked for evidence), and the child's and
    appellant's names on the case. The record keeps counts, the rule and the date; the audit events still say who
    did what to which record, and when."""
    policy = current_policy()
    due = review_date(case, policy)
    if due is None:
        raise RetentionError(f"Case {case.reference} is not closed. Record the date it closed first.")
    if due > today:
        raise RetentionError(f"Case {case.reference} is not due for review until {page_date(due)}.")
    if case.documents_destroyed_at is not None:
        raise RetentionError(f"The documents of case {case.reference} were destroyed already.")
    counts = {"evidence documents": 0, "pages of text": 0, "redacted copies": 0, "bundle versions": 0,
              "statement of case versions": 0, "working document versions": 0}
    _destroy_evidence(case, counts)
    _destroy_bundles(case, counts)
    _destroy_statement(case, counts)
    _destroy_working_document(case, counts)
    _blank_what_was_written(case)
    case.child_name, case.appellant_name, case.representative, case.school = DESTROYED, DESTROYED, "", ""
    case.documents_destroyed_at = utc_now()
    record = DocumentDestruction(case_reference=case.reference, destroyed_by_id=user.id, policy=policy.described,
                                 review_date=due, counts=counts)
    db.session.add(record)
    return record


def _shared_elsewhere(sha256: str, case: Case) -> bool:
    """Whether another case's document holds the same file (the store keeps one copy of each content)."""
    return db.session.scalar(select(Document.id).where(
        Document.case_id != case.id, or_(Document.original_sha256 == sha256, Document.pdf_sha256 == sha256))
        .limit(1)) is not None


def _destroy_file(sha256: str | None, case: Case, previews: int = 0) -> None:
    if not sha256 or _shared_elsewhere(sha256, case):
        return
    evidence_store().destroy(sha256)
    for page in range(1, previews + 1):
        preview_store().destroy_named(preview_name(sha256, page))


def _destroy_evidence(case: Case, counts: dict) -> None:
    documents = list(db.session.scalars(select(Document).where(Document.case_id == case.id)))
    for document in documents:
        for redaction in db.session.scalars(select(Redaction).where(Redaction.document_id == document.id)):
            _destroy_file(redaction.pdf_sha256, case, redaction.preview_pages)
            redaction.terms_json, redaction.boxes_json = "[]", "[]"
            counts["redacted copies"] += 1
        _destroy_file(document.original_sha256, case)
        _destroy_file(document.pdf_sha256, case, document.preview_pages)
        document.title, document.original_filename, document.author, document.note = DESTROYED, "destroyed", "", ""
        document.keep_reason, document.preview_pages = "", 0
        counts["evidence documents"] += 1
    counts["pages of text"] = len(list(db.session.scalars(
        select(DocumentPageText.id).where(DocumentPageText.case_id == case.id))))
    db.session.execute(delete(DocumentPageText).where(DocumentPageText.case_id == case.id))


def _destroy_bundles(case: Case, counts: dict) -> None:
    for version in db.session.scalars(select(BundleVersion).where(BundleVersion.case_id == case.id)):
        bundle_store().destroy_named(version.file_name)
        report = version.report
        version.report_json = json.dumps({key: report[key] for key in ("page_count", "front_matter_pages")
                                          if key in report} | {"sections": [], "warnings": []})
        counts["bundle versions"] += 1
    db.session.execute(update(BundleVersionDocument).where(BundleVersionDocument.version_id.in_(
        select(BundleVersion.id).where(BundleVersion.case_id == case.id))).values(title=DESTROYED))


def _destroy_statement(case: Case, counts: dict) -> None:
    for statement in db.session.scalars(select(StatementOfCase).where(StatementOfCase.case_id == case.id)):
        _destroy_file(statement.filed_sha256, case)
        for version in db.session.scalars(select(StatementVersion)
                                          .where(StatementVersion.statement_id == statement.id)):
            version.parts = {key: DESTROYED for key in version.parts}
            counts["statement of case versions"] += 1


def _destroy_working_document(case: Case, counts: dict) -> None:
    document = db.session.scalar(select(WorkingDocument).where(WorkingDocument.case_id == case.id))
    if document is None:
        return
    for version in db.session.scalars(select(WorkingDocumentVersion)
                                      .where(WorkingDocumentVersion.working_document_id == document.id)):
        bundle_store().destroy_named(version.file_name)
        version.snapshot, version.changes = [], []
        counts["working document versions"] += 1


def _blank_what_was_written(case: Case) -> None:
    for model, columns in WRITTEN_ON_THE_CASE.items():
        db.session.execute(update(model).where(model.case_id == case.id).values({column: "" for column in columns}))
    statements = select(StatementOfCase.id).where(StatementOfCase.case_id == case.id)
    db.session.execute(update(ReviewComment).where(ReviewComment.statement_id.in_(statements))
                       .values(body="", answer=""))
    db.session.execute(update(StatementVersion).where(StatementVersion.statement_id.in_(statements)).values(note=""))
    directions = select(Direction.id).where(Direction.case_id == case.id)
    db.session.execute(update(DirectionEvent).where(DirectionEvent.direction_id.in_(directions)).values(detail=""))
    plans = select(EhcPlan.id).where(EhcPlan.case_id == case.id)
    db.session.execute(update(EhcPlanItem).where(EhcPlanItem.plan_id.in_(plans))
                       .values(heading=None, text="", provision=None))
    documents = select(WorkingDocument.id).where(WorkingDocument.case_id == case.id)
    db.session.execute(update(Proposal).where(Proposal.working_document_id.in_(documents)).values(text=""))
    db.session.execute(update(WorkingDocumentVersion).where(WorkingDocumentVersion.working_document_id.in_(
        documents)).values(page_message="", check_override_reason=""))
    db.session.execute(update(AuditEvent).where(AuditEvent.case_id == case.id).values(detail=""))
