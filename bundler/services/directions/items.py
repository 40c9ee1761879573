"""Everything with a date on a case's timetable, in one shape: directions, and (when the evidence area is there)
evidence request due dates and bundle issue dates."""
from dataclasses import dataclass
from datetime import date

from flask import url_for

from ...models import BundleVersion, Case, Direction, DirectionStatus, EvidenceRequest, User
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


def direction_item(direction: Direction, now: date, cal: WorkingCalendar) -> TimetableItem:
    return TimetableItem(uid=f"direction-{direction.id}", case=direction.case, title=direction.title,
                         due=direction.due_date, explanation=direction.explanation, flag=direction.flag,
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


def most_urgent_first(items: list[TimetableItem]) -> list[TimetableItem]:
    return sorted(items, key=lambda item: (item.urgency.rank, item.due, item.case.reference, item.title))
