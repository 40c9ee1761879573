import socket
import subprocess
import threading

import pytest
from flask import Flask

from bundler import jobs
from bundler.engine.errors import InputError
from bundler.extensions import db
from bundler.models.jobs import Job, JobState


def make_app(database):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{database}"
    db.init_app(app)
    with app.app_context():
        db.create_all()
    jobs.init_app(app)
    return app


@pytest.fixture
def job_app(tmp_path):
    app = make_app(tmp_path / "jobs.sqlite")
    with app.app_context():
        yield app


def count_to_ten(progress):
    for done in range(11):
        progress(done, 10)


def test_job_runs_in_the_background_and_records_progress_and_done(job_app):
    job_id = jobs.submit("count", count_to_ten)
    job = jobs.wait(job_id, timeout=10)
    assert job.state == JobState.done
    assert (job.done, job.total, job.percent) == (10, 10, 100)
    assert job.finished_at is not None and job.error == ""


def test_progress_is_visible_while_the_job_is_still_running(job_app):
    reached, release = threading.Event(), threading.Event()

    def halfway(progress):
        progress(3, 10)
        reached.set()
        release.wait(10)

    job_id = jobs.submit("halfway", halfway)
    assert reached.wait(10)
    db.session.expire_all()
    job = db.session.get(Job, job_id)
    assert (job.state, job.done, job.total, job.percent) == (JobState.running, 3, 10, 30)
    release.set()
    assert jobs.wait(job_id, timeout=10).state == JobState.done


def test_engine_error_fails_the_job_with_the_engines_reason(job_app):
    def bad(progress, name):
        raise InputError(name, "the file is password-protected; ask the sender for an unlocked copy")

    job = jobs.wait(jobs.submit("convert", bad, "report.pdf"), timeout=10)
    assert job.state == JobState.failed
    assert job.error == "report.pdf: the file is password-protected; ask the sender for an unlocked copy"


def test_unexpected_error_fails_the_job_without_leaking_internals(job_app):
    def broken(progress):
        raise KeyError("internal detail")

    job = jobs.wait(jobs.submit("broken", broken), timeout=10)
    assert job.state == JobState.failed
    assert job.error == jobs.UNEXPECTED and "internal" not in job.error


def test_job_work_that_fails_is_rolled_back(job_app):
    def half_write(progress):
        db.session.add(Job(kind="should-not-exist"))
        db.session.flush()
        raise InputError("x", "y")

    jobs.wait(jobs.submit("half", half_write), timeout=10)
    assert db.session.query(Job).filter_by(kind="should-not-exist").count() == 0


def dead_pid():
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_restart_marks_a_killed_servers_jobs_failed_and_leaves_live_and_finished_ones(tmp_path):
    database = tmp_path / "jobs.sqlite"
    app = make_app(database)
    host = socket.gethostname()
    live = subprocess.Popen(["sleep", "30"])
    try:
        with app.app_context():
            rows = {
                "killed_running": Job(kind="build", state=JobState.running, worker=f"{host}:{dead_pid()}"),
                "killed_queued": Job(kind="build", state=JobState.queued, worker=f"{host}:{dead_pid()}"),
                "live": Job(kind="build", state=JobState.running, worker=f"{host}:{live.pid}"),
                "other_machine": Job(kind="build", state=JobState.running, worker="old-container:1"),
                "finished": Job(kind="build", state=JobState.done, worker=f"{host}:{dead_pid()}"),
            }
            db.session.add_all(rows.values())
            db.session.commit()
            ids = {name: job.id for name, job in rows.items()}

        restarted = make_app(database)
        with restarted.app_context():
            state = {name: db.session.get(Job, job_id) for name, job_id in ids.items()}
            assert state["killed_running"].state == JobState.failed
            assert state["killed_running"].error == jobs.INTERRUPTED
            assert state["killed_queued"].state == JobState.failed
            assert state["other_machine"].state == JobState.failed
            assert state["live"].state == JobState.running
            assert state["finished"].state == JobState.done
    finally:
        live.kill()
        live.wait()


def test_recovery_before_the_database_is_migrated_does_nothing(tmp_path):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    db.init_app(app)
    assert jobs.recover_interrupted(app) == []
