"""Directions on cases: proposing, confirming, adding, changing status, and sorting them by urgency."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ... import dates
from ...extensions import db
from ...models import Case, Direction, DirectionEvent, DirectionStatus, EvidenceRequest, HolidayOverride, Role, User
from ...timetable import (
    Deadline,
    ProposedEntry,
    WorkingCalendar,
    appeal_deadline,
    fixed_date,
    mediation_contact,
    propose_timetable,
    show,
    working_days,
)
from ..cases import visible_cases

DIRECTION_EDITORS = (Role.tribunal_officer, Role.send_officer, Role.administrator)
SOON_WORKING_DAYS = 5


def past_5pm() -> bool:
    """After 5pm in England an act due today is late (HESC r.12(1))."""
    return dates.now().hour >= 17


def working_calendar() -> WorkingCalendar:
    """Bank holidays plus the one-off days an administrator has added."""
    overrides = db.session.scalars(select(HolidayOverride))
    return WorkingCalendar({override.day: override.name for override in overrides})


# Every appeal type the authority handles is an SEN appeal, so HESC r.12(3) counting applies to all of them:
# disability discrimination claims (plain counting) are brought against schools and are not tracked here.
SEN_COUNTING = True


# ---- urgency -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Urgency:
    rank: int
    label: str
    colour: str  # of its GOV.UK tag


OVERDUE = Urgency(0, "Overdue", "red")
DUE_TODAY = Urgency(1, "Due today", "orange")
DUE_SOON = Urgency(2, "Due within 5 working days", "yellow")
LATER = Urgency(3, "Open", "blue")
MISSED = Urgency(4, "Missed", "red")
DONE = Urgency(5, "Done", "green")
RECEIVED = Urgency(5, "Received", "green")
CLOSED = Urgency(5, "Closed", "grey")
ISSUED = Urgency(5, "Issued", "green")


def urgency(status: DirectionStatus, due: date, now: date, cal: WorkingCalendar) -> Urgency:
    if status == DirectionStatus.done:
        return DONE
    if status == DirectionStatus.missed:
        return MISSED
    if due < now or (due == now and past_5pm()):
        return OVERDUE
    if due == now:
        return DUE_TODAY
    if due <= cal.add_working_days(now, SOON_WORKING_DAYS):
        return DUE_SOON
    return LATER


def appeal_dates(case: Case, cal: WorkingCalendar) -> list[tuple[str, Deadline]]:
    """The dates before registration, from the decision letter and the mediation certificate."""
    if case.decision_letter_date is None:
        return []
    return [("Parent or young person to contact the mediation adviser", mediation_contact(case.decision_letter_date)),
            ("Last day to appeal", appeal_deadline(cal, case.decision_letter_date, case.mediation_certificate_date))]


# ---- the standard timetable ---------------------------------------------------------------------------------

def standard_source(key: str) -> str:
    return f"standard:{key}"


@dataclass(frozen=True)
class StandardRow:
    proposal: ProposedEntry
    direction: Direction | None  # the confirmed or overridden entry, once there is one

    @property
    def changed_since_confirmed(self) -> bool:
        """The case dates have moved since the proposal was confirmed (a fixed date never follows them)."""
        return bool(self.direction and self.direction.rule and self.proposal.deadline
                    and self.proposal.deadline.due != self.direction.due_date)


def standard_timetable(case: Case, cal: WorkingCalendar) -> list[StandardRow]:
    existing = {d.source: d for d in case_directions(case) if d.source.startswith("standard:")}
    return [StandardRow(entry, existing.get(standard_source(entry.rule.key)))
            for entry in propose_timetable(cal, case.registration_date, case.hearing_date, SEN_COUNTING)]


def proposed_entry(case: Case, key: str, cal: WorkingCalendar) -> StandardRow | None:
    return next((row for row in standard_timetable(case, cal) if row.proposal.rule.key == key), None)


def _record(direction: Direction, user: User, action: str, detail: str = "") -> None:
    direction.events.append(DirectionEvent(user_id=user.id, action=action, detail=detail))


def _set_date(direction: Direction, deadline: Deadline, rule: str, user: User, action: str) -> None:
    detail = (f"{show(direction.due_date)} → {show(deadline.due)}"
              if direction.due_date and direction.due_date != deadline.due else show(deadline.due))
    direction.due_date, direction.explanation, direction.flag, direction.detail, direction.rule = (
        deadline.due, deadline.explanation, deadline.flag, deadline.detail, rule)
    _record(direction, user, action, detail)


def _standard_direction(case: Case, row: StandardRow) -> Direction:
    if row.direction is not None:
        return row.direction
    direction = Direction(case=case, title=row.proposal.rule.title, source=standard_source(row.proposal.rule.key),
                          responsible_id=case.officer_id)
    db.session.add(direction)
    return direction


def confirm_entry(case: Case, row: StandardRow, user: User) -> Direction:
    """Accept the proposed date (again, if the case dates have moved since)."""
    direction = _standard_direction(case, row)
    _set_date(direction, row.proposal.deadline, row.proposal.rule.describe(SEN_COUNTING), user, "confirmed")
    return direction


def override_entry(case: Case, row: StandardRow, due: date, user: User) -> Direction:
    """Replace the proposal with the fixed date the tribunal's letter gives."""
    deadline = fixed_date(due, cal=working_calendar())  # before the new direction joins the session unfinished
    direction = _standard_direction(case, row)
    if row.proposal.deadline:
        deadline = Deadline(due, f"{deadline.explanation} The standard rule "
                                 f"({row.proposal.rule.describe(SEN_COUNTING)}) proposed "
                                 f"{show(row.proposal.deadline.due)}.", deadline.flag)
    _set_date(direction, deadline, "", user, "fixed date from the tribunal")
    return direction


# ---- further directions ------------------------------------------------------------------------------------

def add_direction(case: Case, title: str, deadline: Deadline, rule: str, responsible_id: int | None,
                  user: User, source: str = "manual") -> Direction:
    direction = Direction(case=case, title=title, source=source, responsible_id=responsible_id)
    db.session.add(direction)
    _set_date(direction, deadline, rule, user, "added")
    return direction


def add_counted_direction(case: Case, title: str, start: date, n: int, responsible_id: int | None,
                          user: User) -> Direction:
    """A direction given as "within N working days of" a date."""
    deadline = working_days(working_calendar(), start, n, SEN_COUNTING)
    rule = f"{n} {'SEN ' if SEN_COUNTING else ''}working days after {show(start)}"
    return add_direction(case, title, deadline, rule, responsible_id, user)


def set_status(direction: Direction, status: DirectionStatus, user: User, done_on: date | None = None,
               evidence_note: str = "") -> None:
    direction.status = status
    direction.done_on = done_on if status == DirectionStatus.done else None
    direction.evidence_note = evidence_note if status == DirectionStatus.done else ""
    detail = f"on {show(done_on)}: {evidence_note}" if status == DirectionStatus.done else ""
    _record(direction, user, {DirectionStatus.open: "reopened"}.get(status, f"marked {status.value}"), detail)


# ---- reading ------------------------------------------------------------------------------------------------

def case_directions(case: Case) -> list[Direction]:
    return list(db.session.scalars(
        select(Direction).where(Direction.case_id == case.id).order_by(Direction.due_date, Direction.id)))


def direction_for_case(case: Case, direction_id: int) -> Direction | None:
    direction = db.session.get(Direction, direction_id)
    return direction if direction is not None and direction.case_id == case.id else None


def responsible_people(user: User) -> list[User]:
    """Everyone responsible for a direction or an evidence request on the cases `user` can see: the dashboard's
    officer filter."""
    case_ids = visible_cases(user).with_only_columns(Case.id)
    ids = select(Direction.responsible_id).where(Direction.case_id.in_(case_ids)).union(
        select(EvidenceRequest.created_by_id).where(EvidenceRequest.case_id.in_(case_ids)))
    return list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.name)))


def visible_directions(user: User, officer_id: int | None = None, case_id: int | None = None,
                       statuses=(DirectionStatus.open,)) -> list[Direction]:
    """Directions on the cases `user` can see, earliest first."""
    case_ids = visible_cases(user).with_only_columns(Case.id)
    query = select(Direction).where(Direction.case_id.in_(case_ids), Direction.status.in_(statuses))
    if officer_id is not None:
        query = query.where(Direction.responsible_id == officer_id)
    if case_id is not None:
        query = query.where(Direction.case_id == case_id)
    return list(db.session.scalars(query.order_by(Direction.due_date, Direction.id)))
