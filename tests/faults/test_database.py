"""The database is locked by another writer, or PostgreSQL restarts under the app: the page says to try again
(503 with a message, not a traceback), nothing is half-written, and the next request works."""
import sqlite3
import threading
import time
from contextlib import closing, contextmanager, suppress

import flask_migrate
import psycopg
import pytest
from sqlalchemy import func, select

from bundler import create_app
from bundler.extensions import db
from bundler.models import BundleVersion, Job

from ..conftest import app_config, seed_people_and_cases
from ..helpers import checked, page, pdf_bytes, submit, wait_for_jobs

BUILD = {"bundle_date": ["5", "1", "2026"]}
TRY_AGAIN = "The database is busy or cannot be reached just now"


@pytest.fixture
def app(tmp_path, monkeypatch, database_url):
    """The test app, waiting one second (not ten) for another's lock."""
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    app = create_app(app_config(tmp_path, database_url) | {"DATABASE_LOCK_SECONDS": 1})
    yield app
    with app.app_context():
        db.engine.dispose()


@contextmanager
def another_writer(app, case_id: int):
    """Another connection in the middle of a write, holding its lock: SQLite's whole database (BEGIN EXCLUSIVE),
    PostgreSQL's case row."""
    url = app.config["DATABASE_URL"]
    if url.startswith("sqlite"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)) as connection:
            connection.execute("BEGIN EXCLUSIVE")
            yield
            connection.execute("ROLLBACK")
    else:
        with closing(psycopg.connect(url.replace("postgresql+psycopg", "postgresql"))) as connection:
            connection.execute('UPDATE "case" SET reference = reference WHERE id = %s', (case_id,))
            yield
            with suppress(psycopg.OperationalError):  # a restart under the block has already cut it
                connection.rollback()


def counts(app) -> tuple[int, int]:
    with app.app_context():
        return (db.session.scalar(select(func.count(BundleVersion.id))),
                db.session.scalar(select(func.count(Job.id))))


def test_a_build_pressed_while_another_holds_the_lock_asks_to_try_again_and_writes_nothing(app, client, login,
                                                                                           seed, upload):
    login(client, "tribunal_officer")
    upload(seed.own_case_id, [("report.pdf", pdf_bytes(2, "EP report"))])
    wait_for_jobs(app)
    before = counts(app)
    build = f"/cases/{seed.own_case_id}/bundles/build"
    with another_writer(app, seed.own_case_id):
        refused = checked(client.post(build, data=BUILD))
        assert refused.status == 503 and refused.h1 == TRY_AGAIN
        assert "try again" in refused.text and "has not been saved" in refused.text
        assert counts(app) == before  # no version without its job, no job without its version
    built = submit(client, build, BUILD)  # the lock is gone: pressing Build again works
    assert built.title.startswith("Bundle version 1 ")
    assert [job.state.value for job in wait_for_jobs(app)] == ["done", "done"]


# PostgreSQL restarting ----------------------------------------------------------------------------------------

@pytest.fixture
def postgres_app(postgres_cluster, tmp_path, monkeypatch):
    """(app, seed) on a migrated database of its own on the session's PostgreSQL cluster, whichever database the
    rest of the suite runs on."""
    postgres_cluster.execute("CREATE DATABASE restarting")
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    app = create_app(app_config(tmp_path, postgres_cluster.url("restarting")) | {"DATABASE_LOCK_SECONDS": 60})
    with app.app_context():
        flask_migrate.upgrade()
        seed = seed_people_and_cases()
        db.session.remove()
    yield app, seed
    with app.app_context():
        db.engine.dispose()
    postgres_cluster.execute("DROP DATABASE restarting WITH (FORCE)")


def test_postgresql_restarting_while_idle_goes_unnoticed(postgres_app, postgres_cluster, login):
    app, seed = postgres_app
    client = app.test_client()
    login(client, "tribunal_officer")
    case_page = f"/cases/{seed.own_case_id}"
    page(client, case_page)  # the pool now holds a connection
    postgres_cluster.restart()
    assert "EH123/25/00001" in page(client, case_page).text  # checked before use, and made again


def test_postgresql_restarting_mid_request_shows_try_again_and_the_next_request_works(postgres_app,
                                                                                        postgres_cluster, login):
    app, seed = postgres_app
    client = app.test_client()
    login(client, "tribunal_officer")
    build = f"/cases/{seed.own_case_id}/bundles/build"
    answered = {}
    with another_writer(app, seed.own_case_id):  # so the request is held mid-write, in PostgreSQL, until...
        request = threading.Thread(target=lambda: answered.setdefault("page", client.post(build, data=BUILD)))
        request.start()
        wait_for_lock_wait(postgres_cluster)
        postgres_cluster.restart()  # ... the server restarts under it
        request.join(60)
    refused = checked(answered["page"])
    assert refused.status == 503 and refused.h1 == TRY_AGAIN
    with app.app_context():
        assert db.session.scalar(select(func.count(BundleVersion.id))) == 0
    assert page(client, f"/cases/{seed.own_case_id}/bundles").status == 200


def wait_for_lock_wait(cluster, seconds: float = 30) -> None:
    """Until a request on the "restarting" database is waiting for a lock (so the restart cuts it mid-write)."""
    deadline = time.monotonic() + seconds
    with closing(psycopg.connect(host=cluster.socket_dir, user=cluster.user, dbname="restarting",
                                 autocommit=True)) as connection:
        while connection.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                 ).fetchone()[0] == 0:
            assert time.monotonic() < deadline, "the request never waited for the lock"
            time.sleep(0.05)
