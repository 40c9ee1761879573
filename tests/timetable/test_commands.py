"""`bundler deadline ...` prints the ISO date, then the explanation; bad input exits non-zero with a clear message."""
import re

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
    result = run("appeal", "--decision", "2025-12-31")
    assert result.exit_code == 0
    date_line, explanation, basis = result.output.splitlines()
    assert date_line == "2026-03-02" and "which has no day 31" in explanation
    assert basis.startswith("Basis: ") and "Dodds v Walker [1981] 1 WLR 1027" in basis
    assert "Check:" not in result.output and "unconfirmed" not in result.output


def test_order_prints_one_date_and_explanation_per_step():
    result = run("order", "assess", "--sent", "2025-11-07")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert dates(result) == ["2025-11-21", "2026-01-16", "2026-02-13"]
    # each step: the date, then its explanation, then how it was worked out
    assert [lines[lines.index(d) + 1].split(",")[0] for d in dates(result)] == [
        "Tell the parent or young person that the authority will assess", "If no plan will be issued",
        "Send the final EHC plan"]
    assert all(lines[lines.index(d) + 2].startswith("Basis: ") for d in dates(result))


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
