"""The standard timetable proposal and the editable defaults it is built from."""
from datetime import date

import pytest

from bundler.timetable import load_rules, propose_timetable
from bundler.timetable.rules import parse_rules


def _by_key(entries):
    return {entry.rule.key: entry for entry in entries}


def test_default_rules_hold_response_and_bundle_periods():
    entries = {rule.key: rule for rule in load_rules().entries}
    assert (entries["response"].working_days, entries["response"].anchor, entries["response"].before) == (
        30, "registration", False)
    assert (entries["bundle"].working_days, entries["bundle"].anchor, entries["bundle"].before) == (10, "hearing", True)
    assert {"evidence", "case_review_form", "working_document"} <= entries.keys()


def test_proposal_counts_from_registration_and_hearing_with_explanations(cal):
    proposed = _by_key(propose_timetable(cal, date(2025, 12, 1), date(2026, 1, 7), sen=True))
    assert proposed["response"].deadline.due == date(2026, 1, 20)
    assert proposed["bundle"].deadline.due == date(2025, 12, 16)
    assert all(entry.deadline.explanation for entry in proposed.values())
    assert "the registration (Mon 1 Dec 2025)" in proposed["response"].deadline.explanation


def test_disability_claims_use_plain_working_days(cal):
    proposed = _by_key(propose_timetable(cal, date(2025, 12, 1), date(2026, 1, 7), sen=False))
    assert proposed["response"].deadline.due == date(2026, 1, 15)
    assert proposed["bundle"].deadline.due == date(2025, 12, 19)


def test_the_decision_date_counts_through_august_for_a_sen_appeal_as_its_rule_says(cal):
    # A hearing late in July: the decision (sen_counting = false, the Tribunal's service standard) counts 10 plain
    # working days into August; counted as SEN working days it would skip August to Wed 2 Sep.
    proposed = _by_key(propose_timetable(cal, date(2026, 6, 1), date(2026, 7, 21), sen=True))
    assert proposed["decision"].deadline.due == date(2026, 8, 4)
    assert "SEN working days" not in proposed["decision"].deadline.explanation


def test_entries_counting_from_an_unknown_hearing_ask_for_it(cal):
    proposed = _by_key(propose_timetable(cal, date(2025, 12, 1), None, sen=True))
    assert proposed["response"].deadline is not None
    assert proposed["bundle"].deadline is None
    assert proposed["bundle"].missing == "Enter the hearing date to propose this date."


def test_edited_rules_change_the_proposal(cal):
    rules = parse_rules('[[timetable]]\nkey = "bundle"\ntitle = "Bundle"\nworking_days = 15\nbefore = "hearing"\n')
    (entry,) = propose_timetable(cal, None, date(2026, 2, 10), sen=True, rules=rules)
    assert entry.deadline.due == date(2026, 1, 20)


@pytest.mark.parametrize("body, message", [
    ('working_days = 5\nafter = "registration"\nbefore = "hearing"', "exactly one of"),
    ('working_days = 5\nafter = "decision"', "count from"),
])
def test_bad_rules_say_what_to_fix(body, message):
    with pytest.raises(ValueError, match=message):
        parse_rules(f'[[timetable]]\nkey = "x"\ntitle = "X"\n{body}\n')


def test_every_order_kind_has_steps_with_acts():
    orders = load_rules().orders
    assert orders and all(kind.steps and all(step.act for step in kind.steps) for kind in orders.values())


def test_the_5pm_rule_is_given_for_the_authoritys_acts_but_not_for_the_tribunals_decision(cal):
    # HESC r.12(1) sets 5pm for acts under the Tribunal's rules; the decision date is the Tribunal's service standard.
    proposed = _by_key(propose_timetable(cal, date(2025, 12, 1), date(2026, 1, 7), sen=True))
    assert "by 5pm (HESC r.12(1))" in proposed["response"].deadline.detail
    assert "by 5pm (HESC r.12(1))" in proposed["bundle"].deadline.detail
    assert "5pm" not in proposed["decision"].deadline.detail + proposed["decision"].deadline.explanation


def test_r11_working_document_dates(cal):
    # Hearing Tue 10 Feb 2026: final version 10 SEN working days before (not 15), latest 5 before if it changed,
    # and the Word copy of the plan goes with the response.
    proposed = _by_key(propose_timetable(cal, date(2025, 12, 1), date(2026, 2, 10), sen=True))
    assert proposed["working_document"].deadline.due == date(2026, 1, 27)
    assert proposed["working_document"].rule.working_days == 10
    assert proposed["working_document_latest"].deadline.due == date(2026, 2, 3)
    word = proposed["working_document_word"].deadline
    assert word.due == proposed["response"].deadline.due == date(2026, 1, 20)
    assert word.explanation == "Due with the authority's response to the appeal, Tue 20 Jan 2026."
    assert "becomes the working document" in word.detail and "25 Dec–1 Jan" in word.detail
    assert proposed["working_document_word"].rule.describe(True) == "with the response"


def test_an_entry_due_with_the_response_waits_for_the_registration_date(cal):
    proposed = _by_key(propose_timetable(cal, None, date(2026, 2, 10), sen=True))
    assert proposed["working_document_word"].deadline is None
    assert proposed["working_document_word"].missing == "Enter the registration date to propose this date."


def test_same_as_must_name_an_entry_above_it():
    with pytest.raises(ValueError, match="`same_as` must name an entry above it"):
        parse_rules('[[timetable]]\nkey = "word"\ntitle = "Word"\nsame_as = "response"\n')


@pytest.mark.parametrize("registration, hearing", [
    (date(2025, 12, 1), date(2026, 1, 7)),   # Christmas
    (date(2026, 7, 1), date(2026, 9, 8)),    # August
])
def test_disability_claims_are_never_counted_with_the_sen_exclusion(cal, registration, hearing):
    for entry in propose_timetable(cal, registration, hearing, sen=False):
        deadline = entry.deadline
        assert "r.12(3)(b)" not in deadline.detail and deadline.flag == ""
        if not entry.rule.same_as:  # the Word copy says it goes with the response, which says how it was counted
            assert "SEN working days" not in deadline.explanation and "no SEN exclusion" in deadline.explanation
    sen = _by_key(propose_timetable(cal, registration, hearing, sen=True))
    assert sen["response"].deadline.due > _by_key(propose_timetable(cal, registration, hearing, False))[
        "response"].deadline.due


def test_every_explanation_is_short_and_the_basis_is_in_the_detail(cal):
    for entry in propose_timetable(cal, date(2025, 12, 1), date(2026, 2, 10), sen=True):
        assert entry.deadline.detail
        assert "HESC" not in entry.deadline.explanation and len(entry.deadline.explanation) < 200
