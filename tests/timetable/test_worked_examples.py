"""Every worked example in send-tribunal.md §8, with the date the notes give."""
from datetime import date

import pytest

from bundler.timetable import (
    appeal_deadline,
    disability_claim_deadline,
    fixed_date,
    health_notice,
    load_rules,
    mediation_arranged,
    mediation_certificate,
    mediation_contact,
    order_deadlines,
    recommendation_response,
    working_days,
)


@pytest.mark.parametrize("received, sen, expected", [
    (date(2025, 12, 1), True, date(2026, 1, 20)),
    (date(2025, 12, 1), False, date(2026, 1, 15)),
    (date(2025, 7, 15), True, date(2025, 9, 24)),
    (date(2025, 7, 15), False, date(2025, 8, 27)),
    (date(2026, 6, 29), True, date(2026, 9, 8)),
])
def test_r1_thirty_working_days_from_receipt(cal, received, sen, expected):
    assert working_days(cal, received, 30, sen).due == expected


def test_r2_period_ending_on_a_weekend_moves_to_the_next_working_day(cal):
    assert working_days(cal, date(2025, 11, 29), 0, sen=False).due == date(2025, 12, 1)


def test_r3_certificate_month_governs_and_christmas_moves_it_to_january(cal):
    deadline = appeal_deadline(cal, date(2025, 10, 1), date(2025, 11, 29))
    assert deadline.due == date(2026, 1, 2)
    assert "first working day after 1 January" in deadline.explanation
    assert "Mon 29 Dec 2025" in deadline.explanation


def test_r3_section_i_appeal_without_certificate_moves_out_of_august(cal):
    deadline = appeal_deadline(cal, date(2025, 6, 20))
    assert deadline.due == date(2025, 9, 1)
    assert "falls in August" in deadline.explanation


def test_r3_month_end_is_the_last_day_of_the_month_as_settled_law(cal):
    deadline = appeal_deadline(cal, date(2025, 12, 31))
    assert deadline.due == date(2026, 3, 2)  # the last day, Sat 28 Feb 2026, then the next working day
    assert "Sat 28 Feb 2026 (the last day of February, which has no day 31)" in deadline.explanation
    assert "Dodds v Walker [1981] 1 WLR 1027" in deadline.detail
    assert deadline.flag == "" and "unconfirmed" not in deadline.explanation + deadline.detail


def test_r4_disability_claim_is_six_months_with_no_august_adjustment():
    assert disability_claim_deadline(date(2025, 2, 14)).due == date(2025, 8, 14)
    clamped = disability_claim_deadline(date(2025, 8, 31))
    assert clamped.due == date(2026, 2, 28) and clamped.flag == "" and "Dodds v Walker" in clamped.detail
    assert "No August or Christmas adjustment" in clamped.explanation


def test_r5_other_mediation_periods(cal):
    assert mediation_contact(date(2025, 10, 1)).due == date(2025, 12, 1)
    assert mediation_arranged(date(2025, 12, 3)).due == date(2026, 1, 2)
    assert health_notice(cal, date(2025, 12, 23)).due == date(2025, 12, 30)  # no Christmas exclusion in the Regs
    assert mediation_certificate(cal, date(2026, 4, 2), "mediation ended").due == date(2026, 4, 9)  # Easter


@pytest.mark.parametrize("declined, expected", [
    (date(2025, 12, 3), date(2025, 12, 8)),
    (date(2025, 12, 23), date(2025, 12, 30)),
])
def test_r5_certificate_within_three_working_days_of_declining(cal, declined, expected):
    assert mediation_certificate(cal, declined).due == expected


@pytest.mark.parametrize("hearing, sen, expected", [
    (date(2026, 2, 10), True, date(2026, 1, 27)),
    (date(2026, 1, 7), True, date(2025, 12, 16)),
    (date(2026, 1, 7), False, date(2025, 12, 19)),
    (date(2026, 9, 8), True, date(2026, 7, 27)),
])
def test_r6_bundle_ten_working_days_before_the_hearing(cal, hearing, sen, expected):
    assert working_days(cal, hearing, -10, sen).due == expected


@pytest.mark.parametrize("kind, expected", [
    ("section_i", [date(2025, 11, 21)]),
    ("amend", [date(2025, 12, 12)]),
    ("assess", [date(2025, 11, 21), date(2026, 1, 16), date(2026, 2, 13)]),
    ("make_plan", [date(2025, 12, 12), date(2026, 1, 23)]),
    ("continue", [date(2025, 11, 7)]),
    ("cease", [date(2025, 11, 7)]),
])
def test_r7_order_compliance_in_calendar_weeks_from_the_order(cal, kind, expected):
    steps = order_deadlines(cal, load_rules().orders[kind], date(2025, 11, 7))
    assert [deadline.due for _step, deadline in steps] == expected


def test_r8_unopposed_appeal_runs_from_the_authoritys_notice(cal):
    steps = order_deadlines(cal, load_rules().orders["assess"], date(2025, 11, 7), unopposed=True)
    assert [deadline.due for _step, deadline in steps] == [date(2025, 11, 21), date(2026, 1, 16), date(2026, 2, 13)]
    assert all("reg 45" in deadline.explanation for _step, deadline in steps)


def test_r9_recommendation_response_within_five_weeks():
    assert recommendation_response(date(2025, 11, 7)).due == date(2025, 12, 12)


def test_r5_mediation_periods_do_not_claim_the_tribunals_5pm_rule(cal):
    # Periods in the SEND Regulations are not acts under the Tribunal's rules, so HESC r.12(1) does not govern them.
    for deadline in (mediation_certificate(cal, date(2025, 12, 3)), health_notice(cal, date(2025, 12, 3))):
        assert "SEND Regulations working days" in deadline.explanation
        assert "SEND Regs 2014" in deadline.detail
        assert "HESC r.12(1)" not in deadline.explanation + deadline.detail


def test_r2_a_fixed_date_on_a_non_working_day_is_flagged_with_the_next_working_day(cal):
    # HESC r.12(2) applies to a date set by a direction too; r.12(4) only stops the August/Christmas exclusion.
    assert fixed_date(date(2026, 1, 23), cal=cal).flag == ""  # a Friday
    flag = fixed_date(date(2025, 12, 25), cal=cal).flag
    assert "Thu 25 Dec 2025 is not a working day" in flag and "Mon 29 Dec 2025 (HESC r.12(2))" in flag


def test_r6_counting_back_across_a_sen_break_is_flagged_as_unconfirmed(cal):
    # §8 R6 and §9: whether r.12(3)(b) applies when counting back from the hearing is unconfirmed.
    across_august = working_days(cal, date(2026, 9, 8), -10, sen=True)
    assert across_august.due == date(2026, 7, 27)
    assert "Counting back across August" in across_august.flag and "unconfirmed" in across_august.flag
    assert working_days(cal, date(2026, 2, 10), -10, sen=True).flag == ""  # no break crossed
    assert working_days(cal, date(2025, 7, 15), 30, sen=True).flag == ""  # counting forward is the rule itself
