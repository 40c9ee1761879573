"""A real worker process killed with SIGKILL in the middle of a build, on the embedded SQLite queue: its heartbeat
stops, a second worker's sweep runs the build again, and version 1 is untouched throughout."""
import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date

from sqlalchemy import select

from bundler import create_app, jobs
from bundler.extensions import db
from bundler.models import BundleVersion, Case, Job, User
from bundler.models.jobs import JobState
from bundler.services import bundles

from ..helpers import pdf_bytes, wait_for_jobs

# A worker whose engine pauses on each page, so it can be killed mid-build.
SLOW_WORKER = textwrap.dedent("""
    import sys, time
    from bundler.services import bundles
    from bundler.cli import main

    real = bundles.build_bundle
    def slow(manifest, output, progress, **options):
        def report(done, total):
            progress(done, total)
            time.sleep(0.5)
        return real(manifest, output, progress=report, **options)
    bundles.build_bundle = slow
    sys.argv = ["bundler", "worker", "--concurrency", "1"]
    main()
""")
QUEUE_SETTINGS = {"JOB_HEARTBEAT_SECONDS": 1, "JOB_STALE_SECONDS": 4, "JOB_ATTEMPTS": 2}


def start_worker(instance, *args):
    env = dict(os.environ, BUNDLER_INSTANCE=str(instance), BUNDLER_QUEUE_URL="",
               **{f"BUNDLER_{key}": str(value) for key, value in QUEUE_SETTINGS.items()})
    return subprocess.Popen([sys.executable, *args], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(worker, sig=signal.SIGTERM):
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
    worker.wait(30)


def test_killed_worker_build_is_run_again_by_another_worker_and_version_1_is_untouched(
        app, client, login, seed, upload, tmp_path):
    login(client, "tribunal_officer")
    upload(seed.own_case_id, [("report.pdf", pdf_bytes(6, "report"))])
    wait_for_jobs(app)
    client.post(f"/cases/{seed.own_case_id}/bundles/build", data={"bundle_date": ["5", "1", "2026"]})
    wait_for_jobs(app)
    bundles_dir = tmp_path / "bundles"
    version_1 = next(bundles_dir.rglob("bundle-v1.pdf"))
    digest = hashlib.sha256(version_1.read_bytes()).hexdigest()
    (tmp_path / "config.py").write_text("".join(f"{key} = {app.config[key]!r}\n" for key in (
        "SECRET_KEY", "DATABASE_URL", "EVIDENCE_DIR", "BUNDLES_DIR")))

    queued = create_app({**app.config, "QUEUE_URL": "", **QUEUE_SETTINGS})  # the SQLite queue in the instance
    slow = start_worker(tmp_path, "-c", SLOW_WORKER)
    second = None
    try:
        with queued.app_context():
            version = bundles.start_build(db.session.get(Case, seed.own_case_id),
                                          db.session.get(User, seed.user_ids["tribunal_officer"]), date(2026, 1, 6))
            job_id = version.job_id
            for _ in range(600):
                db.session.expire_all()
                job = db.session.get(Job, job_id)
                if job.state == JobState.running and job.done > 0:
                    break
                assert slow.poll() is None, "the worker stopped by itself"
                time.sleep(0.1)
            assert job.state == JobState.running and job.attempts == 1
            stop(slow, signal.SIGKILL)
            killed_at = time.monotonic()
            db.session.expire_all()
            assert db.session.get(Job, job_id).state == JobState.running  # nobody has noticed yet

            second = start_worker(tmp_path, "-m", "bundler", "worker", "--concurrency", "1")
            job = jobs.wait(job_id, timeout=120)
            recovered_in = time.monotonic() - killed_at
            assert (job.state, job.attempts, job.error) == (JobState.done, 2, "")
            assert recovered_in < QUEUE_SETTINGS["JOB_STALE_SECONDS"] + 60
            states = [(v.number, v.state) for v in
                      db.session.scalars(select(BundleVersion).order_by(BundleVersion.number))]
            assert states == [(1, "built"), (2, "built")]
    finally:
        stop(slow, signal.SIGKILL)
        if second is not None:
            stop(second)
    assert hashlib.sha256(version_1.read_bytes()).hexdigest() == digest
    assert sorted(path.name for path in bundles_dir.rglob("*.pdf")) == ["bundle-v1.pdf", "bundle-v2.pdf"]


