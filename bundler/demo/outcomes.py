"""The demo's mediation (on the demo case, which went on to appeal) and a second case, decided, with its order
steps, a recommendation, spend and placements: so the mediation page and every report show something."""
from datetime import date, timedelta

from sqlalchemy import select

from .. import dates
from ..extensions import db
from ..models import Case, CaseStatus, IssueResult, MediationChoice, MediationOutcome, Role, StepSource, User
from ..models.outcomes import Ending
from ..services import mediation, outcomes
from ..services.directions import records

DECIDED_REFERENCE = "EH999/25/00002"


def _mediation(case: Case, users: dict[Role, User], cal) -> None:
    certificate = case.mediation_certificate_date
    held = certificate - timedelta(days=2)
    record, _ = mediation.save_mediation(case, {
        "notice_sent_on": case.decision_letter_date, "notice_checks": "right_to_mediation,certificate_needed,"
        "adviser_contact,timescales,tell_authority,authority_contact", "issues": "section_b,section_f",
        "choice": MediationChoice.mediate, "adviser_contacted_on": held - timedelta(days=30),
        "declined_on": None, "told_on": held - timedelta(days=28), "health_in_issue": False,
        "health_notice_sent_on": None, "cannot_arrange_on": None, "mediation_on": held,
        "attendee_id": users[Role.tribunal_officer].id, "attendee_can_settle": True,
        "outcome": MediationOutcome.agreed_in_part, "certificate_on": certificate, "agreement_on": held,
        "position": "Section B is agreed in part; Section F is specific and quantified.",
        "room_to_settle": "Up to 10 hours of speech and language therapy a term.",
        "options": "Offer the therapy hours; keep the placement named."})
    db.session.flush()
    mediation.add_agreement_action(record, "Add the agreed Section B wording", "amend", None, "", cal)
    mediation.add_agreement_action(record, "Send the therapy report to the school", "", None, "", cal)


def _decided_case(team, users: dict[Role, User], cal, today: date) -> None:
    sent = today - timedelta(weeks=8)
    case = Case(reference=DECIDED_REFERENCE, child_name="Riley Example", child_dob=date(2013, 2, 3),
                school="Millbrook Primary School", appellant_name="Casey Example", appeal_type="contents",
                decision_letter_date=sent - timedelta(weeks=30), registration_date=sent - timedelta(weeks=20),
                hearing_date=sent - timedelta(days=10), status=CaseStatus.heard, team=team,
                officer=users[Role.tribunal_officer])
    db.session.add(case)
    db.session.flush()
    outcomes.save_outcome(case, {"ending": Ending.decided_at_hearing, "ended_on": sent - timedelta(days=3),
                                 "hearing_on": case.hearing_date, "decision_on": sent - timedelta(days=3),
                                 "sent_on": sent, "remarks": "The authority's speech and language advice was two "
                                 "years old."},
                          [("section_f", IssueResult.allowed_in_part, ""),
                           ("section_i", IssueResult.allowed, "parent")])
    step, = outcomes.add_order_steps(case, "amend,section_i", StepSource.order, sent, cal)
    outcomes.record_step(step, step.due_date + timedelta(days=4), "Amended plan issued (demo)", "",
                         step.due_date + timedelta(days=11))
    outcomes.add_recommendation(case, "health", "Provide occupational therapy assessment", sent, cal)
    outcomes.add_spend(case, "counsel", 2400, 0, "Hearing")
    outcomes.add_spend(case, "officer_hours", 900, 30, "Preparation")
    outcomes.save_placement(case, "before", "mainstream", False, 12000, 0)
    outcomes.save_placement(case, "after", "independent_special", False, 58000, 7500)


def seed_outcomes(case: Case, users: dict[Role, User]) -> None:
    if mediation.mediation_for(case) is not None:
        return  # seeded already: running the demo again changes nothing
    cal = records.working_calendar()
    _mediation(case, users, cal)
    if db.session.scalar(select(Case).where(Case.reference == DECIDED_REFERENCE)) is None:
        _decided_case(case.team, users, cal, dates.today())
    db.session.commit()
