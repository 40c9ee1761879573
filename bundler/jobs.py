"""Background work, run in-process on a thread pool behind `submit`, so a real queue could replace it.

`submit(kind, fn, *args)` records a Job row and later calls `fn(progress, *args)` in an app context on a worker
thread; `progress(done, total)` (the engine's progress signature) updates the row. A job that raises is marked
failed with a message a person can act on. Jobs left queued or running by a server that was killed are marked failed
when the app next starts.
"""
import logging
import os
import socket
from concurrent.futures import Future, ThreadPoolExecutor

from flask import Flask, current_app
from sqlalchemy import inspect, select, update

from .engine.errors import BundleError
from .extensions import db
from .models.audit import utc_now
from .models.jobs import Job, JobState
from .storage import StoreError

log = logging.getLogger(__name__)

# Errors whose message already tells the officer what to do; anything else is logged and summarised.
ACTIONABLE_ERRORS = (BundleError, StoreError)
UNEXPECTED = "Something went wrong while this ran. Try again; if it fails again, tell the service administrator."
INTERRUPTED = "The server stopped before this finished. Start it again."
EXTENSION = "bundler.jobs"


class Runner:
    def __init__(self, app: Flask, workers: int):
        self.app = app
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="bundler-job")
        self.futures: dict[int, Future] = {}


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = Runner(app, app.config.get("JOB_WORKERS", 2))
    recover_interrupted(app)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def submit(kind: str, fn, *args, case_id: int | None = None) -> int:
    """Queue `fn(progress, *args)`; commits the current session (with the new Job row) and returns the job id."""
    runner: Runner = current_app.extensions[EXTENSION]
    job = Job(kind=kind, case_id=case_id, worker=worker_name())
    db.session.add(job)
    db.session.commit()
    runner.futures[job.id] = runner.executor.submit(_run, runner.app, job.id, fn, args)
    return job.id


def wait(job_id: int, timeout: float | None = None) -> Job:
    """Block until the job finishes (for the CLI and tests); returns the refreshed row."""
    future = current_app.extensions[EXTENSION].futures.get(job_id)
    if future is not None:
        future.result(timeout)
    db.session.expire_all()
    return db.session.get(Job, job_id)


def _run(app: Flask, job_id: int, fn, args) -> None:
    with app.app_context():
        _update(job_id, state=JobState.running)
        try:
            fn(Progress(job_id), *args)
        except ACTIONABLE_ERRORS as exc:
            db.session.rollback()
            _finish(job_id, JobState.failed, str(exc))
        except Exception:
            log.exception("job %s failed", job_id)
            db.session.rollback()
            _finish(job_id, JobState.failed, UNEXPECTED)
        else:
            _finish(job_id, JobState.done)
        finally:
            db.session.remove()
            app.extensions[EXTENSION].futures.pop(job_id, None)


class Progress:
    """The `progress(done, total)` callable handed to a job; writes at most once per percent."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.last: tuple[int, int] | None = None

    def __call__(self, done: int, total: int) -> None:
        step = (100 * done // total if total else 0, total)
        if step != self.last or done == total:
            self.last = step
            _update(self.job_id, done=done, total=total)


def _finish(job_id: int, state: JobState, error: str = "") -> None:
    _update(job_id, state=state, error=error, finished_at=utc_now())


def _update(job_id: int, **values) -> None:
    # Its own short transaction, so progress shows while the job's own session has work pending.
    with db.engine.begin() as connection:
        connection.execute(update(Job).where(Job.id == job_id).values(**values))


def recover_interrupted(app: Flask) -> list[int]:
    """Mark failed the jobs that a dead process left queued or running; returns their ids."""
    with app.app_context():
        if not inspect(db.engine).has_table(Job.__tablename__):
            return []  # the database is not migrated yet
        unfinished = db.session.scalars(select(Job).where(Job.state.in_([JobState.queued, JobState.running])))
        dead = [job.id for job in unfinished if _worker_is_dead(job.worker)]
        for job_id in dead:
            _finish(job_id, JobState.failed, INTERRUPTED)
        db.session.remove()
        return dead


def _worker_is_dead(worker: str) -> bool:
    """The in-process runner serves one server: only a live process on this host can still be running a job."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return True  # another machine (a restarted container), or this process, which has only just started
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
