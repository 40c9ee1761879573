"""The installed `bundler` script: engine commands run without the web app, app commands through Flask."""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = shutil.which("bundler", path=str(Path(sys.executable).parent))
pytestmark = pytest.mark.skipif(SCRIPT is None, reason="the bundler script is not installed: pip install -e .")


def run(*args, cwd):
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_deadline_runs_from_the_script_without_an_instance_folder(tmp_path):
    result = run("deadline", "add", "2025-07-15", "30", "--sen", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "2025-09-24"
    assert list(tmp_path.iterdir()) == []


def test_build_reports_a_missing_manifest_by_name_and_fails(tmp_path):
    result = run("build", "nowhere.toml", "-o", "out.pdf", cwd=tmp_path)
    assert result.returncode != 0
    assert "nowhere.toml" in result.stderr
    assert not (tmp_path / "out.pdf").exists()


def test_help_lists_engine_and_web_commands(tmp_path):
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for command in ("build", "check", "deadline", "demo", "statement", "run", "db"):
        assert f"  {command} " in result.stdout


def test_mediation_and_combined_order_deadlines_run_from_the_script(tmp_path):
    certificate = run("deadline", "mediation", "certificate", "--on", "2025-12-23", cwd=tmp_path)
    assert certificate.returncode == 0, certificate.stderr
    assert certificate.stdout.splitlines()[0] == "2025-12-30"
    assert "SEND Regulations working days" in certificate.stdout.splitlines()[1]
    order = run("deadline", "order", "amend,section_i", "--sent", "2025-11-07", cwd=tmp_path)
    assert order.returncode == 0, order.stderr
    assert [line for line in order.stdout.splitlines() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", line)] == ["2025-12-12"]
