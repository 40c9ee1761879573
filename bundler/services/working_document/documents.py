"""The working document for a case: its proposals, the officer's actions on them, and its numbered versions
(written by the authority, or received from the appellant and read back)."""
from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ... import jobs
from ...dates import today
from ...drafting.markup import REFERENCE_TOKEN, reference_token
from ...drafting.references import ReferenceResolver
from ...extensions import db
from ...models import Case, User
from ...models.audit import utc_now
from ...models.evidence import Document
from ...models.working_documents import PARTY_LABELS, EhcPlan, Proposal, WorkingDocument, WorkingDocumentVersion
from ...storage import store_from_config
from ...working_document import proposals as marks
from ...working_document.plan import disputed_sections
from ...working_document.writer import TitleBlock, write_working_document
from ..statements.rendering import built_versions, catalogue, version_layout
from .plans import PlanError, to_rules

OTHER = {"la": "appellant", "appellant": "la"}
OPEN = ("proposed", "disputed")  # statuses still in play between the parties


class WorkingDocumentError(Exception):
    """The step cannot be taken now; the message says what to do instead."""


def is_extended(case: Case) -> bool:
    """Whether the appeal is extended to health and social care (so C, D, G, H1 and H2 are in dispute too)."""
    return case.extended


def working_document_for(case: Case) -> WorkingDocument | None:
    return db.session.scalar(select(WorkingDocument).where(WorkingDocument.case_id == case.id))


def start(case: Case, plan: EhcPlan) -> WorkingDocument:
    """The working document for the case, over the disputed sections of the confirmed plan."""
    if working_document_for(case) is not None:
        raise WorkingDocumentError("This case already has a working document.")
    if not plan.confirmed:
        raise PlanError("Confirm the imported plan first: check each section and item, correct any, and confirm.")
    present = {section["code"] for section in plan.sections}
    sections = [code for code in disputed_sections(is_extended(case)) if code in present]
    if not sections:
        raise PlanError("The plan has none of the sections a working document covers (B, F and I).")
    document = WorkingDocument(case_id=case.id, plan_id=plan.id, sections=sections)
    db.session.add(document)
    db.session.flush()
    return document


# --- proposals -------------------------------------------------------------------------------------------------

def item_original(document: WorkingDocument, item_key: str, field: str) -> str:
    item = next((i for i in document.plan.items if i.key == item_key), None)
    if item is None or item.section not in document.sections:
        raise WorkingDocumentError(f"The working document has no item {item_key}.")
    if field == "text":
        return item.text
    if item.provision is None or field not in item.provision:
        raise WorkingDocumentError(f"Item {item_key} has no field {field}.")
    return item.provision[field]


def as_rule(proposal: Proposal) -> marks.Proposal:
    return marks.Proposal(proposal.item_key, proposal.start, proposal.end, proposal.text, proposal.by,
                          proposal.status, proposal.field, proposal.decided_for)


def item_proposals(document: WorkingDocument, item_key: str, field: str | None = None) -> list[Proposal]:
    return [p for p in document.proposals if p.item_key == item_key and (field is None or p.field == field)]


def wording(document: WorkingDocument, item_key: str, field: str, party: str | None) -> str:
    """The field's wording as `party` would have it (their own and agreed proposals applied); None: the original."""
    original = item_original(document, item_key, field)
    if party is None:
        return original
    chosen = [as_rule(p) for p in item_proposals(document, item_key, field)
              if p.status != "withdrawn" and (p.by == party or p.status == "agreed")
              and not (p.status == "decided" and p.decided_for != p.by)]
    return marks.rendered_text(original, chosen)


def propose(document: WorkingDocument, item_key: str, field: str, new_wording: str, user: User,
            by: str = "la", counter_to: Proposal | None = None) -> Proposal:
    """The officer's wording for a field, as one proposal over the span that differs from the original. Their own
    earlier proposals over that span give way to it; another side's open proposal there needs a counter-proposal."""
    original = item_original(document, item_key, field)
    start, end, text = _changed_span(original, new_wording.strip())
    if counter_to is not None:  # shown beside the other side's wording, after its span
        start = end = counter_to.end
        text = new_wording.strip() + (" " if original[end:end + 1].isalnum() else "")
    elif start == end and not text:
        raise WorkingDocumentError("The wording is the same as the plan's; change it to propose something.")
    for other in item_proposals(document, item_key, field):
        if other.status == "withdrawn" or not _overlaps(other, start, end) or other is counter_to:
            continue
        if other.status in ("agreed", "decided"):
            raise WorkingDocumentError(f"Part of that wording is already {other.status}; propose a change to a "
                                       "different part, or undo the agreement first.")
        if other.by == by:
            other.status = "withdrawn"
        elif counter_to is None:
            raise WorkingDocumentError("The other side has a proposal on that wording: accept it, reject it or "
                                       "counter-propose on it.")
    proposal = Proposal(working_document_id=document.id, item_key=item_key, field=field, start=start, end=end,
                        text=text, by=by, created_by_id=user.id, counter_to_id=counter_to.id if counter_to else None)
    document.proposals.append(proposal)
    _check_renders(document, item_key, field)
    db.session.flush()
    return proposal


def counter_propose(proposal: Proposal, new_wording: str, user: User) -> Proposal:
    """The authority's own wording beside the appellant's: theirs becomes disputed."""
    _require_other_side(proposal, "counter-propose on")
    if not new_wording.strip():
        raise WorkingDocumentError("Enter the wording the authority proposes instead.")
    proposal.status = "disputed"
    return propose(proposal.working_document, proposal.item_key, proposal.field, new_wording, user,
                   counter_to=proposal)


def accept(proposal: Proposal) -> None:
    """The other side's proposal (or one their file newly marked agreed) becomes agreed."""
    if proposal.pending_agreement_version is None:
        _require_other_side(proposal, "accept")
    if proposal.status not in OPEN:
        raise WorkingDocumentError(f"This proposal is {proposal.status}; only open proposals can be accepted.")
    proposal.status, proposal.pending_agreement_version = "agreed", None


def reject(proposal: Proposal) -> None:
    """It stays theirs, disputed."""
    _require_other_side(proposal, "reject")
    if proposal.status not in OPEN:
        raise WorkingDocumentError(f"This proposal is {proposal.status}; only open proposals can be rejected.")
    proposal.status, proposal.pending_agreement_version = "disputed", None


def undo_agreement(proposal: Proposal) -> None:
    """The other side marked this agreed in their file; the authority does not agree. It stays as it was."""
    if proposal.pending_agreement_version is None:
        raise WorkingDocumentError("This proposal is not waiting for an agreement to be confirmed.")
    proposal.pending_agreement_version = None
    if proposal.by == "appellant" and proposal.status == "proposed":
        proposal.status = "disputed"


def withdraw(proposal: Proposal) -> None:
    if proposal.by != "la":
        raise WorkingDocumentError("Only the authority's own proposals can be withdrawn here.")
    if proposal.status not in OPEN:
        raise WorkingDocumentError(f"This proposal is {proposal.status}; it cannot be withdrawn.")
    proposal.status = "withdrawn"


def attach_evidence(proposal: Proposal, document: Document) -> None:
    if document.case_id != proposal.working_document.case_id:
        raise WorkingDocumentError("That document is not on this case.")
    if document not in proposal.evidence:
        proposal.evidence.append(document)


def pending_agreements(document: WorkingDocument) -> list[Proposal]:
    return [p for p in document.proposals if p.pending_agreement_version is not None]


def _require_other_side(proposal: Proposal, action: str) -> None:
    if proposal.by != "appellant":
        raise WorkingDocumentError(f"Only the appellant's proposals can be {action.split()[0]}ed here; "
                                   "withdraw the authority's own instead.")


def _overlaps(proposal: Proposal, start: int, end: int) -> bool:
    """Whether the two spans share words (an insertion overlaps a span it falls strictly inside, or another
    insertion at the same point)."""
    if proposal.start == proposal.end and start == end:
        return proposal.start == start
    if proposal.start == proposal.end:
        return start < proposal.start < end
    if start == end:
        return proposal.start < start < proposal.end
    return proposal.start < end and start < proposal.end


def _changed_span(original: str, new: str) -> tuple[int, int, str]:
    """The span of `original` that `new` changes, widened to whole words (so "once" to "twice" reads as that,
    not "on" to "twi")."""
    prefix = 0
    while prefix < min(len(original), len(new)) and original[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(original), len(new)) - prefix and original[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    while prefix and original[prefix - 1].isalnum() and (_alnum_at(original, prefix) or _alnum_at(new, prefix)):
        prefix -= 1
    while suffix and original[-suffix].isalnum() and (_alnum_at(original, len(original) - suffix - 1)
                                                      or _alnum_at(new, len(new) - suffix - 1)):
        suffix -= 1
    return prefix, len(original) - suffix, new[prefix:len(new) - suffix]


def _alnum_at(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isalnum()


def _check_renders(document: WorkingDocument, item_key: str, field: str) -> None:
    try:
        marks.render_segments(item_original(document, item_key, field),
                              [as_rule(p) for p in item_proposals(document, item_key, field)])
    except ValueError:
        raise WorkingDocumentError("That change overlaps another proposal on the same words; change a different "
                                   "part, or deal with the other proposal first.") from None


# --- writing versions ------------------------------------------------------------------------------------------

def snapshot(document: WorkingDocument) -> list[dict]:
    return [{"id": p.id, "item_key": p.item_key, "field": p.field, "start": p.start, "end": p.end, "text": p.text,
             "by": p.by, "status": p.status, "decided_for": p.decided_for, "evidence": [d.id for d in p.evidence]}
            for p in document.proposals]


def written_proposals(rows: list[dict]) -> list[marks.Proposal]:
    """The proposals as the writer takes them, each citing its evidence with `[[doc:N]]` (a real footnote)."""
    written = []
    for row in rows:
        tokens = "".join(reference_token(str(doc)) for doc in row["evidence"])
        proposal = marks.Proposal(row["item_key"], row["start"], row["end"], row["text"], row["by"], row["status"],
                                  row["field"], row["decided_for"])
        if not tokens or not proposal.shown:
            written.append(proposal)
        elif proposal.text:
            written.append(marks.Proposal(**{**proposal.__dict__, "text": proposal.text + tokens}))
        else:  # a deletion cites its evidence from an empty insertion straight after it
            written += [proposal, marks.Proposal(**{**proposal.__dict__, "start": proposal.end, "text": tokens})]
    return written


def latest_resolver(case: Case) -> ReferenceResolver:
    """Footnotes read like the statement's references: pages of the latest built bundle."""
    versions = built_versions(case)
    layout = version_layout(versions[0]) if versions else None
    return ReferenceResolver(layout, layout, catalogue(case))


def write_file(document: WorkingDocument, rows: list[dict], number: int, dated: date, prepared_by: str,
               output: Path, resolver: ReferenceResolver):
    case = document.case
    title = TitleBlock(case.reference, case.child_name, number, prepared_by, dated)
    return write_working_document(to_rules(document.plan), written_proposals(rows), output, title=title,
                                  resolve=resolver.resolve, sections=document.sections)


def prepared_by() -> str:
    return current_app.config["AUTHORITY_NAME"]


def write_version(document: WorkingDocument, user: User) -> WorkingDocumentVersion:
    """Version N+1 from the proposals as they stand, kept in the store, and its page check queued."""
    if pending_agreements(document):
        raise WorkingDocumentError("Accept or undo each change the other side marked as agreed before writing "
                                   "the next version.")
    number = len(document.versions) + 1
    rows = snapshot(document)
    with tempfile.TemporaryDirectory(prefix="working-document-") as work:
        output = Path(work) / "working-document.docx"
        write_file(document, rows, number, today(), prepared_by(), output, latest_resolver(document.case))
        version = keep_file(document, number, "la", output, user)
    version.snapshot = rows
    for proposal in document.proposals:
        proposal.first_version = proposal.first_version or number
    db.session.flush()
    version.page_check_job = jobs.prepare("check_working_document", version.id, case_id=document.case_id)
    return version


def keep_file(document: WorkingDocument, number: int, sent_by: str, path: Path, user: User) -> WorkingDocumentVersion:
    name = f"case-{document.case_id}/working-document-v{number}.docx"
    file_store().keep(name, path)
    version = WorkingDocumentVersion(number=number, sent_by=sent_by, created_by_id=user.id, file_name=name,
                                     sha256=hashlib.sha256(Path(path).read_bytes()).hexdigest())
    document.versions.append(version)
    return version


def file_store():
    """Versions are kept beside the built bundles (a folder, or the bucket's bundles/ prefix)."""
    return store_from_config(current_app.config, "bundles")


def version_file(version: WorkingDocumentVersion) -> Path:
    return file_store().fetch(version.file_name)


def download_name(version: WorkingDocumentVersion) -> str:
    reference = version.working_document.case.reference.replace("/", "-")
    return f"working-document-{reference}-v{version.number}.docx"


@jobs.job("check_working_document", queue=jobs.CONVERSIONS)
def run_page_check(progress, version_id: int) -> None:
    """Render the version through LibreOffice and count its pages (the Tribunal's limit is 25 A4 pages)."""
    from ...working_document.page_check import check_pages

    version = db.session.get(WorkingDocumentVersion, version_id)
    progress(0, 1)
    result = check_pages(version_file(version))
    version.page_count, version.page_message = result.pages, result.message()
    progress(1, 1)
    db.session.commit()


@dataclass(frozen=True)
class Readiness:
    ready: bool
    reasons: list[str]


def readiness(version: WorkingDocumentVersion) -> Readiness:
    """Whether an authority version may be marked ready to send: checked, and within 25 pages."""
    from ...working_document.page_check import PAGE_LIMIT

    reasons = []
    if version.sent_by != "la":
        reasons.append("This version came from the appellant; write the authority's next version to send.")
    elif version.page_count is None:
        job = version.page_check_job
        reasons.append(f"The page check failed: {job.error}" if job is not None and job.state == "failed"
                       else "The page check is still running. Wait for it to finish.")
    elif version.page_count > PAGE_LIMIT:
        reasons.append(version.page_message)
    if version is not version.working_document.latest:
        reasons.append(f"Version {version.number} is not the latest; send the latest version.")
    return Readiness(not reasons, reasons)


def mark_sent(version: WorkingDocumentVersion, override_reason: str = "") -> None:
    """Record that the version was sent; refused over 25 pages or unchecked (plan checks are the caller's)."""
    state = readiness(version)
    if not state.ready:
        raise WorkingDocumentError(" ".join(state.reasons))
    version.sent_at, version.check_override_reason = utc_now(), override_reason.strip()


def mark_final(version: WorkingDocumentVersion) -> None:
    """The agreed final version, which goes into section C of the next bundle build."""
    if version.sent_by == "la" and version.sent_at is None:
        raise WorkingDocumentError("Send this version first: the final version is one both sides have seen.")
    for other in version.working_document.versions:
        other.final = other is version


def party_label(party: str) -> str:
    return PARTY_LABELS[party]


def strip_tokens(text: str) -> str:
    return REFERENCE_TOKEN.sub("", text)
