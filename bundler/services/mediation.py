"""Mediation records: saving one, the dates each step must happen by (from `timetable.mediation`), the
agreement's actions as compliance steps (reg 42), and the certificate's effect on the appeal deadline."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import Case, ComplianceStep, Mediation, MediationChoice, MediationOutcome, Role, StepSource, User
from ..timetable import (
    Deadline,
    MediationRecord,
    WorkingCalendar,
    agreement_deadlines,
    appeal_deadline,
    load_rules,
    mediation_deadlines,
)

MEDIATION_EDITORS = (Role.tribunal_officer, Role.send_officer, Role.administrator)
MEDIATION_FIELDS = ("notice_sent_on", "notice_checks", "choice", "adviser_contacted_on", "declined_on", "told_on",
                    "health_in_issue", "health_notice_sent_on", "cannot_arrange_on", "mediation_on", "attendee_id",
                    "attendee_can_settle", "outcome", "certificate_on", "agreement_on", "issues", "position",
                    "room_to_settle", "options")


def mediation_for(case: Case) -> Mediation | None:
    return db.session.scalar(select(Mediation).where(Mediation.case_id == case.id))


def save_mediation(case: Case, values: dict) -> tuple[Mediation, list[str]]:
    """Create or update the case's mediation record; the certificate date becomes the case's, so the appeal
    deadline follows it. Returns the record and the names of the fields that changed."""
    mediation = mediation_for(case) or Mediation(case=case)
    db.session.add(mediation)
    changed = [name for name in MEDIATION_FIELDS if getattr(mediation, name) != values[name]]
    for name in changed:
        setattr(mediation, name, values[name])
    if mediation.choice == MediationChoice.decline and mediation.declined_on is None:
        mediation.declined_on = mediation.adviser_contacted_on
    if mediation.certificate_on and case.mediation_certificate_date != mediation.certificate_on:
        case.mediation_certificate_date = mediation.certificate_on
    return mediation, changed


def settlers(case: Case) -> list[User]:
    """Officers on the case's team who may attend for the authority (the attendee must have authority to settle)."""
    roles = (Role.tribunal_officer, Role.send_officer, Role.legal_reviewer, Role.send_manager)
    return sorted((m for m in case.team.members if m.active and m.role in roles), key=lambda m: m.name)


@dataclass(frozen=True)
class MediationDate:
    key: str  # the period's key in bundler/rules/timetable.toml
    title: str
    deadline: Deadline
    done_on: date | None  # when it was done, if it was


def _done_on(mediation: Mediation, key: str) -> date | None:
    return {
        "mediation_contact": mediation.adviser_contacted_on or mediation.declined_on or mediation.told_on,
        "mediation_health_notice": mediation.health_notice_sent_on,
        "mediation_arrange_warning": mediation.mediation_on,
        "mediation_arrange": mediation.mediation_on or mediation.cannot_arrange_on,
        "mediation_certificate": mediation.certificate_on,
    }.get(key)


HELD_NOT_ENDED = (MediationOutcome.pending, MediationOutcome.not_held)


def record_of(mediation: Mediation) -> MediationRecord:
    return MediationRecord(notice_sent=mediation.notice_sent_on, told=mediation.told_on,
                           health_in_issue=mediation.health_in_issue, declined=mediation.declined_on,
                           ended=mediation.mediation_on if mediation.outcome not in HELD_NOT_ENDED else None,
                           cannot_arrange=mediation.cannot_arrange_on)


def mediation_dates(mediation: Mediation, cal: WorkingCalendar) -> list[MediationDate]:
    """Every date the record so far has started, with when it was done. The 'booked' check is left out once
    mediation is booked: it is only a reminder."""
    dates = [MediationDate(period.key, period.act, deadline, _done_on(mediation, period.key))
             for period, deadline in mediation_deadlines(cal, record_of(mediation))]
    return [d for d in dates if not (d.key == "mediation_arrange_warning" and d.done_on)]


def appeal_deadline_after(mediation: Mediation, cal: WorkingCalendar) -> Deadline | None:
    """The last day to appeal once the certificate is issued (the later of the two HESC r.20 periods)."""
    if mediation.case.decision_letter_date is None:
        return None
    return appeal_deadline(cal, mediation.case.decision_letter_date, mediation.certificate_on)


def agreement_kinds() -> dict[str, str]:
    """What an item of an agreement can be, as the order the Tribunal could have made ("" = not appealable)."""
    return {"": "Something that could not be appealed (2 weeks)"} | {
        key: f"As if ordered: {kind.title}" for key, kind in load_rules().orders.items()}


def add_agreement_action(mediation: Mediation, act: str, kind: str, written: date | None, written_record: str,
                         cal: WorkingCalendar) -> list[ComplianceStep]:
    """Record one item of the agreement as the steps reg 42 gives it. ValueError if there is no agreement date or
    the written date is before it."""
    if mediation.agreement_on is None:
        raise ValueError("Enter the date of the written mediation agreement first: reg 42 periods run from it.")
    kinds = load_rules().order_kinds(kind) if kind and written is None else ()
    deadlines = agreement_deadlines(cal, mediation.agreement_on, kinds, written)
    steps = []
    for step, deadline in deadlines:
        name = act if len(deadlines) == 1 else f"{act}: {step.act}"
        steps.append(ComplianceStep(
            case_id=mediation.case_id, mediation=mediation, source=StepSource.agreement, kinds=kind if kinds else "",
            act=name[:300], started_on=mediation.agreement_on, due_date=deadline.due,
            explanation=deadline.explanation, written_record=written_record if written else "",
            amends_plan=any(s.merge == "amended_plan" for k in kinds for s in k.steps)))
    db.session.add_all(steps)
    return steps


def agreement_actions(mediation: Mediation) -> list[ComplianceStep]:
    return list(db.session.scalars(select(ComplianceStep).where(ComplianceStep.mediation_id == mediation.id)
                                   .order_by(ComplianceStep.due_date, ComplianceStep.id)))
