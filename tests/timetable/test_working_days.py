"""Counting across Easter, May bank holidays, August, Christmas, New Year substitute days and leap years."""
from datetime import date

import pytest

from bundler.timetable import WorkingCalendar, appeal_deadline, working_days


@pytest.mark.parametrize("start, n, sen, expected", [
    (date(2026, 4, 2), 1, False, date(2026, 4, 7)),     # Good Friday and Easter Monday 2026
    (date(2026, 4, 7), -1, True, date(2026, 4, 2)),     # and back again
    (date(2027, 3, 25), 1, True, date(2027, 3, 30)),    # Easter 2027 falls in March
    (date(2026, 5, 1), 1, False, date(2026, 5, 5)),     # May Day
    (date(2026, 5, 22), 1, True, date(2026, 5, 26)),    # Spring bank holiday
    (date(2025, 8, 22), 1, False, date(2025, 8, 26)),   # Late Summer bank holiday
    (date(2025, 8, 22), 1, True, date(2025, 9, 1)),     # starting inside August
    (date(2026, 7, 31), 1, False, date(2026, 8, 3)),
    (date(2026, 7, 31), 1, True, date(2026, 9, 1)),     # August, then the 31 Aug bank holiday
    (date(2026, 12, 24), 1, False, date(2026, 12, 29)),  # Boxing Day (observed) Mon 28 Dec 2026
    (date(2026, 12, 24), 1, True, date(2027, 1, 4)),
    (date(2022, 12, 23), 1, False, date(2022, 12, 28)),  # Christmas Day (observed) Tue 27 Dec 2022
    (date(2027, 12, 24), 1, False, date(2027, 12, 29)),  # both substitute days, 27 and 28 Dec 2027
    (date(2027, 12, 31), 1, False, date(2028, 1, 4)),    # New Year's Day (observed) Mon 3 Jan 2028
    (date(2027, 12, 24), 1, True, date(2028, 1, 4)),
    (date(2028, 2, 25), 2, False, date(2028, 2, 29)),    # leap day is a working day
    (date(2028, 3, 1), -1, True, date(2028, 2, 29)),
])
def test_counting_skips_the_days_that_are_not_working_days(cal, start, n, sen, expected):
    assert working_days(cal, start, n, sen).due == expected


def test_explanation_names_each_bank_holiday_skipped(cal):
    deadline = working_days(cal, date(2026, 4, 2), 1, sen=False)
    assert deadline.explanation.startswith("1 working day after Thu 2 Apr 2026. Weekends and bank holidays are not")
    assert "Good Friday 3 Apr 2026" in deadline.detail and "Easter Monday 6 Apr 2026" in deadline.detail
    assert "skipping weekends and bank holidays" in deadline.detail


def test_sen_explanation_says_which_breaks_were_left_out(cal):
    deadline = working_days(cal, date(2025, 7, 15), 30, sen=True)
    assert "Tribunal rules in an SEN case" in deadline.explanation
    assert "skipping weekends and August." in deadline.detail and "HESC r.12(3)(b)" in deadline.detail
    assert "25 Dec–1 Jan" not in deadline.detail.split(".")[0]


def test_a_day_counted_from_is_not_listed_as_skipped(cal):
    text = working_days(cal, date(2026, 4, 3), 1, sen=False).detail
    assert "Good Friday" not in text and "Easter Monday 6 Apr 2026" in text


def test_local_override_adds_a_one_off_bank_holiday():
    cal = WorkingCalendar({date(2026, 6, 8): "Local one-off bank holiday"})
    deadline = working_days(cal, date(2026, 6, 5), 1, sen=False)
    assert deadline.due == date(2026, 6, 9)
    assert "Local one-off bank holiday 8 Jun 2026" in deadline.detail
    assert WorkingCalendar().add_working_days(date(2026, 6, 5), 1) == date(2026, 6, 8)


def test_appeal_deadline_on_a_weekend_before_august_moves_past_august(cal):
    deadline = appeal_deadline(cal, date(2032, 5, 31))  # Sat 31 Jul 2032, next working day Mon 2 Aug
    assert deadline.due == date(2032, 9, 1)
    assert "Mon 2 Aug 2032 falls in August" in deadline.explanation


def test_appeal_deadline_falling_on_a_new_year_substitute_day_moves_past_it(cal):
    assert appeal_deadline(cal, date(2027, 10, 29)).due == date(2028, 1, 4)


@pytest.mark.parametrize("decision, expected, clamped", [
    (date(2027, 12, 31), date(2028, 2, 29), True),   # leap year: clamped to 29 Feb, a Tuesday
    (date(2026, 12, 31), date(2027, 3, 1), True),    # clamped to Sun 28 Feb 2027, then Monday
    (date(2028, 2, 29), date(2028, 5, 2), False),    # Sat 29 Apr 2028, past May Day Mon 1 May
])
def test_appeal_deadline_across_leap_years(cal, decision, expected, clamped):
    deadline = appeal_deadline(cal, decision)
    assert deadline.due == expected
    assert ("Dodds v Walker" in deadline.detail) is clamped and deadline.flag == ""


def test_certificate_month_end_is_flagged_too(cal):
    deadline = appeal_deadline(cal, date(2027, 12, 1), date(2028, 1, 31))
    assert deadline.due == date(2028, 2, 29)
    assert "the last day of February, which has no day 31" in deadline.explanation


def test_earlier_certificate_does_not_shorten_the_two_months(cal):
    assert appeal_deadline(cal, date(2026, 3, 2), date(2026, 3, 10)).due == date(2026, 5, 5)  # 4 May is May Day
