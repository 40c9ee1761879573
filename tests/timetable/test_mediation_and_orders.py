"""Mediation (§8 R5), mediation agreements (R12), recommendations (R9) and orders made together (R7, R8), with
worked examples across bank holidays, August and Christmas. SEND Regulations periods never use the Tribunal's SEN
counting: working days skip weekends and bank holidays only, and calendar periods count every day."""
from datetime import date

import pytest

from bundler.timetable import (
    MediationRecord,
    agreement_deadlines,
    health_notice,
    load_rules,
    mediation_arranged,
    mediation_certificate,
    mediation_deadlines,
    order_deadlines,
    recommendation_response,
)
from bundler.timetable.rules import parse_rules

ORDERS = load_rules().orders


def kinds(keys: str):
    return load_rules().order_kinds(keys)


def dues(steps):
    return [deadline.due for _step, deadline in steps]


# ---- mediation --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("event, expected", [
    (date(2025, 12, 3), date(2025, 12, 8)),    # a weekend
    (date(2025, 12, 23), date(2025, 12, 30)),  # Christmas and Boxing Day skipped, the rest of Christmas counted
    (date(2026, 4, 2), date(2026, 4, 9)),      # Good Friday and Easter Monday
    (date(2026, 8, 27), date(2026, 9, 2)),     # August counted; the 31 Aug 2026 bank holiday skipped
])
def test_certificate_three_working_days_without_the_sen_exclusion(cal, event, expected):
    deadline = mediation_certificate(cal, event, "mediation ended")
    assert deadline.due == expected
    assert "SEND Regulations working days" in deadline.explanation
    assert "August and Christmas are" in deadline.explanation


@pytest.mark.parametrize("told, expected", [
    (date(2025, 11, 3), date(2025, 11, 6)),
    (date(2026, 4, 2), date(2026, 4, 9)),      # Easter
    (date(2026, 8, 14), date(2026, 8, 19)),    # inside August: counted
    (date(2025, 12, 24), date(2025, 12, 31)),  # Christmas Day and Boxing Day skipped only
])
def test_health_notice_three_working_days(cal, told, expected):
    deadline = health_notice(cal, told)
    assert deadline.due == expected
    assert deadline.explanation.startswith("The authority tells each integrated care board")


@pytest.mark.parametrize("told, expected", [
    (date(2025, 11, 3), date(2025, 12, 3)),
    (date(2025, 12, 3), date(2026, 1, 2)),     # across Christmas: calendar days
    (date(2026, 7, 15), date(2026, 8, 14)),    # into August: calendar days
])
def test_arranging_mediation_takes_thirty_calendar_days(cal, told, expected):
    deadline = mediation_arranged(told, cal)
    assert deadline.due == expected and "Calendar days" in deadline.explanation and deadline.flag == ""


def test_thirty_days_ending_on_christmas_day_is_not_moved_but_flagged(cal):
    deadline = mediation_arranged(date(2025, 11, 25), cal)
    assert deadline.due == date(2025, 12, 25)
    assert "Thu 25 Dec 2025 is not a working day and the regulations do not move it" in deadline.flag


def test_health_only_mediation_carries_its_unconfirmed_note(cal):
    deadline = mediation_arranged(date(2025, 11, 3), cal, health_only=True)
    assert deadline.due == date(2025, 12, 3)
    assert "calendar or working days is unconfirmed" in deadline.flag


def test_the_mediation_record_gives_each_period_it_has_started(cal):
    # §8 R5: told Mon 3 Nov 2025, health in issue; mediation held Thu 27 Nov 2025.
    record = MediationRecord(notice_sent=date(2025, 10, 1), told=date(2025, 11, 3), health_in_issue=True,
                             ended=date(2025, 11, 27))
    found = {period.key: deadline.due for period, deadline in mediation_deadlines(cal, record)}
    assert found == {"mediation_contact": date(2025, 12, 1), "mediation_health_notice": date(2025, 11, 6),
                     "mediation_arrange_warning": date(2025, 11, 28), "mediation_arrange": date(2025, 12, 3),
                     "mediation_certificate": date(2025, 12, 2)}


def test_the_certificate_follows_the_latest_event_and_an_unknown_date_starts_nothing(cal):
    # The authority reported on Tue 23 Dec 2025 that it cannot arrange mediation in 30 days.
    record = MediationRecord(told=date(2025, 11, 24), cannot_arrange=date(2025, 12, 23))
    found = {period.key: deadline for period, deadline in mediation_deadlines(cal, record)}
    assert set(found) == {"mediation_arrange_warning", "mediation_arrange", "mediation_certificate"}
    assert found["mediation_certificate"].due == date(2025, 12, 30)
    assert "could not arrange mediation within 30 days" in found["mediation_certificate"].explanation
    assert mediation_deadlines(cal, MediationRecord()) == []


def test_health_only_and_an_agreement_the_authority_was_not_party_to(cal):
    record = MediationRecord(told=date(2026, 1, 5), health_only=True, agreed_without_authority=date(2026, 1, 15))
    found = {period.key: deadline.due for period, deadline in mediation_deadlines(cal, record)}
    assert found == {"mediation_arrange_health_only": date(2026, 2, 4), "agreement_notice": date(2026, 1, 22)}


def test_mediation_periods_come_from_the_editable_rules(cal):
    # The health-only 30 days is unconfirmed: an administrator can make it working days without a code change.
    edited = parse_rules('[periods.mediation_arrange_health_only]\nact = "The board arranges mediation"\n'
                         'amount = 30\nunit = "working_days"\nbasis = "Read as working days"\n')
    deadline = mediation_arranged(date(2025, 12, 1), cal, health_only=True, rules=edited)
    assert deadline.due == date(2026, 1, 15)  # as §8 R1 without the SEN exclusion
    assert "SEND Regulations working days" in deadline.explanation


def test_a_period_with_an_unknown_unit_is_refused_with_the_units_to_use():
    with pytest.raises(ValueError, match="`unit` must be one of days, weeks, months, working_days"):
        parse_rules('[periods.x]\nact = "X"\namount = 3\nunit = "fortnights"\n')


# ---- mediation agreements (reg 42) -------------------------------------------------------------------------------

def test_r12_agreement_on_section_f_runs_the_reg_44_period_from_the_agreement(cal):
    (step, deadline), = agreement_deadlines(cal, date(2026, 1, 15), kinds("amend"))
    assert (step.weeks, deadline.due) == (5, date(2026, 2, 19))
    assert "after the mediation agreement (Thu 15 Jan 2026)" in deadline.explanation
    assert "reg 42, as if the Tribunal had ordered it" in deadline.explanation


def test_r12_any_other_item_two_weeks_and_a_written_timescale_overrides(cal):
    (_step, other), = agreement_deadlines(cal, date(2026, 1, 15))
    assert other.due == date(2026, 1, 29) and "Calendar weeks" in other.explanation
    (_step, written), = agreement_deadlines(cal, date(2026, 1, 15), kinds("amend"), written=date(2026, 3, 31))
    assert written.due == date(2026, 3, 31) and "agreed in writing" in written.explanation
    with pytest.raises(ValueError, match="is before the agreement of Thu 15 Jan 2026"):
        agreement_deadlines(cal, date(2026, 1, 15), written=date(2026, 1, 1))


def test_agreement_over_christmas_counts_every_day_and_flags_new_years_day(cal):
    (_step, other), = agreement_deadlines(cal, date(2025, 12, 18))
    assert other.due == date(2026, 1, 1)
    assert "Thu 1 Jan 2026 is not a working day" in other.flag
    assert dues(agreement_deadlines(cal, date(2025, 12, 18), kinds("assess"))) == [
        date(2026, 1, 1), date(2026, 2, 26), date(2026, 3, 26)]


def test_agreement_on_b_f_and_section_i_is_one_five_week_step(cal):
    assert dues(agreement_deadlines(cal, date(2026, 1, 15), kinds("amend,section_i"))) == [date(2026, 2, 19)]
    assert dues(agreement_deadlines(cal, date(2026, 1, 15), kinds("section_i"))) == [date(2026, 1, 29)]


# ---- recommendations --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sent, expected", [
    (date(2025, 11, 7), date(2025, 12, 12)),
    (date(2025, 11, 28), date(2026, 1, 2)),   # Christmas counted
    (date(2026, 7, 24), date(2026, 8, 28)),   # August counted
])
def test_r9_recommendation_response_five_calendar_weeks(sent, expected):
    deadline = recommendation_response(sent)
    assert deadline.due == expected and "Calendar weeks" in deadline.explanation
    assert "SI 2017/1306" in deadline.detail


# ---- orders made together ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("sent, together, alone", [
    (date(2025, 11, 7), date(2025, 12, 12), date(2025, 11, 21)),   # §8 R7
    (date(2025, 11, 28), date(2026, 1, 2), date(2025, 12, 12)),    # across Christmas: calendar weeks
    (date(2026, 7, 17), date(2026, 8, 21), date(2026, 7, 31)),     # into August: calendar weeks
])
def test_b_f_and_section_i_ordered_together_have_one_five_week_step(cal, sent, together, alone):
    steps = order_deadlines(cal, kinds("amend,section_i"), sent)
    assert dues(steps) == [together]
    (step, deadline), = steps
    assert step.weeks == 5 and step.act == "Send the amended EHC plan"
    assert "One step for the orders made together" in deadline.detail and "BA v Nottinghamshire" in deadline.detail
    assert dues(order_deadlines(cal, kinds("section_i"), sent)) == [alone]


def test_the_order_the_kinds_are_named_in_does_not_matter(cal):
    assert dues(order_deadlines(cal, kinds("section_i,amend"), date(2025, 11, 7))) == [date(2025, 12, 12)]


def test_continue_and_amend_with_section_i_keeps_both_steps_once(cal):
    steps = order_deadlines(cal, kinds("continue_amend,section_i,continue"), date(2025, 11, 7))
    assert [(step.act, deadline.due) for step, deadline in steps] == [
        ("Continue to maintain the plan", date(2025, 11, 7)), ("Send the amended EHC plan", date(2025, 12, 12))]
    assert "secondary source" in steps[1][1].flag  # reg 44(2)(h) unread: its note stays beside the date


def test_an_order_step_ending_on_boxing_day_is_flagged_not_moved(cal):
    (_step, deadline), = order_deadlines(cal, kinds("amend,section_i"), date(2025, 11, 21))
    assert deadline.due == date(2025, 12, 26)
    assert "Fri 26 Dec 2025 is not a working day and the regulations do not move it" in deadline.flag


def test_unopposed_orders_made_together_run_from_the_notice(cal):
    steps = order_deadlines(cal, kinds("amend,section_i"), date(2025, 11, 7), unopposed=True)
    assert dues(steps) == [date(2025, 12, 12)] and "reg 45" in steps[0][1].explanation
    with pytest.raises(ValueError, match="is not the outcome of an unopposed appeal"):
        order_deadlines(cal, kinds("remit,amend"), date(2025, 11, 7), unopposed=True)


def test_a_single_kind_is_unchanged(cal):
    steps = order_deadlines(cal, ORDERS["assess"], date(2025, 11, 7))
    assert dues(steps) == [date(2025, 11, 21), date(2026, 1, 16), date(2026, 2, 13)]
    assert all("reg 44" in deadline.explanation for _step, deadline in steps)


@pytest.mark.parametrize("keys, message", [
    ("sideways", "unknown order 'sideways'"),
    ("amend,,amend", "names an order twice"),
    ("cease,amend", "cannot be combined with another order"),
    ("", "unknown order"),
])
def test_order_kinds_are_checked_with_a_message_to_act_on(keys, message):
    with pytest.raises(ValueError, match=message):
        kinds(keys)
