"""The same migrations and pages on PostgreSQL (DATABASE_URL takes any SQLAlchemy URL). Skipped without PostgreSQL."""
import glob
import os
import shutil
import subprocess
import tempfile

import flask_migrate
import pytest

from bundler import create_app
from bundler.extensions import db
from bundler.models import Role

from ..conftest import seed_people_and_cases

pytestmark = pytest.mark.slow


def postgres_bin() -> str | None:
    found = shutil.which("initdb") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))), None)
    return os.path.dirname(os.path.realpath(found)) if found else None


@pytest.fixture(scope="module")
def postgres_url():
    """A throwaway PostgreSQL cluster on a Unix socket in a temporary folder."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    folder = tempfile.mkdtemp(prefix="bundler-postgres-")  # not under pytest's 0700 folders: postgres must reach it
    as_owner = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(folder, "postgres")
        as_owner = ["runuser", "-u", "postgres", "--"]

    def run(*args):
        subprocess.run(as_owner + [os.path.join(bin_dir, args[0]), *args[1:]], check=True, capture_output=True)

    run("initdb", "-D", f"{folder}/data", "-A", "trust", "-U", "bundler")
    run("pg_ctl", "-D", f"{folder}/data", "-o", f"-k {folder} -c listen_addresses=''", "-l", f"{folder}/log",
        "-w", "start")
    try:
        run("createdb", "-h", str(folder), "-U", "bundler", "bundler")
        yield f"postgresql+psycopg://bundler@/bundler?host={folder}"
    finally:
        run("pg_ctl", "-D", f"{folder}/data", "-m", "fast", "stop")
        shutil.rmtree(folder)


def test_migrations_and_case_pages_work_on_postgresql(postgres_url, tmp_path, monkeypatch):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "DATABASE_URL": postgres_url})
    with app.app_context():
        flask_migrate.upgrade()
        seed = seed_people_and_cases()
        db.session.remove()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(seed.user_ids[Role.tribunal_officer])
    assert client.get(f"/cases/{seed.own_case_id}").status_code == 200
    assert client.get(f"/cases/{seed.other_case_id}").status_code == 404
    assert "EH123/25/00001" in client.get("/cases/", query_string={"q": "OF NORTH"}).get_data(as_text=True)
    assert "viewed" in client.get(f"/cases/{seed.own_case_id}/audit").get_data(as_text=True)
    with app.app_context():
        flask_migrate.downgrade(revision="base")
        db.engine.dispose()
