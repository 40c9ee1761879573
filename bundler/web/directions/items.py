"""Everything with a date on a case's timetable, in one shape: directions, and (when the evidence area is there)
evidence request due dates and bundle issue dates."""
from dataclasses import dataclass
from datetime import date

from ...models import Case, Direction, User
from ...timetable import WorkingCalendar
from .records import Urgency, urgency


@dataclass(frozen=True)
class TimetableItem:
    uid: str  # stable across feed downloads, so calendars update entries in place
    case: Case
    title: str
    due: date
    explanation: str
    urgency: Urgency
    flag: str = ""
    responsible: User | None = None
    direction: Direction | None = None  # None for items another area owns


def direction_item(direction: Direction, now: date, cal: WorkingCalendar) -> TimetableItem:
    return TimetableItem(uid=f"direction-{direction.id}", case=direction.case, title=direction.title,
                         due=direction.due_date, explanation=direction.explanation, flag=direction.flag,
                         urgency=urgency(direction.status, direction.due_date, now, cal),
                         responsible=direction.responsible, direction=direction)


def most_urgent_first(items: list[TimetableItem]) -> list[TimetableItem]:
    return sorted(items, key=lambda item: (item.urgency.rank, item.due, item.case.reference, item.title))
