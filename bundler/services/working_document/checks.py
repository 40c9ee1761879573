"""Plan checks where they run: on the authority's proposals before a version is sent (errors block unless the
officer records a reason), on a plan imported from an evidence document (a report only), and the B<->F alignment
and provision map of each plan version, with the officer's confirmed links for free-text plans."""
from __future__ import annotations

from dataclasses import dataclass, replace

from ...extensions import db
from ...models import User
from ...models.working_documents import EhcPlan, EhcPlanItem, PlanLink, WorkingDocument
from ...plan_checks.alignment import Alignment, ProposedLink, align, apply_links, plan_parts, propose_links
from ...plan_checks.checker import Finding, check_item, check_plan
from ...plan_checks.plan import Plan, ProvisionRow, Section
from ...plan_checks.reader import item_keys, parse_money
from ...plan_checks.rules import load_rules
from .documents import wording

CHECKED_SECTIONS = ("B", "F")


@dataclass(frozen=True)
class ItemFinding:
    item_key: str
    finding: Finding


def provision_row(item: EhcPlanItem, fields: dict[str, str] | None = None) -> ProvisionRow:
    """The checks' view of a structured row (with `fields` overriding the plan's wording)."""
    values = {**(item.provision or {}), **(fields or {})}
    return ProvisionRow(what=values.get("what", ""), who=values.get("who", ""), frequency=values.get("how_often", ""),
                        duration=values.get("how_long", ""), group_size=values.get("group_size", ""),
                        where=values.get("where", ""), devised_by=values.get("devised_by", ""),
                        monitored_by=values.get("monitored_by", ""), needs=item_keys(values.get("meets_needs", "")),
                        outcomes=item_keys(values.get("outcomes", "")),
                        cost_per_year=parse_money(values.get("cost_per_year")), key=item.key)


def checks_plan(plan: EhcPlan, document: WorkingDocument | None = None) -> Plan:
    """The plan as the checks read it; with `document`, in the authority's proposed wording."""
    sections = []
    for info in plan.sections:
        items: list[str | ProvisionRow] = []
        for item in (i for i in plan.items if i.section == info["code"]):
            items.append(_item_for_checks(item, document))
        sections.append(Section(info["code"], info["title"], items))
    return Plan(sections)


def proposal_findings(document: WorkingDocument) -> list[ItemFinding]:
    """Findings on the items of B and F where the authority proposes wording, in its proposed wording."""
    rules = load_rules()
    proposed = {p.item_key for p in document.proposals if p.by == "la" and p.status in ("proposed", "disputed")}
    found = []
    for section in CHECKED_SECTIONS:
        items = [i for i in document.plan.items if i.section == section]
        for number, item in enumerate(items, 1):
            if item.key in proposed:
                for finding in check_item(section, number, _item_for_checks(item, document), rules):
                    found.append(ItemFinding(item.key, finding))
    return found


def blocking(findings: list[ItemFinding]) -> list[ItemFinding]:
    return [f for f in findings if f.finding.severity == "error"]


def plan_report(plan: EhcPlan) -> list[ItemFinding]:
    """Every finding on the plan as imported: a report for the officer, never a block."""
    keys = {section["code"]: [i.key for i in plan.items if i.section == section["code"]] for section in plan.sections}
    found = []
    for finding in check_plan(checks_plan(plan)):
        in_section = keys.get(finding.section or "", [])
        key = in_section[finding.paragraph - 1] if 0 < finding.paragraph <= len(in_section) else ""
        found.append(ItemFinding(key, finding))
    return found


def plan_alignment(plan: EhcPlan) -> tuple[Alignment, list[ProposedLink]]:
    """The alignment with the plan's own and the officer's confirmed links; and the links proposed for confirming
    (for provision rows that name no needs)."""
    needs, outcomes, provision = _parts(plan)
    unlinked = [row for row in provision if not row.needs]
    confirmed = {(link.need_key, link.provision_key) for link in plan.links}
    proposals = [link for link in propose_links(needs, outcomes, unlinked)
                 if (link.item, link.provision) not in confirmed]
    return align(needs, outcomes, apply_links(provision, confirmed)), proposals


def confirm_links(plan: EhcPlan, pairs: list[tuple[str, str]], user: User) -> int:
    """Store the officer's confirmed (need or outcome, provision) links; returns how many were new."""
    have = {(link.need_key, link.provision_key) for link in plan.links}
    added = [PlanLink(need_key=need, provision_key=provision, confirmed_by_id=user.id)
             for need, provision in dict.fromkeys(pairs) if (need, provision) not in have]
    plan.links.extend(added)
    db.session.flush()
    return len(added)


def provision_map(plan: EhcPlan) -> tuple[list[ProvisionRow], dict[str, str]]:
    """The structured rows with their confirmed links, and the text of each need and outcome by key."""
    needs, outcomes, provision = _parts(plan)
    confirmed = [(link.need_key, link.provision_key) for link in plan.links]
    texts = {n.key: n.text for n in needs} | {o.key: o.text for o in outcomes}
    return apply_links(provision, confirmed), texts


def _parts(plan: EhcPlan):
    """Needs, outcomes and provision keyed by the plan's own item keys (the checks key them by position)."""
    needs, outcomes, provision = plan_parts(checks_plan(plan))
    by_text = {(i.section, i.text): i.key for i in plan.items if i.provision is None}
    needs = [replace(n, key=by_text.get(("B", n.text), n.key)) for n in needs]
    outcomes = [replace(o, key=by_text.get(("E", o.text), o.key)) for o in outcomes]
    f_keys = [i.key for i in plan.items if i.section == "F"]
    provision = [replace(row, key=f_keys[n]) if n < len(f_keys) else row for n, row in enumerate(provision)]
    return needs, outcomes, provision


def _item_for_checks(item: EhcPlanItem, document: WorkingDocument | None) -> str | ProvisionRow:
    if item.provision is None:
        return wording(document, item.key, "text", "la") if document else item.text
    fields = {name: wording(document, item.key, name, "la") for name in item.provision} if document else None
    return provision_row(item, fields)
