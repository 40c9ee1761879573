"""The queue and its workers fail under a running service.

Redis goes away: signing in and every page still work, a build pressed while it is down is kept queued (not an error
page, not lost), and once Redis is back, empty as a restarted Redis without persistence is, a `bundler worker` runs
it. The same holds for a message Redis lost when it restarted. A worker killed with SIGKILL in the middle of a Word
conversion leaves the job to be run again by the next worker, never stuck "running"."""
import io
import os
import signal
import subprocess
import sys
import time

import docx
import pytest
from sqlalchemy import select

from bundler import create_app
from bundler.extensions import db
from bundler.models import BundleVersion, Document, Job, JobState

from ..conftest import PASSWORD, app_config
from ..helpers import checked, page, pdf_bytes, wait_for_jobs
from ..servers import redis_server

BUILD = {"bundle_date": ["5", "1", "2026"]}


@pytest.fixture
def redis(tmp_path):
    (tmp_path / "redis").mkdir()
    try:
        with redis_server(tmp_path / "redis") as server:
            yield server
    except FileNotFoundError as missing:
        pytest.skip(str(missing))


@pytest.fixture
def settings(tmp_path, database_url, redis):
    """The web app's and the worker's shared settings: Redis as the queue, a stale job noticed after 3 s."""
    return app_config(tmp_path, database_url) | {
        "QUEUE_URL": redis.url, "JOB_HEARTBEAT_SECONDS": 1, "JOB_STALE_SECONDS": 3, "RATELIMIT_ENABLED": True,
        "SESSION_COOKIE_SECURE": False}


@pytest.fixture
def app(tmp_path, monkeypatch, settings):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    app = create_app(settings)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def start_worker(tmp_path, settings):
    """start_worker() runs `bundler worker` in a process of its own with the app's settings."""
    env = {**os.environ, "BUNDLER_INSTANCE": str(tmp_path), "BUNDLER_SECRET_KEY": "test",
           **{f"BUNDLER_{key}": str(settings[key]) for key in (
               "DATABASE_URL", "EVIDENCE_DIR", "BUNDLES_DIR", "QUEUE_URL", "JOB_HEARTBEAT_SECONDS",
               "JOB_STALE_SECONDS")}}
    started = []

    def start() -> subprocess.Popen:
        log = open(tmp_path / "worker.log", "ab")
        started.append(subprocess.Popen([sys.executable, "-m", "bundler", "worker", "--concurrency", "1"], env=env,
                                        stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
        return started[-1]
    yield start
    for process in started:
        stop(process)


def stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(30)


def with_a_document(app, client, case_id: int, upload) -> None:
    """Sign in and upload a PDF, taken in by the running worker: the case can be built."""
    sign_in(client)
    sent = upload(case_id, [("report.pdf", pdf_bytes(2, "EP report"))])
    assert sent.status_code == 302, sent.headers.get("Location")
    assert [(job.kind, job.state) for job in wait_for_jobs(app)] == [("convert", JobState.done)]


def sign_in(client) -> None:
    signed_in = client.post("/login", data={"email": "tribunal_officer@north.example", "password": PASSWORD})
    assert signed_in.status_code == 302 and "/login" not in signed_in.headers["Location"]


def build_jobs(app) -> list[Job]:
    with app.app_context():
        return db.session.scalars(select(Job).where(Job.kind == "build_bundle")).all()


def test_a_build_pressed_while_redis_is_down_waits_and_runs_once_redis_is_back(app, client, seed, redis,
                                                                                  start_worker, upload):
    start_worker()
    with_a_document(app, client, seed.own_case_id, upload)
    redis.stop()
    client = app.test_client()  # a new browser
    sign_in(client)  # the sign-in throttle counts in the web process while Redis is away
    case_page = page(client, f"/cases/{seed.own_case_id}")
    assert "EH123/25/00001" in case_page.text

    pressed = client.post(f"/cases/{seed.own_case_id}/bundles/build", data=BUILD, follow_redirects=True)
    shown = checked(pressed)
    assert pressed.status_code == 200, shown.text[:3000]
    assert shown.title.startswith("Bundle version 1 ")
    assert [job.state for job in build_jobs(app)] == [JobState.queued]  # kept, not failed, not lost

    redis.start()  # back, and empty: the message was never delivered
    (job,) = [job for job in wait_for_jobs(app) if job.kind == "build_bundle"]
    assert job.state == JobState.done, job.error
    with app.app_context():
        assert db.session.scalar(select(BundleVersion.number).where(BundleVersion.job_id == job.id)) == 1
    download = client.get(f"/cases/{seed.own_case_id}/bundles/1/download")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")


def test_a_build_whose_message_redis_lost_in_a_restart_still_runs(app, client, seed, redis, start_worker, upload):
    worker = start_worker()
    with_a_document(app, client, seed.own_case_id, upload)
    stop(worker)
    assert client.post(f"/cases/{seed.own_case_id}/bundles/build", data=BUILD).status_code == 302
    redis.stop()
    redis.start()  # the message, sent while no worker was running, is gone with it
    start_worker()
    wait_for_jobs(app)
    (job,) = build_jobs(app)
    assert (job.state, job.attempts) == (JobState.done, 1), job.error


def word_report(paragraphs: int = 120) -> bytes:
    report = docx.Document()
    report.add_heading("Speech and language therapy report", 1)
    for number in range(1, paragraphs + 1):
        report.add_paragraph(f"{number}. Observed in class over three sessions; targets set for the next term.")
    out = io.BytesIO()
    report.save(out)
    return out.getvalue()


def wait_until_running(app, kind: str, seconds: float = 120) -> Job:
    deadline = time.monotonic() + seconds
    with app.app_context():
        while time.monotonic() < deadline:
            db.session.expire_all()
            running = db.session.scalar(select(Job).where(Job.kind == kind, Job.state == JobState.running))
            if running is not None:
                return running
            time.sleep(0.02)
    raise AssertionError(f"no {kind} job started within {seconds:.0f} s")


def test_a_worker_killed_mid_conversion_leaves_the_job_to_the_next_worker(app, client, seed, start_worker, upload):
    sign_in(client)
    worker = start_worker()
    sent = upload(seed.own_case_id, [("SALT report.docx", word_report())])
    assert sent.status_code == 302
    wait_until_running(app, "convert")
    os.killpg(worker.pid, signal.SIGKILL)  # the worker and LibreOffice under it, as the OOM killer or a lost host
    worker.wait(30)
    with app.app_context():
        (job,) = db.session.scalars(select(Job)).all()
        assert (job.state, job.attempts) == (JobState.running, 1)  # killed mid-conversion

    start_worker()  # the service manager starts it again
    (job,) = wait_for_jobs(app)
    assert (job.state, job.attempts) == (JobState.done, 2), job.error
    with app.app_context():
        report = db.session.scalar(select(Document).where(Document.conversion_job_id == job.id))
        assert report.pdf_sha256 and report.page_count >= 2  # converted on the second run, once
