"""Benchmark: case builds and .docx conversions, submitted at once, run by 1, 2 and 4 `bundler worker` processes.

Run: .venv/bin/python benchmarks/scale_bench.py [--builds 24] [--pages 300] [--docx 24] [--workers 1,2,4]
     [--database postgresql|sqlite] [--apart] [--keep-logs DIR]

The deployment shape of the README, started in a temporary folder and removed at the end (also on Ctrl-C):
Redis on loopback for the queue, a throwaway PostgreSQL cluster (or SQLite) for the database, evidence and bundles
as local files. Each case has about PAGES pages of evidence in six documents, uploaded and converted through the
services before timing starts. Then, for each worker count N, N workers on the builds queue and N on the
conversions queue (`bundler worker --concurrency 1 --queues ...`, as the product splits them) are started; once
they are up, a Build is started on every case (`services.bundles.start_build`) and a .docx uploaded to each
(`services.evidence.add_documents`), all through `jobs.submit` to Redis. Jobs per minute are counted from the Job
rows, from the first start to the last finish of each kind. With --apart the builds run first with the machine to
themselves, then the conversions, which shows how each scales without the other taking the cores.
Target (issue 9): with 2 workers, builds at >= 1.7x the rate of 1 worker (on a 2-core machine).
"""
import argparse
import io
import os
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from functools import partial
from pathlib import Path

import docx
from deployment import add_evidence, deployment, evidence_pdfs, seed_team, wait_until

TARGET_SPEED_UP = 1.7


def report_docx(label: str) -> bytes:
    """A short report, different each time, so each conversion is LibreOffice's work and not a stored copy."""
    document = docx.Document()
    document.add_heading(f"Speech and language therapy report {label}", 1)
    for n in range(40):
        document.add_paragraph(f"Paragraph {n + 1} of report {label}: assessed over three sessions in school, "
                               "with a programme for the class teacher to follow each week.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def seed(here, cases: int, pages: int) -> None:
    """The cases and their converted evidence, through the services (conversions on this process's threads)."""
    with tempfile.TemporaryDirectory() as work:
        pdfs = evidence_pdfs(Path(work), pages)
    with here.app(QUEUE_URL="memory://").app_context():
        made, officers = seed_team(cases, users=1)
        add_evidence(made, pdfs, officers[0])


def submit_round(app, label: str, builds: int, conversions: int) -> tuple[list[int], list[int]]:
    """Start a build on `builds` cases, then upload a .docx to `conversions` cases; the two lists of job ids."""
    from bundler import dates
    from bundler.demo import DEMO_REFERENCE, days_from_today
    from bundler.extensions import db
    from bundler.models import Case, User
    from bundler.models.evidence import Party
    from bundler.services import bundles, evidence

    with app.app_context():
        cases = db.session.query(Case).filter(Case.reference != DEMO_REFERENCE).order_by(Case.id).all()
        officer = db.session.query(User).filter_by(email="officer1@bench.example").one()
        build_jobs = [bundles.start_build(case, officer, dates.today()).job_id for case in cases[:builds]]
        details = evidence.DocumentDetails(section="la_evidence", party=Party.local_authority,
                                           document_date=days_from_today(-10), author="Therapist")
        conversion_jobs = []
        for n in range(conversions):
            upload = evidence.Upload(f"report {label} {n + 1}.docx", io.BytesIO(report_docx(f"{label}-{n + 1}")))
            conversion_jobs += [d.conversion_job_id for d in evidence.add_documents(
                cases[n % len(cases)], [upload], details, user=officer)]
        db.session.remove()
    return build_jobs, conversion_jobs


def finished(app, job_ids: list[int]):
    """The rows of these jobs once all have finished, else None."""
    from bundler.extensions import db
    from bundler.models.jobs import Job

    with app.app_context():
        rows = db.session.query(Job).filter(Job.id.in_(job_ids)).all()
        db.session.expunge_all()
        db.session.remove()
    return rows if all(row.state.finished for row in rows) else None


def start_workers(here, count: int, queues: list[str]) -> list:
    """`count` workers on each queue, waited for until each says it is ready (so start-up is not timed)."""
    started = []
    for queue in queues:
        for n in range(count):
            name = f"worker-{queue}-{count}-{n}"
            started.append((name, here.start("worker", "--concurrency", "1", "--queues", queue, name=name)))
    for name, process in started:
        wait_until(partial(ready_or_stopped, here, name, process), 180, f"{name} to start")
        if process.poll() is not None:
            sys.exit(f"{name} stopped:\n{here.log(name)[-3000:]}")
    return [process for _, process in started]


def ready_or_stopped(here, name: str, process) -> bool:
    return process.poll() is not None or " ready." in here.log(name)


def rate(rows) -> tuple[float, float]:
    """Jobs per minute over the span from the first start to the last finish, and that span in seconds."""
    span = (max(row.finished_at for row in rows) - min(row.started_at for row in rows)) / timedelta(seconds=1)
    return 60 * len(rows) / span, span


def run_round(here, app, workers: int, builds: int, conversions: int, apart: bool) -> dict[str, tuple]:
    """One worker count: the jobs per minute and span of each kind."""
    results = {}
    phases = ([("builds", builds, 0), ("conversions", 0, conversions)] if apart
              else [("builds+conversions", builds, conversions)])
    for phase, phase_builds, phase_conversions in phases:
        queues = [queue for queue, n in (("builds", phase_builds), ("conversions", phase_conversions)) if n]
        processes = start_workers(here, workers, queues)
        try:
            build_jobs, conversion_jobs = submit_round(app, f"w{workers}-{phase}", phase_builds, phase_conversions)
            rows = wait_until(partial(finished, app, build_jobs + conversion_jobs), 3600, f"the {phase} jobs", 1)
        finally:
            here.stop(*processes)
        failed = [row for row in rows if row.state.value != "done"]
        if failed:
            sys.exit(f"{len(failed)} job(s) failed with {workers} worker(s), e.g. {failed[0].kind}: "
                     f"{failed[0].error}\n{here.log(f'worker-builds-{workers}-0')[-3000:]}")
        for kind, ids in (("builds", build_jobs), ("conversions", conversion_jobs)):
            if ids:
                results[kind] = rate([row for row in rows if row.id in ids])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builds", type=int, default=24, help="cases, and builds in each round (default 24)")
    parser.add_argument("--pages", type=int, default=300, help="pages of evidence in each case (default 300)")
    parser.add_argument("--docx", type=int, default=24, help=".docx conversions in each round (default 24)")
    parser.add_argument("--workers", default="1,2,4", help="worker counts to try, comma-separated (default 1,2,4)")
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--apart", action="store_true", help="builds first, then conversions, not at once")
    parser.add_argument("--keep-logs", type=Path, help="copy the workers' logs here at the end")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} on "
          f"{os.cpu_count()} cores; {args.builds} builds of ~{args.pages} pages and {args.docx} .docx conversions "
          f"per round, {'apart' if args.apart else 'submitted at once'}, Redis queue, {args.database}", flush=True)
    with deployment(args.database) as here:
        started = time.perf_counter()
        seed(here, max(args.builds, 1), args.pages)
        print(f"seeded {args.builds} cases in {time.perf_counter() - started:.0f} s", flush=True)
        app = here.app()
        results = {}
        try:
            for workers in counts:
                results[workers] = run_round(here, app, workers, args.builds, args.docx, args.apart)
                print(f"{workers} worker(s) per queue: " + ", ".join(
                    f"{kind} {per_minute:6.1f} jobs/min ({span:5.1f} s)"
                    for kind, (per_minute, span) in results[workers].items()), flush=True)
        finally:
            if args.keep_logs:
                shutil.copytree(here.folder, args.keep_logs, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("instance", "redis", "*.sqlite"))
    print_speed_ups(results, counts)


def print_speed_ups(results: dict, counts: list[int]) -> None:
    base = counts[0]
    for kind in ("builds", "conversions"):
        if kind not in results[base]:
            continue
        line = ", ".join(f"{workers} workers {results[workers][kind][0] / results[base][kind][0]:.2f}x"
                         for workers in counts[1:])
        print(f"speed-up of {kind} over {base} worker(s): {line or '(one count only)'}")
    if base == 1 and 2 in results and "builds" in results[1]:
        speed_up = results[2]["builds"][0] / results[1]["builds"][0]
        print(f"builds, 2 workers / 1 worker: {speed_up:.2f}x (target >= {TARGET_SPEED_UP}x): "
              f"{'met' if speed_up >= TARGET_SPEED_UP else 'MISSED'}")
    print(f"load at the end: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("interrupted: servers stopped, temporary folder removed")
