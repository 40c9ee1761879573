"""Everything with a date on a case's timetable, in one shape: directions, evidence request due dates, bundle
issue dates, mediation dates, compliance steps (orders and mediation agreements) and recommendation responses."""
from dataclasses import dataclass
from datetime import date

from flask import url_for

from ...models import (
    BundleVersion,
    Case,
    ComplianceStep,
    Direction,
    DirectionStatus,
    EvidenceRequest,
    Mediation,
    Recommendation,
    User,
)
from ...timetable import WorkingCalendar, show
from .records import CLOSED, ISSUED, RECEIVED, Urgency, urgency


@dataclass(frozen=True)
class TimetableItem:
    uid: str  # stable across feed downloads, so calendars update entries in place
    case: Case
    title: str
    due: date
    explanation: str
    urgency: Urgency
    href: str  # the page that shows or changes it
    flag: str = ""
    responsible: User | None = None
    detail: str = ""  # how the date was worked out, behind the short explanation


def direction_item(direction: Direction, now: date, cal: WorkingCalendar) -> TimetableItem:
    return TimetableItem(uid=f"direction-{direction.id}", case=direction.case, title=direction.title,
                         due=direction.due_date, explanation=direction.explanation, flag=direction.flag,
                         detail=direction.detail,
                         urgency=urgency(direction.status, direction.due_date, now, cal),
                         responsible=direction.responsible,
                         href=url_for("directions.direction", case_id=direction.case_id, direction_id=direction.id))


def evidence_request_item(request: EvidenceRequest, now: date, cal: WorkingCalendar) -> TimetableItem:
    state = request.state(now)
    by = f" by {request.created_by.name}" if request.created_by else ""
    return TimetableItem(
        uid=f"evidence-request-{request.id}", case=request.case, title=f"Evidence from {request.recipient_name}",
        due=request.due_date, responsible=request.created_by,
        explanation=f"Due date given in the evidence request sent to {request.recipient_name}{by}.",
        urgency={"received": RECEIVED, "closed": CLOSED}.get(state)
        or urgency(DirectionStatus.open, request.due_date, now, cal),
        href=url_for("evidence.index", case_id=request.case_id))


def bundle_issue_item(version: BundleVersion) -> TimetableItem:
    by = f" by {version.issued_by.name}" if version.issued_by else ""
    return TimetableItem(
        uid=f"bundle-issued-{version.id}", case=version.case, title=f"Bundle version {version.number} issued",
        due=version.issued_on, explanation=f"Recorded as issued to the tribunal on {show(version.issued_on)}{by}.",
        urgency=ISSUED, responsible=version.issued_by,
        href=url_for("bundles.version", case_id=version.case_id, number=version.number))


def _open_or_done(done_on: date | None, due: date, now: date, cal: WorkingCalendar) -> Urgency:
    return urgency(DirectionStatus.done if done_on else DirectionStatus.open, due, now, cal)


def compliance_step_item(step: ComplianceStep, now: date, cal: WorkingCalendar) -> TimetableItem:
    return TimetableItem(uid=f"compliance-step-{step.id}", case=step.case, title=step.act, due=step.due_date,
                         explanation=step.explanation, urgency=_open_or_done(step.done_on, step.due_date, now, cal),
                         href=url_for("outcomes.step", case_id=step.case_id, step_id=step.id))


def mediation_item(mediation: Mediation, key: str, title: str, deadline, done_on: date | None, now: date,
                   cal: WorkingCalendar) -> TimetableItem:
    return TimetableItem(uid=f"mediation-{mediation.id}-{key}", case=mediation.case, title=title, due=deadline.due,
                         explanation=deadline.explanation, flag=deadline.flag, detail=deadline.detail,
                         urgency=_open_or_done(done_on, deadline.due, now, cal),
                         href=url_for("mediation.record", case_id=mediation.case_id))


def appeal_deadline_item(mediation: Mediation, deadline, now: date, cal: WorkingCalendar) -> TimetableItem:
    """The last day to appeal once the mediation certificate is issued (HESC r.20: it may be later than 2 months
    from the decision letter)."""
    return TimetableItem(uid=f"appeal-deadline-{mediation.id}", case=mediation.case, due=deadline.due,
                         title="Last day to appeal (after the mediation certificate)",
                         explanation=deadline.explanation, flag=deadline.flag,
                         urgency=urgency(DirectionStatus.open, deadline.due, now, cal),
                         href=url_for("directions.timetable", case_id=mediation.case_id))


def recommendation_item(recommendation: Recommendation, now: date, cal: WorkingCalendar) -> TimetableItem:
    return TimetableItem(
        uid=f"recommendation-{recommendation.id}", case=recommendation.case, due=recommendation.due_date,
        title=f"Response to the {recommendation.body.replace('_', ' ')} recommendation",
        explanation=recommendation.explanation,
        urgency=_open_or_done(recommendation.response_on, recommendation.due_date, now, cal),
        href=url_for("outcomes.recommendation", case_id=recommendation.case_id, item_id=recommendation.id))


def most_urgent_first(items: list[TimetableItem]) -> list[TimetableItem]:
    return sorted(items, key=lambda item: (item.urgency.rank, item.due, item.case.reference, item.title))
