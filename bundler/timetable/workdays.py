"""Working days: Monday to Friday less England and Wales bank holidays, local overrides and, for SEN
counting under HESC r.12(3)(b), every day of August and 25 December to 1 January."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import holidays

ONE_DAY = timedelta(days=1)
CHRISTMAS_BREAK = "25 Dec–1 Jan"
AUGUST = "August"


def show(d: date) -> str:
    """A date as pages and explanations show it: "Mon 1 Dec 2025"."""
    return f"{d:%a} {d.day} {d:%b %Y}"


def sen_break(d: date) -> str | None:
    """The SEN break `d` falls in (August, or 25 Dec–1 Jan inclusive), else None."""
    if d.month == 8:
        return AUGUST
    if (d.month, d.day) >= (12, 25) or (d.month, d.day) == (1, 1):
        return CHRISTMAS_BREAK
    return None


class WorkingCalendar:
    """Bank holidays from the `holidays` package (GB, England) plus one-off days an administrator adds."""

    def __init__(self, extra_holidays: Mapping[date, str] | None = None):
        self._bank_holidays = holidays.country_holidays("GB", subdiv="ENG")
        self._extra = dict(extra_holidays or {})

    def holiday_name(self, d: date) -> str | None:
        return self._extra.get(d) or self._bank_holidays.get(d)

    def is_working_day(self, d: date, sen: bool = False) -> bool:
        return d.weekday() < 5 and self.holiday_name(d) is None and not (sen and sen_break(d))

    def next_working_day(self, d: date, sen: bool = False) -> date:
        """`d` itself when it is a working day, else the first working day after it (HESC r.12(2))."""
        while not self.is_working_day(d, sen):
            d += ONE_DAY
        return d

    def add_working_days(self, start: date, n: int, sen: bool = False) -> date:
        """Count `n` working days on from `start` (day 0); a negative `n` counts back.

        n = 0 gives `start`, moved on to the next working day when it is not one."""
        if n == 0:
            return self.next_working_day(start, sen)
        step = ONE_DAY if n > 0 else -ONE_DAY
        d, left = start, abs(n)
        while left:
            d += step
            if self.is_working_day(d, sen):
                left -= 1
        return d

    def skipped(self, first: date, last: date, sen: bool = False) -> tuple[list[str], list[str]]:
        """What made weekdays between `first` and `last` (inclusive, either order) not count:
        the holidays as "Good Friday 3 Apr 2026", and the SEN breaks crossed."""
        first, last = min(first, last), max(first, last)
        named, breaks = [], []
        d = first
        while d <= last:
            name = self.holiday_name(d)
            if sen and sen_break(d) and sen_break(d) not in breaks:
                breaks.append(sen_break(d))
            if name and d.weekday() < 5 and not (sen and sen_break(d)):
                named.append(f"{name} {d.day} {d:%b %Y}")
            d += ONE_DAY
        return named, breaks
