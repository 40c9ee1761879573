"""The job queue: Celery, made from the app's settings, running each job in an app context (Flask's
`celery_init_app` pattern), and the `bundler worker` command.

QUEUE_URL picks the broker: empty is kombu's SQLAlchemy transport on a SQLite file in the instance folder (no
server; several processes on one host share it), redis://... is Redis for any number of hosts, and memory:// runs
jobs on threads inside this process (tests; the jobs still go through the registry and their JSON row).
Messages are acknowledged only after the job ends (acks_late), and given back if the worker process dies.
"""
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import click
from celery import Celery, Task, signals
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from . import jobs
from .engine import warm_office
from .extensions import db

EXTENSION = "bundler.queue"
TASK = "bundler.run_job"


def broker_url(app: Flask) -> str:
    return app.config["QUEUE_URL"] or f"sqla+sqlite:///{Path(app.instance_path) / 'queue.sqlite'}"


class Queue:
    """Sends a job id to its queue: to Celery, or (memory://) to this process's own threads."""

    def __init__(self, app: Flask, celery: Celery):
        self.app, self.celery = app, celery
        self.local = None
        if app.config["QUEUE_URL"] == "memory://":
            self.local = ThreadPoolExecutor(max_workers=app.config["JOB_WORKERS"], thread_name_prefix="bundler-job")

    def send(self, job_id: int, queue: str) -> None:
        if self.local is not None:
            self.local.submit(self.celery.tasks[TASK].apply, (job_id,))
        else:
            self.celery.send_task(TASK, (job_id,), queue=queue)


def init_queue(app: Flask) -> Celery:
    class AppTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, task_cls=AppTask)
    celery.conf.update(
        broker_url=broker_url(app),
        broker_connection_retry_on_startup=True,
        task_serializer="json", accept_content=["json"],
        task_ignore_result=True,  # the Job row is the result
        task_acks_late=True, task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # a worker holds only what it is running, so others take the rest
        task_default_queue=jobs.BUILDS,
        worker_hijack_root_logger=False,  # bundler's own logging, configured in the factory
    )
    if celery.conf.broker_url.startswith(("redis://", "rediss://")):
        celery.conf.broker_transport_options = {"visibility_timeout": app.config["QUEUE_VISIBILITY_SECONDS"]}
    celery.task(name=TASK)(jobs.run)
    celery.set_default()
    app.extensions["celery"] = celery
    app.extensions[EXTENSION] = Queue(app, celery)
    return celery


def sweep_forever(app: Flask, stopped: threading.Event) -> None:
    """A worker's own watch for jobs whose worker died: at start, then every heartbeat interval."""
    interval = app.config["JOB_HEARTBEAT_SECONDS"]
    while True:
        try:
            jobs.recover_stale(app)
        except SQLAlchemyError:  # a database blip must not stop the watch
            jobs.log.exception("sweep for stale jobs failed")
        if stopped.wait(interval):
            return


@click.command("worker")
@click.option("--concurrency", "-c", type=click.IntRange(min=1), default=None,
              help="Jobs run at once (processes); default JOB_WORKERS.")
@click.option("--queues", "-Q", multiple=True,
              help=f"Queues to take jobs from, comma-separated or repeated: {', '.join(jobs.QUEUES)} (default all).")
@with_appcontext
def worker_command(concurrency, queues):
    """Run a worker taking jobs from the queue (any number, on any host with the same settings)."""
    app = current_app._get_current_object()
    names = [name.strip() for option in queues for name in option.split(",") if name.strip()] or list(jobs.QUEUES)
    unknown = sorted(set(names) - set(jobs.QUEUES))
    if unknown:
        raise click.BadParameter(f"unknown queue(s) {', '.join(unknown)}: use {', '.join(jobs.QUEUES)}.",
                                 param_hint="--queues")
    if app.config["QUEUE_URL"] == "memory://":
        raise click.ClickException("QUEUE_URL is memory://, which runs jobs inside each process: set it to a "
                                   "redis:// address, or leave it empty for the SQLite queue, to run a worker.")
    stopped = threading.Event()

    @signals.worker_ready.connect(weak=False)
    def start_sweeping(**_):
        threading.Thread(target=sweep_forever, args=(app, stopped), name="stale-job-sweep", daemon=True).start()

    @signals.after_setup_logger.connect(weak=False)
    def one_line_each(**_):
        logging.getLogger("bundler").propagate = False  # its own handler already writes it; not Celery's again

    @signals.worker_process_init.connect(weak=False)
    def fresh_connections(**_):
        with app.app_context():
            db.engine.dispose(close=False)  # a forked pool process must not share the parent's connections

    @signals.worker_process_shutdown.connect(weak=False)
    def stop_libreoffice(**_):
        warm_office.stop_shared()  # a pool process may leave without running atexit

    celery = app.extensions["celery"]
    level = app.config["LOG_LEVEL"].upper()
    try:
        celery.worker_main(["worker", f"--concurrency={concurrency or app.config['JOB_WORKERS']}",
                            f"--queues={','.join(names)}", f"--loglevel={level}", "--without-gossip",
                            "--without-mingle", "--without-heartbeat"])
    finally:
        stopped.set()
