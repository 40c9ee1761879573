"""Gathers the dated items for a case's timetable, the dashboard and the calendar feeds: the directions, the due
dates of evidence requests, and the dates bundles were issued."""
from datetime import date

from sqlalchemy import select

from ... import dates
from ...extensions import db
from ...models import BundleVersion, Case, EvidenceRequest, User
from ...timetable import WorkingCalendar
from ..cases import visible_cases
from . import records
from .items import TimetableItem, bundle_issue_item, direction_item, evidence_request_item, most_urgent_first


def case_items(case: Case, now: date, cal: WorkingCalendar) -> list[TimetableItem]:
    """Every dated item on one case, in date order."""
    requests = db.session.scalars(select(EvidenceRequest).where(EvidenceRequest.case_id == case.id))
    issued = db.session.scalars(select(BundleVersion).where(BundleVersion.case_id == case.id,
                                                            BundleVersion.issued_on.is_not(None)))
    items = ([direction_item(direction, now, cal) for direction in records.case_directions(case)]
             + [evidence_request_item(request, now, cal) for request in requests]
             + [bundle_issue_item(version) for version in issued])
    return sorted(items, key=lambda item: (item.due, item.title))


def open_evidence_requests(user: User, officer_id: int | None, case_id: int | None) -> list[EvidenceRequest]:
    """Requests on the user's cases still waiting for evidence."""
    query = select(EvidenceRequest).where(EvidenceRequest.case_id.in_(visible_cases(user).with_only_columns(Case.id)),
                                          EvidenceRequest.closed_at.is_(None))
    if officer_id is not None:
        query = query.where(EvidenceRequest.created_by_id == officer_id)
    if case_id is not None:
        query = query.where(EvidenceRequest.case_id == case_id)
    return [request for request in db.session.scalars(query) if not request.documents]


def dashboard_items(user: User, officer_id: int | None, case_id: int | None) -> list[TimetableItem]:
    """The open items on the user's cases, most urgent first."""
    now, cal = dates.today(), records.working_calendar()
    directions = records.visible_directions(user, officer_id, case_id)
    requests = open_evidence_requests(user, officer_id, case_id)
    return most_urgent_first([direction_item(direction, now, cal) for direction in directions]
                             + [evidence_request_item(request, now, cal) for request in requests])
