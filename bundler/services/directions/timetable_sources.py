"""Gathers the dated items for a case's timetable, the dashboard and the calendar feeds: the directions, the due
dates of evidence requests, the dates bundles were issued, mediation dates, compliance steps and recommendation
responses."""
from datetime import date

from sqlalchemy import select

from ... import dates
from ...extensions import db
from ...models import BundleVersion, Case, ComplianceStep, EvidenceRequest, Mediation, Recommendation, User
from ...timetable import WorkingCalendar
from ..cases import visible_cases
from ..mediation import appeal_deadline_after, mediation_dates
from . import records
from .items import (
    TimetableItem,
    appeal_deadline_item,
    bundle_issue_item,
    compliance_step_item,
    direction_item,
    evidence_request_item,
    mediation_item,
    most_urgent_first,
    recommendation_item,
)


def case_items(case: Case, now: date, cal: WorkingCalendar) -> list[TimetableItem]:
    """Every dated item on one case, in date order."""
    requests = db.session.scalars(select(EvidenceRequest).where(EvidenceRequest.case_id == case.id))
    issued = db.session.scalars(select(BundleVersion).where(BundleVersion.case_id == case.id,
                                                            BundleVersion.issued_on.is_not(None)))
    items = ([direction_item(direction, now, cal) for direction in records.case_directions(case)]
             + [evidence_request_item(request, now, cal) for request in requests]
             + [bundle_issue_item(version) for version in issued]
             + after_decision_items(select(Case.id).where(Case.id == case.id), now, cal, open_only=False))
    return sorted(items, key=lambda item: (item.due, item.title))


def after_decision_items(case_ids, now: date, cal: WorkingCalendar, open_only: bool) -> list[TimetableItem]:
    """Mediation dates, compliance steps and recommendation responses on the cases `case_ids` selects."""
    mediations = db.session.scalars(select(Mediation).where(Mediation.case_id.in_(case_ids)))
    steps = select(ComplianceStep).where(ComplianceStep.case_id.in_(case_ids))
    recommendations = select(Recommendation).where(Recommendation.case_id.in_(case_ids))
    if open_only:
        steps = steps.where(ComplianceStep.done_on.is_(None))
        recommendations = recommendations.where(Recommendation.response_on.is_(None))
    items = [mediation_item(mediation, row.key, row.title, row.deadline, row.done_on, now, cal)
             for mediation in mediations for row in mediation_dates(mediation, cal)
             if not (open_only and row.done_on)]
    return (items + [compliance_step_item(step, now, cal) for step in db.session.scalars(steps)]
            + [recommendation_item(item, now, cal) for item in db.session.scalars(recommendations)])


def appeal_deadline_items(case_ids, now: date, cal: WorkingCalendar) -> list[TimetableItem]:
    """The last day to appeal after a mediation certificate, on cases not registered yet, until it passes. (A case's
    timetable shows it among its appeal dates.)"""
    mediations = db.session.scalars(select(Mediation).join(Case).where(
        Mediation.case_id.in_(case_ids), Mediation.certificate_on.is_not(None), Case.registration_date.is_(None),
        Case.decision_letter_date.is_not(None)))
    deadlines = [(mediation, appeal_deadline_after(mediation, cal)) for mediation in mediations]
    return [appeal_deadline_item(mediation, deadline, now, cal) for mediation, deadline in deadlines
            if deadline.due >= now]


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
    case_ids = visible_cases(user).with_only_columns(Case.id)
    if case_id is not None:
        case_ids = case_ids.where(Case.id == case_id)
    if officer_id is not None:
        case_ids = case_ids.where(Case.officer_id == officer_id)
    return most_urgent_first([direction_item(direction, now, cal) for direction in directions]
                             + [evidence_request_item(request, now, cal) for request in requests]
                             + after_decision_items(case_ids, now, cal, open_only=True)
                             + appeal_deadline_items(case_ids, now, cal))
