"""A non-editable install (the wheel, as a council's IT team would deploy it) serves the CSS and JavaScript."""
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("bundler", "static", "pyproject.toml", "setup.py", "MANIFEST.in")
SERVED = ("govuk/bundler.css", "govuk/govuk-frontend.min.js", "js/init.mjs", "js/supported.js")

pytestmark = pytest.mark.slow


def run(*args, cwd):
    result = subprocess.run(args, capture_output=True, text=True, cwd=cwd, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A venv holding only the built wheel; its dependencies come from this venv's site-packages (no network)."""
    missing = [name for name in SERVED if not (ROOT / "static" / name).is_file()]
    if missing:
        pytest.skip(f"static/{missing[0]} is not built: run make assets")
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"  # a copy, so the build leaves nothing in the working tree
    for name in SOURCES:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, source / name, **({"ignore": shutil.ignore_patterns("__pycache__")}
                                            if (ROOT / name).is_dir() else {}))
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(work), ".",
        cwd=source)
    wheel = next(work.glob("bundler-*.whl"))
    venv = work / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", str(venv), cwd=work)
    python = venv / "bin" / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=work).strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(python, "-m", "pip", "install", "--no-deps", "-q", str(wheel), cwd=work)
    return python, work


def test_the_wheel_carries_static_inside_the_package_and_the_app_serves_it(installed):
    python, work = installed
    script = textwrap.dedent(f"""
        import os, tempfile
        import bundler
        from bundler import create_app
        package = os.path.dirname(bundler.__file__)
        assert "site-packages" in package and not package.startswith({str(ROOT)!r}), package
        folder = tempfile.mkdtemp()
        app = create_app({{"TESTING": True, "SECRET_KEY": "x", "QUEUE_URL": "memory://",
                          "DATABASE_URL": "sqlite:///" + folder + "/db.sqlite"}})
        assert app.static_folder == os.path.join(package, "static"), app.static_folder
        client = app.test_client()
        for name in {SERVED!r}:
            response = client.get("/static/" + name)
            assert response.status_code == 200, (name, response.status_code)
            with open(os.path.join({str(ROOT / "static")!r}, name), "rb") as original:
                assert response.data == original.read(), name
        print("served", len({SERVED!r}))
    """)
    out = subprocess.run([python, "-c", script], capture_output=True, text=True, cwd=work, timeout=120,
                         env={"BUNDLER_INSTANCE": str(work / "instance"), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip() == f"served {len(SERVED)}"
