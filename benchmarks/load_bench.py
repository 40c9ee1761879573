"""Benchmark: 20 signed-in officers on the case, evidence and deadlines pages of `bundler serve --workers 2`,
while builds run.

Run: .venv/bin/python benchmarks/load_bench.py [--clients 20] [--seconds 60] [--database postgresql|sqlite]
     .venv/bin/python benchmarks/load_bench.py --mix --minutes 10      (issue 16's "load held")

The deployment (Redis, a throwaway PostgreSQL cluster or SQLite, local files) is started in a temporary folder and
removed at the end, also on Ctrl-C: `bundler serve --workers 2` (gunicorn, its default threads) and two
`bundler worker` processes, one on each queue. Each client is a thread with its own keep-alive connection that
signs in for real through the sign-in form (its CSRF token, its session cookie) as its own tribunal officer; once
all have signed in the clock starts, and each asks for its case's pages in turn until the time is up. Meanwhile
a Build is started again and again on a case of about 300 pages, so the builds worker is busy throughout. Prints
requests per second and the 50th, 95th and 99th percentiles, overall and per page; any answer other than the page
(or, for a form, its redirect) counts as an error. Target (issue 9): p95 <= 150 ms and >= 150 requests per second.

--mix: the officers work as people do, mixing the cases list, case, evidence, statement, timetable and deadlines
pages with uploads (a PDF or a .docx through the upload form) and Build presses (a press refused because a build
or a conversion is running counts as answered, with its message). At the end it waits for the queue to drain and
checks nothing was lost: every upload is a document whose file is stored and that converted or failed with a
message, and every bundle version built or failed with a message.
"""
import argparse
import os
import random
import re
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

import urllib3
from deployment import PASSWORD, add_evidence, deployment, evidence_pdfs, seed_team, wait_until
from scale_bench import report_docx
from urllib3.filepost import encode_multipart_formdata

from bundler.demo.evidence import demo_pdf

TARGET_P95_MS, TARGET_RATE = 150, 150
CSRF = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"')
# --mix: how often each thing is done, as weights.
MIX = (("cases", 10), ("case", 20), ("evidence", 20), ("statement", 10), ("timetable", 8), ("deadlines", 15),
       ("upload", 4), ("build", 2))


class Failure(Exception):
    """An answer that was not the page a signed-in officer should get."""


@dataclass
class Results:
    """Latencies in seconds by page, and the errors, shared by the client threads."""
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    uploads: list[str] = field(default_factory=list)
    refused_builds: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, page: str, seconds: float) -> None:
        with self.lock:
            self.times[page].append(seconds)

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


class Officer:
    """One signed-in person: a keep-alive connection, the session cookie, and the CSRF token of each form."""

    def __init__(self, port: int, email: str, results: Results):
        self.pool = urllib3.HTTPConnectionPool("127.0.0.1", port, maxsize=1, timeout=120, retries=False)
        self.email, self.results, self.cookies = email, results, {}

    def request(self, page: str, method: str, path: str, body: bytes | None = None,
                content_type: str | None = None, expect: tuple[int, ...] = (200,)) -> urllib3.BaseHTTPResponse:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if content_type:
            headers["Content-Type"] = content_type
        started = time.perf_counter()
        response = self.pool.request(method, path, body=body, headers=headers, redirect=False)
        self.results.record(page, time.perf_counter() - started)
        for cookie in response.headers.getlist("Set-Cookie"):
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value
        location = response.headers.get("Location", "")
        if response.status not in expect or "/login" in location:
            raise Failure(f"{method} {path}: {response.status} {location}".strip())
        return response

    def token(self, page: str, path: str) -> str:
        found = CSRF.search(self.request(page, "GET", path).data)
        if found is None:
            raise Failure(f"no CSRF token on {path}")
        return found.group(1).decode()

    def sign_in(self) -> None:
        token = self.token("sign-in form", "/login")
        self.request("sign in", "POST", "/login", urlencode(
            {"csrf_token": token, "email": self.email, "password": PASSWORD}).encode(),
            "application/x-www-form-urlencoded", expect=(302,))

    def post_form(self, page: str, path: str, fields: list, form_path: str, expect=(302,)):
        body, content_type = encode_multipart_formdata([("csrf_token", self.token(f"{page} form", form_path)),
                                                        *fields])
        return self.request(page, "POST", path, body, content_type, expect=expect)


def pages_of(case_id: int) -> dict[str, str]:
    return {"cases": "/cases/", "case": f"/cases/{case_id}", "evidence": f"/cases/{case_id}/evidence",
            "statement": f"/cases/{case_id}/statement", "timetable": f"/cases/{case_id}/timetable",
            "deadlines": "/deadlines"}


def upload(officer: Officer, case_id: int, name: str) -> None:
    pdf = name.endswith(".pdf")
    content = demo_pdf(name, 3) if pdf else report_docx(name)
    kind = "application/pdf" if pdf else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    path = f"/cases/{case_id}/evidence/upload"
    officer.post_form("upload", path, [
        ("section", "la_evidence"), ("party", "local_authority"), ("author", "School"), ("document_date", "1"),
        ("document_date", "10"), ("document_date", "2025"), ("files", (name, content, kind))], path)
    with officer.results.lock:
        officer.results.uploads.append(name)


def build(officer: Officer, case_id: int) -> None:
    page = f"/cases/{case_id}/bundles"
    answer = officer.post_form("build", f"{page}/build", [("bundle_date", "5"), ("bundle_date", "1"),
                                                          ("bundle_date", "2026")], page, expect=(302, 409))
    if answer.status == 409:  # a build or a conversion is running: the page says so
        if b"govuk-error-summary" not in answer.data and b"Wait" not in answer.data:
            raise Failure(f"build on case {case_id} refused without a message")
        with officer.results.lock:
            officer.results.refused_builds += 1


def sign_in(officer: Officer) -> None:
    try:
        officer.sign_in()
    except (Failure, urllib3.exceptions.HTTPError) as failed:
        officer.results.error(f"sign-in of {officer.email}: {failed}")


def work(officer: Officer, case_id: int, until: float, mix: bool, number: int) -> None:
    """Ask for pages (or, with `mix`, do what officers do) until `until`."""
    rng = random.Random(number)
    pages = pages_of(case_id)
    steps = [name for name, weight in MIX for _ in range(weight)] if mix else ["case", "evidence", "deadlines"]
    turn = 0
    while time.monotonic() < until:
        step = rng.choice(steps) if mix else steps[turn % len(steps)]
        turn += 1
        try:
            if step == "upload":
                upload(officer, case_id, f"upload-{number}-{turn}.{rng.choice(('pdf', 'pdf', 'docx'))}")
            elif step == "build":
                build(officer, case_id)
            else:
                officer.request(step, "GET", pages[step])
        except (Failure, urllib3.exceptions.HTTPError) as failed:
            officer.results.error(str(failed))


def keep_building(app, case_id: int, until: float, built: list[int]) -> None:
    """Start a build on the big case, wait for it, start another, until `until`: the builds worker stays busy."""
    from bundler import dates, jobs
    from bundler.extensions import db
    from bundler.models import Case, User
    from bundler.services import bundles

    with app.app_context():
        officer = db.session.query(User).filter_by(email="officer1@bench.example").one()
        while time.monotonic() < until:
            version = bundles.start_build(db.session.get(Case, case_id), officer, dates.today())
            built.append(jobs.wait(version.job_id, timeout=900).id)
        db.session.remove()


def seed(here, clients: int, mix: bool) -> tuple[list[int], int]:
    """A case for each officer with the demo's five documents, and one case of about 300 pages to build; their ids."""
    from bundler.demo.evidence import DEMO_DOCUMENTS

    with tempfile.TemporaryDirectory() as work:
        big = evidence_pdfs(Path(work), 300)
    small = [demo_pdf(title, pages) for *_, title, pages in DEMO_DOCUMENTS]
    with here.app(QUEUE_URL="memory://").app_context():
        made, officers = seed_team(clients + 1, users=clients)
        add_evidence(made[:-1], small, officers[0])
        add_evidence(made[-1:], big, officers[0])
        return [case.id for case in made[:-1]], made[-1].id


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def report(results: Results, seconds: float, builds: int) -> bool:
    """Print the figures; whether the targets were met."""
    every = [t for page, times in results.times.items() if page not in ("sign-in form", "sign in")
             for t in times]
    rate = len(every) / seconds
    print(f"{'page':18s} {'requests':>8s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s}")
    for page, times in sorted(results.times.items()):
        print(f"{page:18s} {len(times):8d} {1000 * percentile(times, .5):8.0f} {1000 * percentile(times, .95):8.0f} "
              f"{1000 * percentile(times, .99):8.0f}")
    p95 = 1000 * percentile(every, .95)
    print(f"all (signed in)    {len(every):8d} {1000 * percentile(every, .5):8.0f} {p95:8.0f} "
          f"{1000 * percentile(every, .99):8.0f}")
    print(f"{rate:.1f} requests per second over {seconds:.0f} s, {len(results.errors)} error(s), "
          f"{builds} build(s) of the ~300-page case meanwhile")
    for message in results.errors[:10]:
        print(f"  error: {message}")
    met = p95 <= TARGET_P95_MS and rate >= TARGET_RATE and not results.errors
    print(f"target p95 <= {TARGET_P95_MS} ms and >= {TARGET_RATE} req/s with no errors: {'met' if met else 'MISSED'}")
    return met


def nothing_lost(app, results: Results) -> list[str]:
    """Once the queue is empty: what was lost or left without a message (empty when nothing was)."""
    from bundler.extensions import db
    from bundler.models import BundleVersion, Document
    from bundler.models.jobs import Job, JobState
    from bundler.services.evidence import evidence_store

    with app.app_context():
        def drained():
            db.session.expire_all()
            return not db.session.query(Job).filter(Job.state.in_((JobState.queued, JobState.running))).count()
        wait_until(drained, 1800, "the queue to drain", 1)
        problems = []
        documents = {d.original_filename: d for d in db.session.query(Document).all()}
        store = evidence_store()
        for name in results.uploads:
            document = documents.get(name)
            if document is None:
                problems.append(f"upload {name} is not a document")
            elif not store.exists(document.original_sha256):
                problems.append(f"upload {name}: its file is not stored")
            elif document.status == "converting" or (document.status == "failed" and
                                                     not document.conversion_job.error):
                problems.append(f"upload {name}: {document.status} without a message")
        versions = db.session.query(BundleVersion).all()
        for version in versions:
            if version.state == "building" or (version.state == "failed" and not (version.job and version.job.error)):
                problems.append(f"bundle version {version.number} of case {version.case_id}: {version.state}, "
                                "no message")
        failed = sum(version.state == "failed" for version in versions)
        print(f"checked {len(results.uploads)} upload(s) and {len(versions)} bundle version(s) "
              f"({failed} failed with a message), {results.refused_builds} Build press(es) refused with a message")
        db.session.remove()
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60, help="how long the clients work (default 60)")
    parser.add_argument("--minutes", type=float, help="the same in minutes (for --mix)")
    parser.add_argument("--mix", action="store_true", help="mix pages, uploads and builds; check nothing was lost")
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--web-workers", type=int, default=2, help="bundler serve --workers (default 2)")
    args = parser.parse_args()
    seconds = args.minutes * 60 if args.minutes else args.seconds
    load = os.getloadavg()
    print(f"load: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores; {args.clients} clients for "
          f"{seconds:.0f} s, {'mixed work' if args.mix else 'case, evidence and deadlines pages'}, "
          f"bundler serve --workers {args.web_workers}, {args.database}", flush=True)
    # Every client signs in from 127.0.0.1: the per-address sign-in limit is for people, not for this.
    with deployment(args.database, LOGIN_RATE_LIMIT="1000 per minute") as here:
        case_ids, big_case = seed(here, args.clients, args.mix)
        here.start("worker", "--concurrency", "1", "--queues", "builds", name="worker-builds")
        here.start("worker", "--concurrency", "1", "--queues", "conversions", name="worker-conversions")
        here.start("serve", "--workers", str(args.web_workers), "--port", str(here.port), name="serve")
        probe = urllib3.HTTPConnectionPool("127.0.0.1", here.port, retries=False)
        wait_until(partial(answers, probe), 120, "bundler serve to answer")
        app = here.app()
        results = Results()
        officers = [Officer(here.port, f"officer{n + 1}@bench.example", results) for n in range(args.clients)]
        together(threading.Thread(target=sign_in, args=(officer,)) for officer in officers)  # before the clock
        until = time.monotonic() + seconds
        built: list[int] = []
        builder = threading.Thread(target=keep_building, args=(app, big_case, until, built), daemon=True)
        builder.start()
        started = time.perf_counter()
        together(threading.Thread(target=work, args=(officer, case_ids[n], until, args.mix, n))
                 for n, officer in enumerate(officers))
        elapsed = time.perf_counter() - started
        builder.join(900)  # its last build, before the servers stop
        met = report(results, elapsed, len(built))
        if args.mix:
            problems = nothing_lost(app, results)
            for problem in problems[:20]:
                print(f"  LOST: {problem}")
            print(f"nothing lost: {'yes' if not problems else f'NO, {len(problems)} problem(s)'}")
            met = met and not problems
        load = os.getloadavg()
        print(f"load at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0 if met else 1


def together(threads) -> None:
    threads = list(threads)
    for thread in threads:
        thread.daemon = True
        thread.start()
    for thread in threads:
        thread.join()


def answers(pool) -> bool:
    try:
        return pool.request("GET", "/login", timeout=5).status == 200
    except urllib3.exceptions.HTTPError:
        return False


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("interrupted: servers stopped, temporary folder removed")
