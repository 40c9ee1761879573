"""A case's EHC plan as data: imported from the authority's .docx (an evidence document), confirmed or corrected
by the officer, and turned into the rules layer's plan for writing, reading and checking."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date

from sqlalchemy import select

from ...extensions import db
from ...models import Case, User
from ...models.audit import utc_now
from ...models.evidence import Document
from ...models.working_documents import EhcPlan, EhcPlanItem
from ...working_document import plan as rules
from ...working_document.plan_import import PlanImportError, import_plan
from ..evidence import evidence_store


class PlanError(Exception):
    """The plan cannot be imported or changed as asked; the message says what to do."""


def case_plans(case: Case) -> list[EhcPlan]:
    return list(db.session.scalars(select(EhcPlan).where(EhcPlan.case_id == case.id).order_by(EhcPlan.id.desc())))


def current_plan(case: Case) -> EhcPlan | None:
    """The newest confirmed plan that is not the amended one made after the decision."""
    return next((plan for plan in case_plans(case) if plan.confirmed and plan.status != "amended"), None)


def plan_documents(case: Case) -> list[Document]:
    """The case's Word documents that could be the plan."""
    from ..evidence import case_documents

    return [d for d in case_documents(case) if d.original_filename.lower().endswith(".docx")]


def import_from_document(case: Case, document: Document, user: User) -> EhcPlan:
    """Read the plan from an evidence document's original .docx (the stored file is only read); the result waits
    for the officer to confirm it."""
    if document.case_id != case.id:
        raise PlanError("That document is not on this case.")
    if not document.original_filename.lower().endswith(".docx"):
        raise PlanError(f"'{document.title}' is not a Word .docx file. Upload the plan as the .docx the "
                        "authority issued, then import it.")
    path = evidence_store().local_path(document.original_sha256)
    try:
        parsed = import_plan(path)
    except PlanImportError as exc:
        raise PlanError(str(exc).replace(path.name, f"'{document.title}'")) from None
    plan = from_rules(case, parsed, source=document, user=user)
    db.session.add(plan)
    db.session.flush()
    return plan


def from_rules(case: Case, parsed: rules.EhcPlan, *, source: Document | None, user: User | None,
               status: str = "final") -> EhcPlan:
    plan = EhcPlan(case_id=case.id, version=parsed.version, issued=parsed.issued, status=status,
                   source_document_id=source.id if source else None, created_by_id=user.id if user else None,
                   sections=[{"code": s.code, "title": s.title, "columns": list(s.provision_columns)}
                             for s in parsed.sections])
    position = 0
    for section in parsed.sections:
        for item in section.items:
            position += 1
            plan.items.append(EhcPlanItem(section=section.code, key=item.key, number=item.number,
                                          position=position, heading=item.heading, text=item.text,
                                          provision=asdict(item.provision) if item.provision else None))
    return plan


def to_rules(plan: EhcPlan) -> rules.EhcPlan:
    """The rules layer's plan, for the writer, the reader's alignment and the checks."""
    sections = []
    for info in plan.sections:
        items = tuple(rules.PlanItem(item.key, item.number, item.text,
                                     rules.Provision(**item.provision) if item.provision else None, item.heading)
                      for item in plan.items if item.section == info["code"])
        sections.append(rules.PlanSection(info["code"], info["title"], items, tuple(info["columns"])))
    return rules.EhcPlan(tuple(sections), plan.version, plan.issued, plan.status,
                         plan.source_document.title if plan.source_document else None)


def correct_and_confirm(plan: EhcPlan, *, version: str, issued: date | None, texts: dict[str, str],
                        user: User, moves: dict[str, str] | None = None, removed: set[str] | None = None,
                        added: dict[str, str] | None = None) -> list[str]:
    """Save the officer's corrections and confirm the import; returns what changed, in words for the audit log.
    `texts`: item key -> wording (provision rows: "KEY.field" -> wording); `moves`: key -> the section a wrongly
    placed item belongs in; `removed`: keys of items the import made by mistake; `added`: section -> the wording of
    an item the import missed."""
    changed = _corrected_wording(plan, texts)
    for item in [item for item in plan.items if item.key in (removed or set())]:
        plan.items.remove(item)
        changed.append(f"removed {item.key}")
    for key, section in (moves or {}).items():
        item = next((item for item in plan.items if item.key == key), None)
        if item is not None and section != item.section and section in rules.SECTION_CODES:
            old = item.key
            _place(plan, item, section)
            changed.append(f"moved {old} to Section {section} as {item.key}")
    for section, wording in (added or {}).items():
        if wording.strip() and section in rules.SECTION_CODES:
            item = EhcPlanItem(text=wording.strip())
            _place(plan, item, section)
            plan.items.append(item)
            changed.append(f"added {item.key}")
    plan.version, plan.issued = version.strip(), issued
    plan.confirmed_at, plan.confirmed_by_id = utc_now(), user.id
    return changed


def _corrected_wording(plan: EhcPlan, texts: dict[str, str]) -> list[str]:
    changed = []
    for item in plan.items:
        if item.provision is None:
            new = texts.get(item.key)
            if new is not None and new.strip() != item.text:
                item.text, changed = new.strip(), changed + [item.key]
            continue
        fields = dict(item.provision)
        for name in rules.PROVISION_FIELDS:
            new = texts.get(f"{item.key}.{name}")
            if new is not None and new.strip() != fields.get(name, ""):
                fields[name] = new.strip()
                changed.append(f"{item.key}.{name}")
        item.provision = fields
    return changed


def _place(plan: EhcPlan, item: EhcPlanItem, section: str) -> None:
    """Put `item` last in `section` (adding the section when the import found none) with the next key and number
    there, as the plan's own numbering would go on."""
    if section not in [info["code"] for info in plan.sections]:
        plan.sections = sorted([*plan.sections, {"code": section, "title": rules.SECTION_TITLES[section],
                                                 "columns": []}], key=lambda i: rules.SECTION_CODES.index(i["code"]))
    taken = {other.key for other in plan.items}
    count = sum(1 for other in plan.items if other.section == section and other is not item)
    number = count + 1
    while f"{section}-{number:02d}" in taken:
        number += 1
    item.section, item.key, item.number = section, f"{section}-{number:02d}", str(count + 1)
    item.position = max((other.position for other in plan.items), default=0) + 1
