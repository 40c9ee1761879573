"""What the scale and load benchmarks share: a throwaway deployment in a temporary folder (PostgreSQL or SQLite,
Redis on loopback, evidence and bundles as local files), bundler processes started in it, and everything stopped
and removed at the end, on an error or on Ctrl-C.

The servers come from `tests/servers.py`, the same helpers the end-to-end deployment test uses.
"""
import io
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's bundler and tests/servers.py, whichever folder we run from

from bundle_bench import text_document  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402

from tests.servers import free_ports, postgres, redis_server  # noqa: E402

PASSWORD = "benchmark password"  # of the throwaway users in the throwaway database


class Deployment:
    """The environment every process shares, and the processes started in it (stopped by `stop_all`)."""

    def __init__(self, folder: Path, env: dict[str, str]):
        self.folder, self.env = folder, env
        self.processes: list[subprocess.Popen] = []

    def start(self, *args: str, name: str) -> subprocess.Popen:
        """`bundler ARGS...` in its own process group (so stopping it stops its children), logging to a file."""
        with open(self.folder / f"{name}.log", "ab") as log:
            process = subprocess.Popen([sys.executable, "-m", "bundler", *args], env=self.env, cwd=ROOT,
                                       stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    def run(self, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "bundler", *args], env=self.env, cwd=ROOT,
                              capture_output=True, text=True, timeout=900)
        if done.returncode:
            raise RuntimeError(f"bundler {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def stop(self, *processes: subprocess.Popen) -> None:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            if process in self.processes:
                self.processes.remove(process)

    def stop_all(self) -> None:
        self.stop(*self.processes)

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def app(self, **settings):
        """The bundler app on this deployment, in this process (settings by name override the environment);
        quiet, so its job lines do not mix with the figures."""
        from bundler import create_app

        settings = {"LOG_LEVEL": "WARNING", **settings}
        saved = dict(os.environ)
        os.environ.update(self.env)
        os.environ.update({f"BUNDLER_{name}": str(value) for name, value in settings.items()})
        try:
            return create_app()
        finally:
            os.environ.clear()
            os.environ.update(saved)


def stop_on_sigterm() -> None:
    """A `kill` of the benchmark cleans up as Ctrl-C does."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, interrupt)


@contextmanager
def deployment(database: str = "postgresql", **settings: str):
    """A migrated, empty deployment on Redis and `database` ("postgresql" or "sqlite"); settings by name
    (BUNDLER_<NAME>) added to its environment."""
    stop_on_sigterm()
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bundler-bench-")))
        (folder / "redis").mkdir()
        queue = stack.enter_context(redis_server(folder / "redis"))
        if database == "postgresql":
            cluster = stack.enter_context(postgres())
            cluster.execute("CREATE DATABASE bench")
            database_url = cluster.url("bench")
        else:
            database_url = f"sqlite:///{folder / 'bundler.sqlite'}"
        (port,) = free_ports(1)
        env = {**os.environ, "BUNDLER_INSTANCE": str(folder / "instance"), "DATABASE_URL": database_url,
               "BUNDLER_QUEUE_URL": queue, "BUNDLER_SECRET_KEY": "benchmark", "BUNDLER_SESSION_COOKIE_SECURE": "0",
               "BUNDLER_PUBLIC_URL": f"http://127.0.0.1:{port}", "BUNDLER_LOG_LEVEL": "INFO",
               **{f"BUNDLER_{name}": value for name, value in settings.items()}}
        here = Deployment(folder, env)
        here.port = port
        stack.callback(here.stop_all)
        here.run("db", "upgrade")
        yield here


def wait_until(condition, seconds: float, what: str, poll: float = 0.2):
    deadline = time.monotonic() + seconds
    while True:
        found = condition()
        if found:
            return found
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {seconds:.0f} s waiting for {what}")
        time.sleep(poll)


def seed_team(cases: int, users: int):
    """The demo team and its users (`bundler demo`'s, with PASSWORD), `users` more tribunal officers, and `cases`
    cases with a hearing ten weeks on (in an app context); returns (cases, officers)."""
    from bundler.demo import CASE_DAYS, days_from_today, seed_demo
    from bundler.extensions import db
    from bundler.models import Case, CaseStatus, Role, User

    _, demo_users, _ = seed_demo(PASSWORD)
    team = demo_users[Role.tribunal_officer].teams[0]
    officers = []
    for n in range(users):
        officer = User(email=f"officer{n + 1}@bench.example", name=f"Officer {n + 1}", role=Role.tribunal_officer,
                       password_hash="")
        officer.set_password(PASSWORD)
        officer.teams.append(team)
        officers.append(officer)
    made = [Case(reference=f"EH{800 + n // 1000:03d}/25/{n % 1000 + 10000:05d}", child_name=f"Child {n + 1}",
                 child_dob=date(2015, 1, 1), appellant_name=f"Parent {n + 1}", appeal_type="contents",
                 status=CaseStatus.preparing, team=team, officer=officers[n % len(officers)] if officers else None,
                 **{field: days_from_today(days) for field, days in CASE_DAYS.items()})
            for n in range(cases)]
    db.session.add_all(officers + made)
    db.session.commit()
    return made, officers


EVIDENCE_SECTIONS = ("ehcp", "la_evidence", "la_evidence", "appellant_evidence", "la_evidence", "core")


def evidence_pdfs(folder: Path, pages: int) -> list[bytes]:
    """Six documents of typed text (as bundle_bench makes them), about `pages` pages in all."""
    rng = random.Random(2025)
    contents = []
    for n in range(len(EVIDENCE_SECTIONS)):
        path = folder / f"evidence-{n}.pdf"
        text_document(path, max(1, pages // len(EVIDENCE_SECTIONS)), A4, rng, 0)
        contents.append(path.read_bytes())
    return contents


def add_evidence(cases, pdfs: list[bytes], user) -> None:
    """Upload the same documents to each case through the services and wait for their conversions (in an app
    context; on a memory:// queue they run on this process's threads). Stored once, as the store is by content."""
    from bundler import jobs
    from bundler.demo import days_from_today
    from bundler.models.evidence import Party
    from bundler.services import evidence

    job_ids = []
    for case in cases:
        for n, (section, content) in enumerate(zip(EVIDENCE_SECTIONS, pdfs, strict=False)):
            details = evidence.DocumentDetails(section=section, party=Party.local_authority,
                                               document_date=days_from_today(-100 + n), title=f"Evidence {n + 1}")
            upload = evidence.Upload(f"evidence {n + 1}.pdf", io.BytesIO(content))
            job_ids += [document.conversion_job_id for document in evidence.add_documents(
                case, [upload], details, user=user)]
    failed = [row.error for row in (jobs.wait(job_id) for job_id in job_ids) if row.state.value != "done"]
    if failed:
        sys.exit(f"seeding: {len(failed)} conversion(s) failed: {failed[0]}")
