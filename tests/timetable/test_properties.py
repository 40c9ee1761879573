"""Properties of working-day counting that must hold for any start date and any N."""
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bundler.timetable import WorkingCalendar, appeal_deadline, sen_break
from bundler.timetable.deadlines import add_months

CAL = WorkingCalendar()
starts = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
counts = st.integers(min_value=-300, max_value=300)
thorough = settings(max_examples=150, deadline=None)


@thorough
@given(starts, counts, st.booleans())
def test_n_working_days_lands_on_a_working_day(start, n, sen):
    assert CAL.is_working_day(CAL.add_working_days(start, n, sen), sen)


@thorough
@given(starts, counts, st.booleans())
def test_exactly_n_working_days_lie_between_start_and_result(start, n, sen):
    end = CAL.add_working_days(start, n, sen)
    step = timedelta(days=1 if n >= 0 else -1)
    counted, d = 0, start
    while d != end:
        d += step
        counted += CAL.is_working_day(d, sen)
    assert counted == abs(n) or (n == 0 and CAL.is_working_day(end, sen))


@thorough
@given(starts, counts, counts, st.booleans())
def test_monotonic_in_n(start, a, b, sen):
    low, high = sorted((a, b))
    assert CAL.add_working_days(start, low, sen) <= CAL.add_working_days(start, high, sen)


@thorough
@given(starts, starts, counts, st.booleans())
def test_monotonic_in_start_date(a, b, n, sen):
    early, late = sorted((a, b))
    assert CAL.add_working_days(early, n, sen) <= CAL.add_working_days(late, n, sen)


@thorough
@given(starts, counts)
def test_sen_counting_never_lands_in_august_or_christmas_to_new_year(start, n):
    assert sen_break(CAL.add_working_days(start, n, sen=True)) is None


@thorough
@given(starts, st.one_of(st.none(), starts))
def test_appeal_deadline_is_a_working_day_outside_the_breaks_and_not_before_two_months(decision, certificate):
    deadline = appeal_deadline(CAL, decision, certificate)
    assert CAL.is_working_day(deadline.due) and sen_break(deadline.due) is None
    assert deadline.due >= add_months(decision, 2)[0]
    if certificate:
        assert deadline.due >= add_months(certificate, 1)[0]
