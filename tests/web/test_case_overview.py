"""The case page opens with what needs doing next: the next deadlines, evidence awaiting review (or a date), the
statement's state, and the latest bundle version with whether it passes the checks."""
import io
import json
from datetime import date, timedelta

from bundler import dates
from bundler.extensions import db
from bundler.models import BundleVersion, Case, Direction, Job, Role, User
from bundler.models.evidence import Document, Party
from bundler.models.jobs import JobState
from bundler.services.statements import workflow
from bundler.timetable import fixed_date

from ..helpers import checked, link_from, page, pdf_bytes, wait_for_jobs


def next_steps(client, case_id) -> dict[str, str]:
    shown = page(client, f"/cases/{case_id}")
    headings = shown.texts("h2")
    assert headings.index("What needs doing next") < headings.index("Appeal")  # it opens the page
    return {row["data-next"]: " ".join(row.select_one("dd").get_text(" ").split())
            for row in shown.select("[data-next] > [data-next]")}


def add_direction(case_id, title, due):
    db.session.add(Direction(case_id=case_id, title=title, due_date=due, explanation=fixed_date(due).explanation))


def add_version(case_id, number, checks):
    job = Job(kind="build_bundle", state=JobState.done, case_id=case_id)
    db.session.add(job)
    db.session.flush()
    db.session.add(BundleVersion(case_id=case_id, number=number, job_id=job.id, bundle_date=date(2026, 1, 5),
                                 file_name=f"v{number}.pdf", report_json=json.dumps({"checks": checks})))


def test_a_new_case_says_there_is_nothing_to_do_yet(client, login, seed):
    login(client, "send_officer")
    assert next_steps(client, seed.own_case_id) == {
        "deadlines": "No open deadlines", "evidence": "Nothing awaiting review",
        "statement": "Not started Open the statement of case", "bundle": "No bundle built yet"}


def test_the_case_page_opens_with_deadlines_evidence_statement_and_bundle(app, client, login, seed):
    today = dates.today()
    with app.app_context():
        for n, days in enumerate((-3, 40, 60, 90)):
            add_direction(seed.own_case_id, f"Step {n}", today + timedelta(days=days))
        add_direction(seed.other_case_id, "South step", today - timedelta(days=1))
        db.session.add(Document(case_id=seed.own_case_id, title="Undated letter", section="la_evidence",
                                party=Party.local_authority, original_filename="letter.pdf",
                                original_sha256="0" * 64, size=1, pdf_sha256="1" * 64, page_count=1))
        add_version(seed.own_case_id, 1, [{"rule": "text on every page", "passed": False, "detail": "page 3"}])
        add_version(seed.own_case_id, 2, [{"rule": "text on every page", "passed": True, "detail": ""}])
        case = db.session.get(Case, seed.own_case_id)
        workflow.start_draft(case, db.session.get(User, seed.user_ids[Role.tribunal_officer]))
        db.session.commit()
    login(client, "send_officer")
    made = client.post(f"/cases/{seed.own_case_id}/evidence/requests/new", data={
        "recipient_name": "Riverside Primary", "details": "Attendance", "section": "la_evidence",
        "due_date": ["1", "1", "2099"]}, follow_redirects=True)
    app.test_client().post(link_from(checked(made)), data={"files": [(io.BytesIO(pdf_bytes(1, "a")), "a.pdf")]},
                           content_type="multipart/form-data")
    shown = next_steps(client, seed.own_case_id)
    assert shown["deadlines"] == (
        f"Overdue Step 0 , {dates.page_date(today - timedelta(days=3))} "
        f"Open Step 1 , {dates.page_date(today + timedelta(days=40))} "
        f"Open Step 2 , {dates.page_date(today + timedelta(days=60))} and 1 more on the timetable")
    assert shown["evidence"] == ("To review 1 file from evidence requests awaiting review Date needed "
                                 "1 document without a date (the bundle cannot be built until each has one)")
    assert shown["statement"] == "Draft Open the statement of case"
    assert shown["bundle"] == "Version 2 : Passes the checks"
    wait_for_jobs(app)


def test_the_latest_version_failing_its_checks_says_so(app, client, login, seed):
    with app.app_context():
        add_version(seed.own_case_id, 1, [{"rule": "text on every page", "passed": False, "detail": "page 3"}])
        db.session.commit()
    login(client, "tribunal_officer")
    assert next_steps(client, seed.own_case_id)["bundle"] == "Version 1 : Fails the checks"
