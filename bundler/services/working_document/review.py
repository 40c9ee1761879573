"""Around the hearing: the case review form's working-document answers (SEND45), the position table, and after the
decision the amended plan with the reg 44 step on the case's timetable."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docx import Document as WordDocument

from ...dates import page_date
from ...extensions import db
from ...files import save_atomically
from ...models import Case, User
from ...models.audit import utc_now
from ...models.outcomes import ComplianceStep, StepSource
from ...models.working_documents import EhcPlan, Proposal, WorkingDocument
from ...working_document import proposals as marks
from ...working_document.plan import PROVISION_HEADINGS
from ..directions.records import working_calendar
from ..outcomes import add_order_steps
from .documents import OPEN, WorkingDocumentError, as_rule, item_original, wording, working_document_for
from .plans import from_rules, to_rules


@dataclass(frozen=True)
class CaseReview:
    """What the case review form asks about the working document."""
    has_working_document: bool
    latest_version: int | None = None
    latest_date: date | None = None
    disputed: dict[str, list[str]] | None = None  # section -> item keys still disputed, in plan order

    @property
    def disputed_count(self) -> int:
        return sum(len(keys) for keys in (self.disputed or {}).values())


def case_review(case: Case) -> CaseReview:
    document = working_document_for(case)
    if document is None:
        return CaseReview(False)
    latest = document.latest
    return CaseReview(True, latest.number if latest else None, latest.created_at.date() if latest else None,
                      disputed_items(document))


def disputed_items(document: WorkingDocument) -> dict[str, list[str]]:
    open_keys = {p.item_key for p in document.proposals if p.status in OPEN}
    found: dict[str, list[str]] = {}
    for item in document.plan.items:
        if item.key in open_keys:
            found.setdefault(item.section, []).append(item.key)
    return found


def write_position_table(document: WorkingDocument, output: Path) -> Path:
    """For the hearing: each item still in dispute, the authority's and the appellant's wording, the evidence."""
    word = WordDocument()
    word.add_heading(f"Position table: {document.case.reference}", level=1)
    table = word.add_table(rows=1, cols=4, style="Table Grid")
    for cell, text in zip(table.rows[0].cells, ("Item", "Authority's wording", "Appellant's wording", "Evidence"),
                          strict=True):
        cell.text = text
    for section, keys in disputed_items(document).items():
        for key in keys:
            for field in _disputed_fields(document, key):
                label = key if field == "text" else f"{key} ({PROVISION_HEADINGS[field]})"
                evidence = sorted({d.title for p in document.proposals if p.item_key == key and p.field == field
                                   and p.status in OPEN for d in p.evidence})
                cells = table.add_row().cells
                cells[0].text = f"Section {section}, {label}"
                cells[1].text = wording(document, key, field, "la")
                cells[2].text = wording(document, key, field, "appellant")
                cells[3].text = "; ".join(evidence)
    save_atomically(word, Path(output))
    return Path(output)


def decide(proposal: Proposal, for_party: str) -> None:
    """Record the Tribunal's decision on a proposal still in dispute."""
    if proposal.status not in OPEN:
        raise WorkingDocumentError(f"This proposal is {proposal.status}; only those still in dispute are decided.")
    if for_party not in ("la", "appellant"):
        raise WorkingDocumentError("Say which side the Tribunal found for.")
    proposal.status, proposal.decided_for = "decided", for_party


def decide_and_apply(document: WorkingDocument, decided: dict[Proposal, str], order_sent: date,
                     user: User) -> tuple[EhcPlan, list[ComplianceStep]]:
    """Record which side the Tribunal found for on each proposal in dispute, then apply the decision."""
    for proposal, for_party in decided.items():
        decide(proposal, for_party)
    return apply_decision(document, order_sent, user)


def apply_decision(document: WorkingDocument, order_sent: date, user: User) -> tuple[EhcPlan, list[ComplianceStep]]:
    """The amended plan (agreed and decided wording applied) and the reg 44 step on the timetable: 5 weeks when B
    or F changes, 2 weeks for Section I alone (the periods are in bundler/rules/timetable.toml)."""
    still_open = [p for p in document.proposals if p.status in OPEN]
    if still_open:
        raise WorkingDocumentError(f"{len(still_open)} proposal(s) are still in dispute: record the Tribunal's "
                                   "decision on each first.")
    parsed = to_rules(document.plan)
    amended = from_rules(document.case, parsed, source=None, user=user, status="amended")
    changed_sections = set()
    for item in amended.items:
        applied = _applied(document, item.key, item.text if item.provision is None else None)
        if item.provision is None:
            if applied != item.text:
                item.text, changed_sections = applied, changed_sections | {item.section}
        else:
            fields = {name: _applied(document, item.key, value, name) for name, value in item.provision.items()}
            if fields != item.provision:
                item.provision, changed_sections = fields, changed_sections | {item.section}
    amended.version = f"Amended after the Tribunal's decision ({page_date(order_sent)})"
    amended.confirmed_at, amended.confirmed_by_id = utc_now(), user.id
    db.session.add(amended)
    document.amended_plan, document.decided_at = amended, utc_now()
    kind = "amend" if changed_sections - {"I"} else ("section_i" if changed_sections else None)
    steps = add_order_steps(document.case, kind, StepSource.order, order_sent, working_calendar()) if kind else []
    db.session.flush()
    return amended, steps


def write_plan(plan: EhcPlan, output: Path) -> Path:
    """The plan as a Word document: a heading per section, its items, Section F as a table where it uses one."""
    word = WordDocument()
    word.add_heading(f"Education, Health and Care Plan: {plan.case.child_name}", level=0)
    if plan.version:
        word.add_paragraph(plan.version)
    for section in to_rules(plan).sections:
        word.add_heading(f"Section {section.code}: {section.title}", level=1)
        if section.uses_table:
            table = word.add_table(rows=1, cols=len(section.provision_columns) + 1, style="Table Grid")
            for cell, name in zip(table.rows[0].cells, ("No.", *(PROVISION_HEADINGS[c] for c in
                                                                 section.provision_columns)), strict=True):
                cell.text = name
            for item in section.items:
                fields = item.fields()
                values = [item.number, *(fields.get(c, "") for c in section.provision_columns)]
                for cell, value in zip(table.add_row().cells, values, strict=True):
                    cell.text = value
            continue
        for item in section.items:
            word.add_paragraph(f"{item.number}\t{item.text}")
    save_atomically(word, Path(output))
    return Path(output)


def _applied(document: WorkingDocument, item_key: str, original: str | None, field: str = "text") -> str:
    """The field with agreed proposals and those decided for their author applied; the rest dropped."""
    if original is None:
        original = item_original(document, item_key, field)
    kept = [as_rule(p) for p in document.proposals if p.item_key == item_key and p.field == field and (
        p.status == "agreed" or (p.status == "decided" and p.decided_for == p.by))]
    return marks.rendered_text(original, kept)


def _disputed_fields(document: WorkingDocument, item_key: str) -> list[str]:
    return list(dict.fromkeys(p.field for p in document.proposals if p.item_key == item_key and p.status in OPEN))
