"""`bundler lint-plan FILE [--json]` through click's runner and through the installed console script."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bundler.plan_checks.commands import lint_plan

SCRIPT = shutil.which("bundler", path=str(Path(sys.executable).parent))
KEYS = {"section", "paragraph", "rule", "severity", "phrase", "message"}


def test_json_lists_findings_and_exits_0(text_plan):
    result = CliRunner().invoke(lint_plan, [str(text_plan), "--json"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.output)
    assert all(KEYS <= set(f) for f in findings)
    assert {"section": "F", "paragraph": 3, "rule": "F05", "severity": "warning",
            "phrase": "Up to 10 hours"}.items() <= next(f for f in findings if f["rule"] == "F05").items()


def test_a_clean_plan_exits_0_with_an_empty_list(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text("Section F\nA class of no more than 8 pupils for all lessons, taught by a qualified teacher.\n")
    result = CliRunner().invoke(lint_plan, [str(path), "--json"])
    assert result.exit_code == 0 and json.loads(result.output) == []


def test_for_people_the_findings_are_grouped_by_section(text_plan):
    result = CliRunner().invoke(lint_plan, [str(text_plan)])
    assert result.exit_code == 0
    assert result.output.index("\nSection B\n") < result.output.index("\nSection F\n")
    assert "paragraph 3  F05 warning: \"Up to 10 hours\"" in result.output


@pytest.mark.skipif(SCRIPT is None, reason="the bundler script is not installed: pip install -e .")
def test_the_installed_script_runs_lint_plan(tmp_path, docx_plan):
    result = subprocess.run([SCRIPT, "lint-plan", str(docx_plan), "--json"], capture_output=True, text=True,
                            check=False, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    rules = {(f["section"], f["paragraph"], f["rule"]) for f in json.loads(result.stdout)}
    assert ("F", 1, "F04") in rules and ("F", 3, "F11") in rules
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    result = subprocess.run([SCRIPT, "lint-plan", str(broken), "--json"], capture_output=True, text=True, check=False,
                            cwd=tmp_path, timeout=120)
    assert result.returncode != 0 and "broken.docx" in result.stderr and result.stdout == ""
    assert "Traceback" not in result.stderr


def _for_people(tmp_path, text: str) -> str:
    path = tmp_path / "plan.txt"
    path.write_text(text)
    result = CliRunner().invoke(lint_plan, [str(path)])
    assert result.exit_code == 0, result.output
    return result.output.replace(str(path), "plan.txt")


def test_for_people_each_finding_is_printed_in_full_under_its_section_or_before_the_first(tmp_path):
    assert _for_people(tmp_path, "Sam is in Year 10\nSection F\nThe hub's usual offer.\n") == (
        "plan.txt: 2 findings.\n"
        "\nBefore the first section\n"
        '  paragraph 1  F17 error: "is in Year 10"\n'
        "    From Year 9 the plan must include provision to prepare for adulthood; Section F has none.\n"
        "    In: Sam is in Year 10\n"
        "    Better: careers guidance, travel training, work experience: with who, how often, how long  "
        "(source: SEND Regulations 2014 reg 12(3); SEND Code of Practice 9.63)\n"
        "\nSection F\n"
        '  paragraph 1  F20 info: "usual offer"\n'
        '    "Usual provision" leaves the hub or school to decide: describe group size, staffing and hours where '
        "specificity needs it.\n"
        "    In: The hub's usual offer.\n"
        "    Better: the hub's group size, staffing and hours  (source: LL & MM v Telford and Wrekin [2026] UKUT 129 "
        "(AAC))\n")


def test_for_people_one_finding_is_singular_and_none_says_so(tmp_path):
    one = _for_people(tmp_path, "Section F\nThe hub's usual offer.\n")
    assert one.startswith("plan.txt: 1 finding.\n\nSection F\n")
    clean = "Section F\nA class of no more than 8 pupils for all lessons, taught by a qualified teacher.\n"
    assert _for_people(tmp_path, clean) == "plan.txt: no findings.\n"
