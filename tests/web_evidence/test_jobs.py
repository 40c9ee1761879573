"""Jobs through the queue's registry, JSON arguments and Job rows, on the in-process runner (QUEUE_URL memory://);
tests/queue/ runs the same jobs on real worker processes over Redis and the SQLite queue."""
import threading
from datetime import timedelta

import pytest
from flask import Flask

from bundler import jobs
from bundler.engine.errors import InputError
from bundler.extensions import db
from bundler.models.audit import utc_now
from bundler.models.jobs import Job, JobState

SETTINGS = {"QUEUE_URL": "memory://", "JOB_WORKERS": 2, "JOB_HEARTBEAT_SECONDS": 10, "JOB_STALE_SECONDS": 60,
            "JOB_ATTEMPTS": 2, "QUEUE_VISIBILITY_SECONDS": 3600}
REACHED, RELEASE = threading.Event(), threading.Event()


@jobs.job("test_count")
def count_to_ten(progress):
    for done in range(11):
        progress(done, 10)


@jobs.job("test_halfway")
def halfway(progress):
    progress(3, 10)
    REACHED.set()
    RELEASE.wait(10)


@jobs.job("test_bad", queue=jobs.CONVERSIONS)
def bad(progress, name):
    raise InputError(name, "the file is password-protected; ask the sender for an unlocked copy")


@jobs.job("test_broken")
def broken(progress):
    raise KeyError("internal detail")


@jobs.job("test_half_write")
def half_write(progress):
    db.session.add(Job(kind="should-not-exist"))
    db.session.flush()
    raise InputError("x", "y")


def make_app(database):
    app = Flask(__name__)
    app.config.update(SETTINGS, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
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


def test_job_runs_in_the_background_and_records_progress_and_done(job_app):
    job_id = jobs.submit("test_count")
    job = jobs.wait(job_id, timeout=10)
    assert job.state == JobState.done
    assert (job.done, job.total, job.percent, job.attempts) == (10, 10, 100, 1)
    assert job.finished_at is not None and job.error == "" and job.started_at is not None


def test_progress_is_visible_while_the_job_is_still_running(job_app):
    REACHED.clear(), RELEASE.clear()
    job_id = jobs.submit("test_halfway")
    assert REACHED.wait(10)
    db.session.expire_all()
    job = db.session.get(Job, job_id)
    assert (job.state, job.done, job.total, job.percent) == (JobState.running, 3, 10, 30)
    assert job.heartbeat_at is not None
    RELEASE.set()
    assert jobs.wait(job_id, timeout=10).state == JobState.done


def test_engine_error_fails_the_job_with_the_engines_reason(job_app):
    job = jobs.wait(jobs.submit("test_bad", "report.pdf"), timeout=10)
    assert job.state == JobState.failed
    assert job.error == "report.pdf: the file is password-protected; ask the sender for an unlocked copy"


def test_unexpected_error_fails_the_job_without_leaking_internals(job_app):
    job = jobs.wait(jobs.submit("test_broken"), timeout=10)
    assert job.state == JobState.failed
    assert job.error == jobs.UNEXPECTED and "internal" not in job.error


def test_job_work_that_fails_is_rolled_back(job_app):
    jobs.wait(jobs.submit("test_half_write"), timeout=10)
    assert db.session.query(Job).filter_by(kind="should-not-exist").count() == 0


def test_arguments_must_be_json_so_any_worker_can_run_the_job(job_app):
    with pytest.raises(TypeError, match="pass ids and plain values"):
        jobs.submit("test_bad", object())
    assert db.session.query(Job).count() == 0
    job_id = jobs.submit("test_bad", "a.pdf")
    assert db.session.get(Job, job_id).args == '["a.pdf"]'


def test_a_message_delivered_twice_runs_the_job_once(job_app):
    job_id = jobs.submit("test_count")
    jobs.wait(job_id, timeout=10)
    jobs.run(job_id)  # the same message again, as a broker re-delivers it
    job = db.session.get(Job, job_id)
    assert (job.state, job.attempts) == (JobState.done, 1)


def stale_running(app, **values) -> int:
    silent_since = utc_now() - timedelta(seconds=app.config["JOB_STALE_SECONDS"] + 5)
    job = Job(state=JobState.running, heartbeat_at=silent_since, **values)
    db.session.add(job)
    db.session.commit()
    return job.id


def test_sweep_runs_again_a_job_whose_worker_died_then_fails_it_after_the_last_attempt(job_app):
    again = stale_running(job_app, kind="test_count", attempts=1)
    last = stale_running(job_app, kind="test_count", attempts=2)
    fresh = Job(kind="test_count", state=JobState.running, attempts=1, heartbeat_at=utc_now())
    finished = Job(kind="test_count", state=JobState.done, attempts=1, heartbeat_at=utc_now() - timedelta(days=1))
    db.session.add_all([fresh, finished])
    db.session.commit()

    assert sorted(jobs.recover_stale(job_app)) == sorted([again, last])
    assert jobs.recover_stale(job_app) == []  # a second sweeper finds nothing left to do
    retried = jobs.wait(again, timeout=10)
    assert (retried.state, retried.attempts, retried.done) == (JobState.done, 2, 10)
    failed = db.session.get(Job, last)
    assert failed.state == JobState.failed and failed.error == jobs.INTERRUPTED.format(attempts=2)
    db.session.expire_all()
    assert db.session.get(Job, fresh.id).state == JobState.running
    assert db.session.get(Job, finished.id).state == JobState.done


def test_recovery_before_the_database_is_migrated_does_nothing(tmp_path):
    app = Flask(__name__)
    app.config.update(SETTINGS, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'empty.sqlite'}")
    db.init_app(app)
    assert jobs.recover_stale(app) == []
