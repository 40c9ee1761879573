"""Background work as Job rows, run by Celery workers on any host; routes and services see only `submit` and `wait`.

A job is a function registered by name with `@job(name, queue=...)`. `submit(name, *args)` stores the arguments as
JSON in a new Job row (ids, not objects, so any worker can look things up itself) and sends the row's id to the
queue; the worker claims the row, calls `fn(progress, *args)` in an app context, and marks it done or failed with a
message a person can act on. Claiming is one conditional UPDATE, so a message delivered twice runs the job once.

While a job runs its row's heartbeat is renewed every JOB_HEARTBEAT_SECONDS. A worker killed mid-job (kill -9, a
lost host) stops the heartbeat: after JOB_STALE_SECONDS any live worker's sweep queues the job again, up to
JOB_ATTEMPTS runs in all, then marks it failed, so nothing stays "running" for ever. A queued job's heartbeat is
when it was last sent: if the queue could not be reached (Redis down) or lost the message (Redis restarted), the
sweep sends it again after JOB_STALE_SECONDS, so it starts once the queue is back and never waits for ever. The queue
itself is `bundler.queue` (Celery); QUEUE_URL "memory://" runs jobs on threads in this process instead, for tests.
"""
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, current_app
from kombu.exceptions import OperationalError as QueueUnreachable
from sqlalchemy import inspect, or_, select, update

from .engine.errors import BundleError
from .extensions import db
from .files import is_disk_full
from .models.audit import utc_now
from .models.jobs import Job, JobState
from .storage import StoreError

log = logging.getLogger(__name__)

# Errors whose message already tells the officer what to do; anything else is logged and summarised.
ACTIONABLE_ERRORS = (BundleError, StoreError)
UNEXPECTED = "Something went wrong while this ran. Try again; if it fails again, tell the service administrator."
DISK_FULL = ("The server's disk is full, so this could not finish and nothing was kept. Tell the service "
             "administrator; once space is freed, try again.")
INTERRUPTED = ("The worker running this stopped before it finished, {attempts} time(s). Try again; if it stops "
               "again, tell the service administrator.")

# Slow work (LibreOffice, OCR) and quick work (builds) on separate queues, so a long OCR never holds up a build.
CONVERSIONS = "conversions"
BUILDS = "builds"
QUEUES = (BUILDS, CONVERSIONS)


@dataclass(frozen=True)
class Registered:
    fn: Callable
    queue: str


REGISTRY: dict[str, Registered] = {}


def job(name: str, queue: str = BUILDS):
    """Register `fn(progress, *args)` as the job `name`, run on `queue`."""
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}")

    def register(fn):
        REGISTRY[name] = Registered(fn, queue)
        return fn
    return register


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def submit(name: str, *args, case_id: int | None = None) -> int:
    """Queue the job `name` with JSON arguments; commits the current session (with the new Job row), returns its id."""
    row = prepare(name, *args, case_id=case_id)
    db.session.commit()
    send(row)
    return row.id


def prepare(name: str, *args, case_id: int | None = None) -> Job:
    """The Job row for `name` with JSON arguments, added to the session; `send` it once the caller commits (so
    rows that refer to it are committed with it)."""
    if name not in REGISTRY:
        raise KeyError(f"no job is registered as {name!r}")
    try:
        encoded = json.dumps(list(args))
    except TypeError as exc:
        raise TypeError(f"job {name!r}: pass ids and plain values, not objects ({exc})") from None
    row = Job(kind=name, case_id=case_id, args=encoded, heartbeat_at=utc_now())
    db.session.add(row)
    return row


def send(row: Job) -> None:
    """Send the committed row to its queue. If the queue cannot be reached the row stays queued, and a worker's
    sweep sends it again once it can: the page that pressed the button still answers."""
    _send(current_app._get_current_object(), row.id, row.kind)


def _send(app: Flask, job_id: int, kind: str) -> None:
    try:
        app.extensions["bundler.queue"].send(job_id, REGISTRY[kind].queue)
    except QueueUnreachable as exc:
        log.warning("job %s kind=%s not sent, the queue cannot be reached (%s): it stays queued and is sent again "
                    "by a worker's sweep", job_id, kind, exc)


def wait(job_id: int, timeout: float = 600, poll: float = 0.1) -> Job:
    """Block until the job finishes on whichever worker runs it (for the CLI and tests); returns the fresh row."""
    deadline = time.monotonic() + timeout
    while True:
        db.session.expire_all()
        row = db.session.get(Job, job_id)
        if row.state.finished:
            return row
        if time.monotonic() > deadline:
            raise TimeoutError(f"Job {job_id} did not finish within {timeout:.0f} s. Is a worker running? "
                               "Start one with `bundler worker`.")
        time.sleep(poll)


def run(job_id: int) -> None:
    """What a worker does with a message: claim the row, run the registered function, record how it ended."""
    attempt = _claim(job_id)
    if attempt is None:
        log.info("job %s skipped: already claimed or finished (a repeated delivery)", job_id)
        return
    row = db.session.get(Job, job_id)
    kind, case_id, args = row.kind, row.case_id, json.loads(row.args)
    started = time.monotonic()
    log.info("job %s start kind=%s case=%s attempt=%s", job_id, kind, case_id, attempt)
    state = JobState.failed
    with Heartbeat(current_app._get_current_object(), job_id):
        try:
            REGISTRY[kind].fn(Progress(job_id), *args)
        except ACTIONABLE_ERRORS as exc:
            db.session.rollback()
            _finish(job_id, attempt, JobState.failed, str(exc))
        except Exception as exc:
            log.exception("job %s failed unexpectedly kind=%s case=%s", job_id, kind, case_id)
            db.session.rollback()
            _finish(job_id, attempt, JobState.failed, DISK_FULL if is_disk_full(exc) else UNEXPECTED)
        else:
            state = JobState.done
            _finish(job_id, attempt, JobState.done)
        finally:
            db.session.remove()
    log.info("job %s end kind=%s case=%s state=%s duration=%.2fs", job_id, kind, case_id, state.value,
             time.monotonic() - started)


def _claim(job_id: int) -> int | None:
    """Mark the queued row running for this worker, in one statement; the attempt number, or None if taken."""
    now = utc_now()
    with db.engine.begin() as connection:
        claimed = connection.execute(
            update(Job).where(Job.id == job_id, Job.state == JobState.queued)
            .values(state=JobState.running, attempts=Job.attempts + 1, worker=worker_name(), started_at=now,
                    heartbeat_at=now)).rowcount
        if not claimed:
            return None
        return connection.scalar(select(Job.attempts).where(Job.id == job_id))


class Progress:
    """The `progress(done, total)` callable handed to a job; writes at most once per percent."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.last: tuple[int, int] | None = None

    def __call__(self, done: int, total: int) -> None:
        step = (100 * done // total if total else 0, total)
        if step != self.last or done == total:
            self.last = step
            _update(self.job_id, done=done, total=total, heartbeat_at=utc_now())


class Heartbeat:
    """Renews the running row's heartbeat from a thread, so a long step without progress still shows it alive."""

    def __init__(self, app: Flask, job_id: int):
        self.app, self.job_id = app, job_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat", daemon=True)

    def __enter__(self):
        self.thread.start()

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join()

    def _beat(self):
        with self.app.app_context():
            while not self.stopped.wait(self.app.config["JOB_HEARTBEAT_SECONDS"]):
                _update(self.job_id, heartbeat_at=utc_now())


def _finish(job_id: int, attempt: int, state: JobState, error: str = "") -> None:
    # Only the attempt that holds the row may end it: a run the sweep gave up on cannot overwrite its successor.
    with db.engine.begin() as connection:
        connection.execute(update(Job).where(Job.id == job_id, Job.attempts == attempt, Job.state == JobState.running)
                           .values(state=state, error=error, finished_at=utc_now()))


def _update(job_id: int, **values) -> None:
    # Its own short transaction, so progress shows while the job's own session has work pending.
    with db.engine.begin() as connection:
        connection.execute(update(Job).where(Job.id == job_id).values(**values))


def recover_stale(app: Flask) -> list[int]:
    """Queue again (or, after JOB_ATTEMPTS runs, fail) each running job whose heartbeat stopped, and send again each
    queued job nobody claimed; returns their ids.

    Each row changes in one conditional UPDATE, so several workers sweeping at once act on a job only once."""
    with app.app_context():
        if not inspect(db.engine).has_table(Job.__tablename__):
            return []  # the database is not migrated yet
        cutoff = utc_now() - timedelta(seconds=app.config["JOB_STALE_SECONDS"])
        stale_condition = (Job.state == JobState.running,
                           or_(Job.heartbeat_at.is_(None), Job.heartbeat_at < cutoff))
        stale = db.session.execute(select(Job.id, Job.kind, Job.attempts).where(*stale_condition)).all()
        db.session.remove()
        recovered = []
        for job_id, kind, attempts in stale:
            retry = kind in REGISTRY and attempts < app.config["JOB_ATTEMPTS"]
            values = ({"state": JobState.queued, "heartbeat_at": utc_now()} if retry else
                      {"state": JobState.failed, "finished_at": utc_now(),
                       "error": INTERRUPTED.format(attempts=attempts)})
            with db.engine.begin() as connection:
                changed = connection.execute(update(Job).where(Job.id == job_id, Job.attempts == attempts,
                                                               *stale_condition).values(**values)).rowcount
            if not changed:
                continue
            log.warning("job %s kind=%s stopped sending heartbeats after attempt %s: %s", job_id, kind, attempts,
                        "queued again" if retry else "failed")
            if retry:
                _send(app, job_id, kind)
            recovered.append(job_id)
        return recovered + _send_again_unclaimed(app, cutoff)


def _send_again_unclaimed(app: Flask, cutoff) -> list[int]:
    """Send again each queued job no worker has claimed since its last sending before `cutoff`: its message was never
    delivered (the queue was unreachable) or was lost (Redis restarted). A job merely waiting its turn gets a second
    message, which the claim skips."""
    unclaimed = (Job.state == JobState.queued, or_(Job.heartbeat_at.is_(None), Job.heartbeat_at < cutoff))
    waiting = db.session.execute(select(Job.id, Job.kind).where(*unclaimed)).all()
    db.session.remove()
    sent = []
    for job_id, kind in waiting:
        with db.engine.begin() as connection:  # one sweep of one worker sends it, however many are sweeping
            if not connection.execute(update(Job).where(Job.id == job_id, *unclaimed)
                                      .values(heartbeat_at=utc_now())).rowcount:
                continue
        if kind in REGISTRY:
            log.warning("job %s kind=%s was not claimed since it was sent: sending it again", job_id, kind)
            _send(app, job_id, kind)
            sent.append(job_id)
    return sent


def init_app(app: Flask) -> None:
    from .queue import init_queue
    init_queue(app)
