"""After the appeal: recording how it ended and what was decided, the steps the authority must take (reg 44, 45,
consent orders; reg 42 steps come from `services.mediation`), recommendations, challenges, spend and placements."""
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import (
    Case,
    Challenge,
    ComplianceStep,
    IssueOutcome,
    IssueResult,
    Outcome,
    Placement,
    Recommendation,
    Role,
    Spend,
    StepSource,
    User,
)
from ..models.outcomes import Ending
from ..timetable import Deadline, WorkingCalendar, load_rules, order_deadlines, period_deadline, recommendation_response
from .cases import visible_cases

OUTCOME_EDITORS = (Role.tribunal_officer, Role.send_officer, Role.administrator)


def outcome_for(case: Case) -> Outcome | None:
    return db.session.scalar(select(Outcome).where(Outcome.case_id == case.id))


def save_outcome(case: Case, values: dict, issues: list[tuple[str, IssueResult, str]]) -> Outcome:
    """Create or replace how the appeal ended; `issues` is (issue key, result, placement named) per issue appealed."""
    if values["ending"] in (Ending.decided_at_hearing, Ending.decided_on_papers) and not issues:
        raise ValueError("Give the outcome of at least one issue appealed: the appeal was decided.")
    outcome = outcome_for(case) or Outcome(case=case)
    db.session.add(outcome)
    for name, value in values.items():
        setattr(outcome, name, value)
    outcome.issues = [IssueOutcome(issue=key, result=result, placement_named=named if key == "section_i" else "")
                      for key, result, named in issues]
    return outcome


def _step(case: Case, source: StepSource, kinds: str, start: date, step, deadline: Deadline) -> ComplianceStep:
    return ComplianceStep(case_id=case.id, source=source, kinds=kinds, act=step.act, started_on=start,
                          due_date=deadline.due, explanation=deadline.explanation,
                          amends_plan=step.merge == "amended_plan")


def add_order_steps(case: Case, kinds: str, source: StepSource, start: date,
                    cal: WorkingCalendar) -> list[ComplianceStep]:
    """The steps of the orders made together (one governing step where periods merge), from `start`: the day
    the decision was sent, the authority's reg 45 notice, or the consent order. ValueError names a bad kind."""
    if source == StepSource.agreement:
        raise ValueError("Add a mediation agreement's actions on the mediation page.")
    chosen = load_rules().order_kinds(kinds)
    deadlines = order_deadlines(cal, chosen, start, unopposed=source == StepSource.unopposed)
    key = ",".join(kind.key for kind in chosen)
    steps = [_step(case, source, key, start, step, deadline) for step, deadline in deadlines]
    db.session.add_all(steps)
    return steps


def case_steps(case: Case) -> list[ComplianceStep]:
    return list(db.session.scalars(select(ComplianceStep).where(ComplianceStep.case_id == case.id)
                                   .order_by(ComplianceStep.due_date, ComplianceStep.id)))


def case_item(model, case: Case, item_id: int):
    """One of the case's steps, recommendations or challenges; None if it is not the case's."""
    item = db.session.get(model, item_id)
    return item if item is not None and item.case_id == case.id else None


def record_step(step: ComplianceStep, done_on: date | None, evidence: str, exception_reason: str,
                provision_in_place_on: date | None) -> None:
    if done_on and done_on < step.started_on:
        raise ValueError(f"The done date is before the step started ({step.started_on:%d %B %Y}): check it.")
    step.done_on, step.evidence_note, step.exception_reason = done_on, evidence, exception_reason
    step.provision_in_place_on = provision_in_place_on if step.amends_plan else None


def open_steps(user: User) -> list[ComplianceStep]:
    """Steps not yet done on the cases `user` can see."""
    case_ids = visible_cases(user).with_only_columns(Case.id)
    return list(db.session.scalars(select(ComplianceStep).where(
        ComplianceStep.case_id.in_(case_ids), ComplianceStep.done_on.is_(None)).order_by(ComplianceStep.due_date)))


# ---- recommendations, challenges, spend, placements -----------------------------------------------------------

def add_recommendation(case: Case, body: str, text: str, sent_on: date, cal: WorkingCalendar) -> Recommendation:
    deadline = recommendation_response(sent_on, cal)
    recommendation = Recommendation(case_id=case.id, body=body, text=text, sent_on=sent_on, due_date=deadline.due,
                                    explanation=deadline.explanation)
    db.session.add(recommendation)
    return recommendation


def answer_recommendation(recommendation: Recommendation, response_on: date, response: str, followed: str) -> None:
    recommendation.response_on, recommendation.response, recommendation.followed = response_on, response, followed


def case_recommendations(case: Case) -> list[Recommendation]:
    return list(db.session.scalars(select(Recommendation).where(Recommendation.case_id == case.id)
                                   .order_by(Recommendation.sent_on, Recommendation.id)))


def challenge_deadline(case: Case, kind: str, refusal_sent_on: date | None,
                       cal: WorkingCalendar) -> Deadline | None:
    """The Upper Tribunal: 1 month after the First-tier refusal; anything else: 28 days from the decision sent."""
    periods = load_rules().periods
    if kind == "permission_ut":
        if refusal_sent_on is None:
            raise ValueError("Enter the date the First-tier Tribunal's refusal was sent: the month runs from it.")
        return period_deadline(periods["challenge_upper_tribunal"], refusal_sent_on,
                               "the First-tier Tribunal's refusal of permission", cal)
    outcome = outcome_for(case)
    if outcome is None or outcome.sent_on is None:
        return None
    return period_deadline(periods["challenge_first_tier"], outcome.sent_on, "the decision being sent", cal)


def add_challenge(case: Case, kind: str, applicant: str, applied_on: date, refusal_sent_on: date | None,
                  cal: WorkingCalendar) -> Challenge:
    deadline = challenge_deadline(case, kind, refusal_sent_on, cal)
    challenge = Challenge(case_id=case.id, kind=kind, applicant=applicant, applied_on=applied_on,
                          refusal_sent_on=refusal_sent_on, due_date=deadline.due if deadline else None)
    db.session.add(challenge)
    return challenge


def record_challenge_result(challenge: Challenge, result: str, result_on: date | None) -> None:
    challenge.result, challenge.result_on = result, result_on


def case_rows(model, case: Case) -> list:
    return list(db.session.scalars(select(model).where(model.case_id == case.id).order_by(model.id)))


def add_spend(case: Case, kind: str, amount: int, hours: float, note: str) -> Spend:
    spend = Spend(case_id=case.id, kind=kind, amount=amount, hours=hours, note=note)
    db.session.add(spend)
    return spend


def save_placement(case: Case, stage: str, kind: str, residential: bool, annual_cost: int,
                   transport_cost: int) -> Placement:
    """The placement before or after the appeal (one of each; saving again replaces it)."""
    placement = db.session.scalar(select(Placement).where(Placement.case_id == case.id, Placement.stage == stage))
    placement = placement or Placement(case_id=case.id, stage=stage)
    placement.kind, placement.residential = kind, residential
    placement.annual_cost, placement.transport_cost = annual_cost, transport_cost
    db.session.add(placement)
    return placement
