"""`bundler deadline ...` prints the ISO date, then the explanation; bad input exits non-zero with a clear message."""
import re

import pytest
from click.testing import CliRunner

from bundler.cli import make_cli


def run(*args):
    return CliRunner().invoke(make_cli(), ["deadline", *args])


def dates(result) -> list[str]:
    """The ISO date lines: one per step."""
    return [line for line in result.output.splitlines() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", line)]


def test_add_prints_iso_date_then_explanation():
    result = run("add", "2025-12-01", "30", "--sen")
    assert result.exit_code == 0
    first, second = result.output.splitlines()[:2]
    assert first == "2026-01-20"
    assert second.startswith("30 SEN working days after Mon 1 Dec 2025")


def test_add_counts_back_with_a_negative_n():
    result = run("add", "2026-01-07", "-10", "--sen")
    assert result.exit_code == 0 and result.output.splitlines()[0] == "2025-12-16"


def test_appeal_with_certificate():
    result = run("appeal", "--decision", "2025-10-01", "--certificate", "2025-11-29")
    assert result.exit_code == 0 and result.output.splitlines()[0] == "2026-01-02"


def test_appeal_month_end_is_explained_as_settled_law_not_flagged():
    result = run("appeal", "--decision", "2025-12-31", "--detail")
    assert result.exit_code == 0
    date_line, explanation, basis = result.output.splitlines()
    assert date_line == "2026-03-02" and "which has no day 31" in explanation
    assert basis.startswith("Basis: ") and "Dodds v Walker [1981] 1 WLR 1027" in basis
    assert "Check:" not in result.output and "unconfirmed" not in result.output


def test_order_prints_one_date_and_explanation_per_step():
    result = run("order", "assess", "--sent", "2025-11-07")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[::2] == dates(result) == ["2025-11-21", "2026-01-16", "2026-02-13"]
    # each step: the date, then its explanation, as scripts have always read it
    assert [line.split(",")[0] for line in lines[1::2]] == [
        "Tell the parent or young person that the authority will assess", "If no plan will be issued",
        "Send the final EHC plan"]


def test_detail_adds_how_each_date_was_worked_out():
    lines = run("order", "assess", "--sent", "2025-11-07", "--detail").output.splitlines()
    assert all(lines[lines.index(d) + 2].startswith("Basis: ") for d in ["2025-11-21", "2026-01-16", "2026-02-13"])


def test_bad_date_gives_a_clear_message_and_non_zero_exit():
    result = run("add", "2025-02-30", "3")
    assert result.exit_code != 0
    assert "'2025-02-30' is not a date. Enter it as YYYY-MM-DD" in result.output


def test_unknown_order_kind_lists_the_kinds():
    result = run("order", "sideways", "--sent", "2025-11-07")
    assert result.exit_code != 0
    assert "unknown order 'sideways'" in result.output and "section_i" in result.output


def test_order_refuses_an_outcome_an_unopposed_appeal_cannot_have():
    # reg 45: an unopposed appeal is decided for the appellant, so the authority never ceases the plan after one.
    result = run("order", "cease", "--sent", "2025-11-07", "--unopposed")
    assert result.exit_code != 0
    assert "is not the outcome of an unopposed appeal" in result.output
    assert run("order", "continue", "--sent", "2025-11-07", "--unopposed").exit_code == 0


def groups(result) -> list[list[str]]:
    """The output split into one line-group per step, each starting at its ISO date."""
    found: list[list[str]] = []
    for line in result.output.splitlines():
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", line):
            found.append([])
        found[-1].append(line)
    return found


@pytest.mark.parametrize("args, expected, counting", [
    (("mediation", "arrange", "--told", "2025-11-03"), "2025-12-03", "Calendar days"),
    (("mediation", "arrange", "--told", "2025-12-03"), "2026-01-02", "Calendar days"),
    (("mediation", "certificate", "--on", "2025-12-23"), "2025-12-30", "SEND Regulations working days"),
    (("mediation", "certificate", "--on", "2026-08-27"), "2026-09-02", "SEND Regulations working days"),
    (("mediation", "health-notice", "--told", "2025-11-03"), "2025-11-06", "SEND Regulations working days"),
    (("mediation", "health-notice", "--told", "2026-04-02"), "2026-04-09", "SEND Regulations working days"),
    (("mediation", "agreement", "--agreed", "2026-01-15"), "2026-01-29", "Calendar weeks"),
    (("mediation", "agreement", "--agreed", "2026-01-15", "--order", "amend"), "2026-02-19", "Calendar weeks"),
    (("recommendation", "--sent", "2025-11-07"), "2025-12-12", "Calendar weeks"),
    (("recommendation", "--sent", "2026-07-24"), "2026-08-28", "Calendar weeks"),
])
def test_mediation_and_recommendation_print_the_date_then_the_explanation_with_its_counting(args, expected,
                                                                                          counting):
    result = run(*args)
    assert result.exit_code == 0, result.output
    (group,) = groups(result)
    assert group[0] == expected
    assert counting in group[1]
    assert len(group) == 2 or group[2].startswith("Check: ")


def test_mediation_periods_say_august_and_christmas_count():
    result = run("mediation", "certificate", "--on", "2025-12-23", "--detail")
    assert "August and Christmas are" in result.output.splitlines()[1]
    assert "Boxing Day 26 Dec 2025" in result.output.splitlines()[2]


def test_order_b_f_and_section_i_together_prints_one_five_week_step():
    result = run("order", "amend,section_i", "--sent", "2025-11-07", "--detail")
    assert result.exit_code == 0, result.output
    (group,) = groups(result)
    assert group[0] == "2025-12-12"
    assert group[1].startswith("Send the amended EHC plan, 5 weeks after the day the Tribunal sent the order")
    assert "Calendar weeks (SEND Regs 2014 reg 44)" in group[1]
    assert "One step for the orders made together" in group[2]


def test_order_several_kinds_across_christmas_and_unopposed():
    result = run("order", "continue_amend,section_i", "--sent", "2025-11-28", "--unopposed")
    assert result.exit_code == 0, result.output
    assert dates(result) == ["2025-11-28", "2026-01-02"]
    assert all("reg 45" in group[1] for group in groups(result))


def test_agreement_with_several_kinds_merges_the_plan_step():
    result = run("mediation", "agreement", "--agreed", "2026-01-15", "--order", "section_i,amend")
    assert result.exit_code == 0, result.output
    assert dates(result) == ["2026-02-19"]
    assert "reg 42, as if the Tribunal had ordered it" in result.output


@pytest.mark.parametrize("args, message", [
    (("order", "amend,sideways", "--sent", "2025-11-07"), "unknown order 'sideways'"),
    (("order", "cease,amend", "--sent", "2025-11-07"), "cannot be combined with another order"),
    (("order", "amend,amend", "--sent", "2025-11-07"), "names an order twice"),
    (("mediation", "agreement", "--agreed", "2026-01-15", "--order", "sideways"), "unknown order 'sideways'"),
    (("mediation", "arrange", "--told", "2025-13-01"), "'2025-13-01' is not a date"),
    (("mediation", "certificate"), "Missing option '--on'"),
])
def test_bad_input_exits_non_zero_with_what_to_do(args, message):
    result = run(*args)
    assert result.exit_code != 0
    assert message in result.output


# What each command's explanation must say about its counting, in the words a person reads.
SEN = "Tribunal rules in an SEN case: weekends, bank holidays, August and 25 Dec–1 Jan are not counted."
PLAIN = "Weekends and bank holidays are not counted; August and 25 Dec–1 Jan are (no SEN exclusion)."
REGULATIONS = "SEND Regulations working days: weekends and bank holidays are not counted; August and Christmas are."
APPEAL = ("Calendar months (Tribunal rules in an SEN case): a last day in August or 25 Dec–1 Jan moves to the first "
          "working day after it.")
REG_44_WEEKS = "Calendar weeks (SEND Regs 2014 reg 44): every day counts, August and Christmas included."


@pytest.mark.parametrize("args, expected", [
    (("add", "2025-12-01", "30", "--sen"), [("2026-01-20", SEN)]),
    (("add", "2025-12-01", "30"), [("2026-01-15", PLAIN)]),
    (("appeal", "--decision", "2025-06-20"), [("2025-09-01", APPEAL)]),
    (("appeal", "--decision", "2025-10-01", "--certificate", "2025-11-29"), [("2026-01-02", APPEAL)]),
    (("order", "assess", "--sent", "2025-11-07"),
     [("2025-11-21", REG_44_WEEKS), ("2026-01-16", REG_44_WEEKS), ("2026-02-13", REG_44_WEEKS)]),
    (("order", "amend,section_i", "--sent", "2025-11-07"), [("2025-12-12", REG_44_WEEKS)]),
    (("order", "amend,section_i", "--sent", "2025-11-07", "--unopposed"), [(
        "2025-12-12", "Calendar weeks (SEND Regs 2014 reg 45): every day counts, August and Christmas included.")]),
    (("mediation", "arrange", "--told", "2025-11-03"),
     [("2025-12-03", "Calendar days: every day counts, August and Christmas included.")]),
    (("mediation", "certificate", "--on", "2025-12-03"), [("2025-12-08", REGULATIONS)]),
    (("mediation", "health-notice", "--told", "2025-12-23"), [("2025-12-30", REGULATIONS)]),
    (("mediation", "agreement", "--agreed", "2026-01-15"),
     [("2026-01-29", "Calendar weeks: every day counts, August and Christmas included.")]),
    (("mediation", "agreement", "--agreed", "2026-01-15", "--order", "amend,section_i"), [(
        "2026-02-19", "Calendar weeks (SEND Regs 2014 reg 42, as if the Tribunal had ordered it): every day counts, "
                      "August and Christmas included.")]),
    (("recommendation", "--sent", "2025-11-07"),
     [("2025-12-12", "Calendar weeks: every day counts, August and Christmas included.")]),
])
def test_each_line_is_the_iso_date_then_an_explanation_that_says_which_counting_it_used(args, expected):
    """The shape a script reads: per step, the ISO date on its own line, then one line of explanation ending in the
    counting used, then only "Check:" lines (no --detail here)."""
    result = run(*args)
    assert result.exit_code == 0, result.output
    found = groups(result)
    assert [group[0] for group in found] == [day for day, _ in expected]
    for group, (_, counting) in zip(found, expected, strict=True):
        assert group[1].endswith(counting), group[1]
        assert all(line.startswith("Check: ") for line in group[2:])
