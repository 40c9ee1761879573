"""Gathers the dated items for a case's timetable, the dashboard and the calendar feeds."""
from datetime import date

from ...models import Case, User
from ...timetable import WorkingCalendar
from . import records
from .items import TimetableItem, direction_item, most_urgent_first


def case_items(case: Case, now: date, cal: WorkingCalendar) -> list[TimetableItem]:
    """Every dated item on one case, in date order."""
    items = [direction_item(direction, now, cal) for direction in records.case_directions(case)]
    return sorted(items, key=lambda item: (item.due, item.title))


def dashboard_items(user: User, officer_id: int | None, case_id: int | None) -> list[TimetableItem]:
    """The open items on the user's cases, most urgent first."""
    now, cal = records.today(), records.working_calendar()
    directions = records.visible_directions(user, officer_id, case_id)
    return most_urgent_first([direction_item(direction, now, cal) for direction in directions])
