"""scripts/system-packages.sh: apt is asked only for what is missing, never for Debian's nodejs or npm beside a
Node.js already on the PATH, and a package apt cannot install is named."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "system-packages.sh"
COMMANDS = ("qpdf", "pdftoppm", "soffice", "ocrmypdf", "tesseract", "chromium", "redis-server", "clamd",
            "clamscan", "prlimit", "node", "npm")
FAKE_APT = """#!{bash}
echo "$@" >> {log}
for word in "$@"; do [ "$word" = "{refuse}" ] && {{ echo "E: Unable to locate package $word"; exit 100; }}; done
exit 0
"""
pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the script installs only as root; run the tests as root")


def machine(tmp_path, present, refuse="none") -> tuple[dict, Path]:
    """A PATH holding only `present` (as stubs), `id`, and an apt-get that logs its arguments."""
    bin_dir, log = tmp_path / "bin", tmp_path / "apt.log"
    bin_dir.mkdir()
    for name in present:
        (bin_dir / name).write_text("#!/bin/sh\n")
        (bin_dir / name).chmod(0o755)
    (bin_dir / "id").symlink_to(shutil.which("id"))
    (bin_dir / "apt-get").write_text(FAKE_APT.format(bash=shutil.which("bash"), log=log, refuse=refuse))
    (bin_dir / "apt-get").chmod(0o755)
    return {"PATH": str(bin_dir), "HOME": str(tmp_path)}, log


def run(env) -> subprocess.CompletedProcess:
    return subprocess.run([shutil.which("bash"), str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)


def installs(log: Path) -> list[str]:
    """The packages of the first `apt-get install` call."""
    for line in log.read_text().splitlines():
        words = line.split()
        if words and words[0] == "install":
            return [word for word in words[1:] if not word.startswith("-")]
    return []


def test_only_missing_commands_are_installed_and_node_from_elsewhere_is_left_alone(tmp_path):
    env, log = machine(tmp_path, [c for c in COMMANDS if c not in {"qpdf", "chromium"}])
    result = run(env)
    assert result.returncode == 0, result.stderr
    assert installs(log) == ["qpdf", "chromium"]


def test_nothing_is_installed_when_everything_is_present(tmp_path):
    env, log = machine(tmp_path, COMMANDS)
    assert run(env).returncode == 0
    assert not log.exists()


def test_nodejs_and_npm_come_from_debian_only_when_there_is_no_node(tmp_path):
    env, log = machine(tmp_path, [c for c in COMMANDS if c not in {"node", "npm"}])
    assert run(env).returncode == 0
    assert installs(log) == ["nodejs", "npm"]


def test_node_without_npm_is_not_mended_with_debians_npm(tmp_path):
    env, log = machine(tmp_path, [c for c in COMMANDS if c != "npm"])
    result = run(env)
    assert result.returncode == 1
    assert "npm from the same source as node" in result.stderr
    assert not log.exists()


def test_a_package_apt_refuses_is_named_and_the_run_fails(tmp_path):
    env, log = machine(tmp_path, [c for c in COMMANDS if c not in {"qpdf", "chromium"}], refuse="chromium")
    result = run(env)
    assert result.returncode == 1
    assert "apt could not install: chromium" in result.stderr
    assert "qpdf" not in result.stderr.split("apt could not install:")[1].split("(")[0]
