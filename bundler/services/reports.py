"""The SEND manager's reports across every team (send-tribunal.md §10.2). Each holds counts and sums only, never a
name; each is a table (columns and rows) and the one series its chart draws.

A case belongs to the academic year (1 September to 31 August, as the Ministry of Justice counts) of its
registration, or of its decision letter while it is not registered (a mediation that settled never is).
"""
import io
import statistics
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import (
    Case,
    ComplianceStep,
    Direction,
    DirectionStatus,
    IssueOutcome,
    Mediation,
    MediationChoice,
    MediationOutcome,
    Outcome,
    Placement,
    Recommendation,
    Spend,
)
from ..models.outcomes import DECIDED, ENDING_LABELS, ISSUES, PLACEMENT_TYPES, SPEND_KINDS, Ending, IssueResult
from ..spreadsheets import csv_text, safe_cell
from .directions.records import working_calendar
from .mediation import mediation_dates


def academic_year(day: date) -> int:
    """The year the academic year starts: 1 Sep 2025 to 31 Aug 2026 is 2025."""
    return day.year if day.month >= 9 else day.year - 1


def year_label(start: int) -> str:
    return f"{start}/{str(start + 1)[-2:]}"


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    appeal_type: str = ""
    issue: str = ""
    officer_id: int | None = None
    team_id: int | None = None
    setting: str = ""


def case_year(case: Case) -> int | None:
    day = case.registration_date or case.decision_letter_date
    return academic_year(day) if day else None


def filtered_cases(filters: Filters) -> list[Case]:
    query = select(Case).order_by(Case.id)
    if filters.appeal_type:
        query = query.where(Case.appeal_type == filters.appeal_type)
    if filters.officer_id is not None:
        query = query.where(Case.officer_id == filters.officer_id)
    if filters.team_id is not None:
        query = query.where(Case.team_id == filters.team_id)
    if filters.setting:
        query = query.where(Case.school == filters.setting)
    if filters.issue:
        with_issue = (select(Outcome.case_id).join(IssueOutcome).where(IssueOutcome.issue == filters.issue))
        query = query.where(Case.id.in_(with_issue))
    cases = db.session.scalars(query)
    return [case for case in cases if filters.year is None or case_year(case) == filters.year]


@dataclass
class Report:
    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    chart: list[tuple[str, float]] = field(default_factory=list)  # label, value (one bar each)
    chart_unit: str = ""  # "%" or "£" or "" for counts
    notes: str = ""

    def row(self, label: str) -> list:
        """The row whose first cell is `label`."""
        return next(row for row in self.rows if row[0] == label)


def _by_case(model, case_ids: list[int]) -> list:
    if not case_ids:
        return []
    return list(db.session.scalars(select(model).where(model.case_id.in_(case_ids)).order_by(model.id)))


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# ---- the reports -----------------------------------------------------------------------------------------------

def appeals_report(cases: list[Case], today: date) -> Report:
    outcomes = {o.case_id: o for o in _by_case(Outcome, [c.id for c in cases])}
    registered = [c for c in cases if c.registration_date]
    report = Report("appeals", "Appeals registered and how they ended", ["Route", "Appeals"])
    report.rows.append(["Registered", len(registered)])
    for ending in Ending:
        count = sum(1 for o in outcomes.values() if o.ending == ending)
        report.rows.append([ENDING_LABELS[ending], count])
        report.chart.append((ENDING_LABELS[ending], count))
    open_count = sum(1 for c in registered if c.id not in outcomes)
    report.rows.append(["Still open", open_count])
    report.chart.append(("Still open", open_count))
    report.notes = ("Withdrawn, conceded, settled, decided and struck out count every case that ended, registered "
                    "or not.")
    return report


def outcomes_report(cases: list[Case], today: date) -> Report:
    outcomes = [o for o in _by_case(Outcome, [c.id for c in cases]) if o.ending in DECIDED]
    report = Report("outcomes", "Outcomes by issue (decided appeals)",
                    ["Issue", "Decided", "Allowed", "Allowed in part", "Dismissed (authority upheld)",
                     "Agreed before the decision", "Authority upheld %"], chart_unit="%")
    for key, label in ISSUES.items():
        results = [i.result for o in outcomes for i in o.issues if i.issue == key]
        if not results:
            continue
        counts = {result: results.count(result) for result in IssueResult}
        decided = counts[IssueResult.allowed] + counts[IssueResult.allowed_in_part] + counts[IssueResult.dismissed]
        upheld = _percent(counts[IssueResult.dismissed], decided)
        report.rows.append([label, decided, counts[IssueResult.allowed], counts[IssueResult.allowed_in_part],
                            counts[IssueResult.dismissed], counts[IssueResult.agreed], upheld])
        report.chart.append((label, upheld or 0))
    report.notes = ("Upheld % = dismissed ÷ decided, where decided = allowed + allowed in part + dismissed; issues "
                    "agreed before the decision are counted apart, as the Ministry of Justice counts decided appeals.")
    return report


def mediation_report(cases: list[Case], today: date) -> Report:
    ids = [c.id for c in cases]
    mediations = _by_case(Mediation, ids)
    outcomes = {o.case_id: o for o in _by_case(Outcome, ids)}
    wanted = [m for m in mediations if m.choice == MediationChoice.mediate]
    held = [m for m in wanted if m.outcome in (MediationOutcome.agreed, MediationOutcome.agreed_in_part,
                                                MediationOutcome.not_agreed)]
    agreed = [m for m in held if m.outcome != MediationOutcome.not_agreed]
    settled = [m for m in mediations if outcomes.get(m.case_id) and
               outcomes[m.case_id].ending == Ending.settled_at_mediation]
    appealed = [m for m in mediations if m.case.registration_date]
    report = Report("mediation", "Mediation take-up and settlement", ["Stage", "Decisions"])
    for label, items in (("Decisions with a mediation record", mediations), ("Mediation wanted", wanted),
                         ("Declined", [m for m in mediations if m.choice == MediationChoice.decline]),
                         ("Mediation held", held), ("Agreement reached (all or some issues)", agreed),
                         ("Settled at mediation (no appeal needed)", settled), ("Went on to appeal", appealed)):
        report.rows.append([label, len(items)])
        report.chart.append((label, len(items)))
    report.rows.append(["Take-up %", _percent(len(wanted), len(mediations))])
    report.rows.append(["Agreement rate % (of those held)", _percent(len(agreed), len(held))])
    return report


def _on_time(step: ComplianceStep) -> bool:
    return step.done_on is not None and (step.done_on <= step.due_date or bool(step.exception_reason))


def compliance_report(cases: list[Case], today: date) -> Report:
    steps = _by_case(ComplianceStep, [c.id for c in cases])
    due = [s for s in steps if s.done_on or s.due_date < today]
    on_time = [s for s in due if _on_time(s)]
    late = [s for s in due if not _on_time(s)]
    plans = [s for s in steps if s.amends_plan and s.provision_in_place_on]
    in_place = [s for s in plans if s.provision_in_place_on <= s.due_date]
    report = Report("compliance", "Compliance with orders and agreements", ["Measure", "Value"], chart_unit="%")
    report.rows += [
        ["Steps", len(steps)], ["Steps due so far", len(due)], ["Done on time", len(on_time)],
        ["Late (done late or still overdue)", len(late)],
        ["Still overdue", sum(1 for s in late if s.done_on is None)],
        ["Reg 44(3) exceptions used", sum(1 for s in steps if s.exception_reason)],
        ["On time %", _percent(len(on_time), len(due))],
        ["Median days late (late steps)", statistics.median([s.days_late(today) for s in late]) if late else None],
        ["Amended plans with the provision-in-place date", len(plans)],
        ["Provision in place on time %", _percent(len(in_place), len(plans))],
    ]
    report.chart = [("Steps on time", _percent(len(on_time), len(due)) or 0),
                    ("Provision in place on time", _percent(len(in_place), len(plans)) or 0)]
    report.notes = "A step done late under a recorded reg 44(3) exception counts as on time."
    return report


def recommendations_report(cases: list[Case], today: date) -> Report:
    items = _by_case(Recommendation, [c.id for c in cases])
    answered = [r for r in items if r.response_on]
    report = Report("recommendations", "Recommendations followed", ["Measure", "Recommendations"])
    report.rows += [["Recommendations", len(items)], ["Answered", len(answered)],
                    ["Answered within 5 weeks", sum(1 for r in answered if r.response_on <= r.due_date)]]
    for value, label in (("yes", "Followed"), ("partly", "Followed in part"), ("no", "Not followed")):
        count = sum(1 for r in answered if r.followed == value)
        report.rows.append([label, count])
        report.chart.append((label, count))
    report.rows.append(["Followed % (wholly or in part, of those answered)",
                        _percent(sum(1 for r in answered if r.followed in ("yes", "partly")), len(answered))])
    return report


def placements_report(cases: list[Case], today: date) -> Report:
    placements = _by_case(Placement, [c.id for c in cases])
    by_case: dict[int, dict[str, Placement]] = {}
    for placement in placements:
        by_case.setdefault(placement.case_id, {})[placement.stage] = placement
    report = Report("placements", "Placements before and after, and the change in annual cost",
                    ["Type", "Before", "After"])
    for key, label in PLACEMENT_TYPES.items():
        before = sum(1 for p in placements if p.stage == "before" and p.kind == key)
        after = sum(1 for p in placements if p.stage == "after" and p.kind == key)
        if before or after:
            report.rows.append([label, before, after])
            report.chart.append((f"{label} (after)", after))
    pairs = [pair for pair in by_case.values() if "before" in pair and "after" in pair]

    def cost(p: Placement) -> int:
        return p.annual_cost + p.transport_cost

    report.rows += [
        ["Moves (type changed)", "", sum(1 for pair in pairs if pair["before"].kind != pair["after"].kind)],
        ["Residential after", "", sum(1 for p in placements if p.stage == "after" and p.residential)],
        ["Change in annual cost, placement and transport (£)", "",
         sum(cost(pair["after"]) - cost(pair["before"]) for pair in pairs)],
    ]
    report.notes = "The cost change counts only cases with both a before and an after placement."
    return report


def spend_report(cases: list[Case], today: date) -> Report:
    spend = _by_case(Spend, [c.id for c in cases])
    report = Report("spend", "Spend per appeal", ["Kind", "Total (£)"], chart_unit="£")
    for key, label in SPEND_KINDS.items():
        total = sum(s.amount for s in spend if s.kind == key)
        report.rows.append([label, total])
        report.chart.append((label, total))
    own = sum(s.amount for s in spend if s.kind != "costs_order")
    with_spend = len({s.case_id for s in spend})
    report.rows += [["Officer hours", sum(s.hours for s in spend)], ["Own spend (£)", own],
                    ["Appeals with spend recorded", with_spend],
                    ["Own spend per appeal with spend (£)", round(own / with_spend) if with_spend else None]]
    report.notes = "Own spend leaves out costs ordered against the authority (HESC r.10)."
    return report


def deadlines_report(cases: list[Case], today: date) -> Report:
    ids = [c.id for c in cases]
    directions = _by_case(Direction, ids)
    steps = _by_case(ComplianceStep, ids)
    recommendations = _by_case(Recommendation, ids)
    mediations = _by_case(Mediation, ids)

    def late(due: date, done: date | None) -> bool:
        return (done or today) > due

    rows = [
        ("Tribunal directions", [d for d in directions if d.due_date < today or d.done_on],
         lambda d: d.status == DirectionStatus.missed or late(d.due_date, d.done_on)),
        ("Order and agreement steps", [s for s in steps if s.due_date < today or s.done_on],
         lambda s: not _on_time(s)),
        ("Recommendation responses", [r for r in recommendations if r.due_date < today or r.response_on],
         lambda r: late(r.due_date, r.response_on)),
    ]
    report = Report("deadlines", "Deadlines missed across the service", ["Kind", "Due so far", "Missed"])
    for label, due_items, missed in rows:
        count = sum(1 for item in due_items if missed(item))
        report.rows.append([label, len(due_items), count])
        report.chart.append((label, count))
    cal = working_calendar()
    arranged = [late(row.deadline.due, row.done_on) for mediation in mediations
                if mediation.choice == MediationChoice.mediate for row in mediation_dates(mediation, cal)
                if row.key == "mediation_arrange" and (row.deadline.due < today or row.done_on)]
    report.rows.append(["Mediation arranged within 30 days", len(arranged), sum(arranged)])
    report.chart.append(("Mediation arranged within 30 days", sum(arranged)))
    return report


REPORTS = {
    "appeals": appeals_report, "outcomes": outcomes_report, "mediation": mediation_report,
    "compliance": compliance_report, "recommendations": recommendations_report,
    "placements": placements_report, "spend": spend_report, "deadlines": deadlines_report,
}
TITLES = {"appeals": "Appeals registered and how they ended", "outcomes": "Outcomes by issue",
          "mediation": "Mediation take-up and settlement", "compliance": "Compliance with orders and agreements",
          "recommendations": "Recommendations followed", "placements": "Placement moves and cost",
          "spend": "Spend per appeal", "deadlines": "Deadlines missed across the service"}


def run_report(key: str, filters: Filters, today: date) -> Report:
    return REPORTS[key](filtered_cases(filters), today)


def as_csv(report: Report) -> str:
    return csv_text(report.columns, report.rows)


def as_xlsx(report: Report, filters_text: str) -> bytes:
    from openpyxl import Workbook  # only the download needs it
    book = Workbook()
    sheet = book.active
    sheet.title = report.key
    sheet.append([report.title])
    sheet.append([filters_text])
    sheet.append(report.columns)
    for row in report.rows:
        sheet.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filter_choices() -> dict:
    """The values the filters can take, from the cases there are."""
    cases = list(db.session.scalars(select(Case)))
    return {"years": sorted({y for y in map(case_year, cases) if y is not None}, reverse=True),
            "settings": sorted({c.school for c in cases if c.school})}
