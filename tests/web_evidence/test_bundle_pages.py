import io
import json
import shutil
import threading
import time
import zipfile
from datetime import date, timedelta

import pikepdf
import pytest
from sqlalchemy import select

from bundler import jobs
from bundler.engine.check import check_bundle
from bundler.extensions import db
from bundler.models import BundleVersion, Case, Job
from bundler.models.audit import utc_now
from bundler.models.jobs import JobState
from bundler.services import bundles

from ..helpers import audit_actions, checked, page, pdf_bytes, wait_for_jobs


def build(client, case_id, when=(5, 1, 2026)):
    return client.post(f"/cases/{case_id}/bundles/build", data={"bundle_date": [str(part) for part in when]})


def add_evidence(app, upload, case_id, names, pages=2):
    upload(case_id, [(f"{name}.pdf", pdf_bytes(pages, name)) for name in names])
    wait_for_jobs(app)


def version_row(app, case_id, number):
    with app.app_context():
        version = db.session.scalar(select(BundleVersion).filter_by(case_id=case_id, number=number))
        return (version.state, version.page_count,
                [(row.title, row.first_page, row.last_page) for row in version.documents])


def test_build_runs_in_the_background_and_the_download_passes_check(app, client, login, seed, upload, tmp_path):
    login(client, "tribunal_officer")
    add_evidence(app, upload, seed.own_case_id, ["EP advice", "School report"])
    response = build(client, seed.own_case_id)
    assert response.status_code == 302 and response.headers["Location"].endswith("/bundles/1")
    wait_for_jobs(app)
    state, pages, rows = version_row(app, seed.own_case_id, 1)
    assert state == "built"
    assert [title for title, *_ in rows] == ["EP advice", "School report"]
    first, second = rows[0][1:], rows[1][1:]
    assert second[0] == first[1] + 1 and second[1] - second[0] == 1
    download = client.get(f"/cases/{seed.own_case_id}/bundles/1/download")
    assert download.mimetype == "application/pdf"
    assert "EH123-25-00001 bundle v1.pdf" in download.headers["Content-Disposition"]
    path = tmp_path / "downloaded.pdf"
    path.write_bytes(download.data)
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == pages
    failed = [result for result in check_bundle(path) if not result.passed]
    assert failed == []
    assert "downloaded" in audit_actions(app, seed.own_case_id)
    shown = page(client, f"/cases/{seed.own_case_id}/bundles/1")
    assert "This is the first bundle built for this case." in shown.text and f"({pages} pages)" in shown.text


def test_progress_reports_pages_done_out_of_total(app, client, login, seed, upload):
    login(client, "tribunal_officer")
    add_evidence(app, upload, seed.own_case_id, ["A"], pages=3)
    build(client, seed.own_case_id)
    wait_for_jobs(app)
    with app.app_context():
        version = db.session.scalar(select(BundleVersion))
        job_id, pages = version.job_id, version.page_count
    status = client.get(f"/cases/{seed.own_case_id}/bundles/jobs/{job_id}").get_json()
    assert status["state"] == "done" and status["finished"] and status["percent"] == 100
    assert status["done"] == status["total"] and status["total"] >= 3 and pages >= 3


def test_building_page_shows_a_progress_bar_and_refresh_link_without_javascript(app, client, login, seed):
    login(client, "tribunal_officer")
    with app.app_context():
        job = Job(kind="build_bundle", state=JobState.running, case_id=seed.own_case_id, done=12, total=40,
                  worker=jobs.worker_name())
        db.session.add(job)
        db.session.flush()
        db.session.add(BundleVersion(case_id=seed.own_case_id, number=1, job_id=job.id,
                                     bundle_date=date(2026, 1, 5), file_name="x.pdf"))
        db.session.commit()
    shown = page(client, f"/cases/{seed.own_case_id}/bundles/1")
    progress = shown.one("progress#build-progress")
    assert (progress["max"], progress["value"]) == ("40", "12")
    assert "12 of 40 pages" in shown.text and "Refresh" in shown.texts("a")
    assert "A build of this bundle is already running" in checked(build(client, seed.own_case_id)).text


def test_second_version_shows_documents_added_removed_and_moved(app, client, login, seed, upload):
    login(client, "tribunal_officer")
    add_evidence(app, upload, seed.own_case_id, ["First", "Second"])
    build(client, seed.own_case_id)
    wait_for_jobs(app)
    with app.app_context():
        case = db.session.get(Case, seed.own_case_id)
        second_id = next(d.id for d in bundles.case_documents(case) if d.title == "Second")
    client.post(f"/cases/{seed.own_case_id}/evidence/{second_id}/move", data={"section": "core"})
    add_evidence(app, upload, seed.own_case_id, ["Third"])
    build(client, seed.own_case_id)
    wait_for_jobs(app)
    shown = page(client, f"/cases/{seed.own_case_id}/bundles/2")
    assert "Changes from version 1" in shown.text
    assert "Added: Third" in shown.text
    assert "Removed:" not in shown.text
    _, _, before = version_row(app, seed.own_case_id, 1)
    _, _, after = version_row(app, seed.own_case_id, 2)
    moved_first = dict((t, p) for t, p, _ in after)["First"]
    assert moved_first != dict((t, p) for t, p, _ in before)["First"]
    assert f"Moved: First now starts on page {moved_first}" in shown.text


def test_build_is_blocked_with_instructions_while_files_convert_or_nothing_is_uploaded(app, client, login, seed):
    login(client, "tribunal_officer")
    response = build(client, seed.own_case_id)
    assert response.status_code == 409
    assert "Upload at least one document before building the bundle." in checked(response).text
    with app.app_context():
        assert db.session.scalar(select(BundleVersion)) is None


def test_issuing_records_the_date_and_who(app, client, login, seed, upload):
    login(client, "tribunal_officer")
    add_evidence(app, upload, seed.own_case_id, ["A"], pages=1)
    build(client, seed.own_case_id)
    wait_for_jobs(app)
    response = client.post(f"/cases/{seed.own_case_id}/bundles/1/issue", data={"issued_on": ["7", "1", "2026"]})
    assert response.status_code == 302
    with app.app_context():
        version = db.session.scalar(select(BundleVersion))
        assert version.issued_on == date(2026, 1, 7) and version.issued_by_id == seed.user_ids["tribunal_officer"]
        assert version.case.status.value == "bundle_issued"
    assert "issued bundle" in audit_actions(app, seed.own_case_id)
    assert "Issued 7 January 2026" in page(client, f"/cases/{seed.own_case_id}/bundles").text


def test_report_and_page_budget_warnings_are_kept_with_the_version(app, client, login, seed, upload):
    login(client, "tribunal_officer")
    add_evidence(app, upload, seed.own_case_id, ["Long"], pages=120)
    build(client, seed.own_case_id)
    wait_for_jobs(app)
    with app.app_context():
        version = db.session.scalar(select(BundleVersion))
        report = json.loads(version.report_json)
        assert report["page_count"] == version.page_count
        assert version.warnings and any("la_evidence" in w or "evidence" in w.lower() for w in version.warnings)
    shown = page(client, f"/cases/{seed.own_case_id}/bundles/1")
    assert "Check before issuing" in shown.text


def test_a_build_whose_worker_died_is_failed_by_the_sweep_and_earlier_versions_stay(
        app, client, login, seed, upload):
    login(client, "tribunal_officer")
    add_evidence(app, upload, seed.own_case_id, ["A"], pages=1)
    build(client, seed.own_case_id)
    wait_for_jobs(app)
    with app.app_context():
        silent_since = utc_now() - timedelta(seconds=app.config["JOB_STALE_SECONDS"] + 1)
        job = Job(kind="build_bundle", state=JobState.running, case_id=seed.own_case_id, done=3, total=9,
                  attempts=app.config["JOB_ATTEMPTS"], heartbeat_at=silent_since)
        db.session.add(job)
        db.session.flush()
        db.session.add(BundleVersion(case_id=seed.own_case_id, number=2, job_id=job.id,
                                     bundle_date=date(2026, 1, 5), file_name=f"case-{seed.own_case_id}/bundle-v2.pdf"))
        db.session.commit()
        assert db.session.scalar(select(BundleVersion).filter_by(number=2)).state == "building"

    assert jobs.recover_stale(app) == [job.id]  # what every worker's sweep runs
    assert version_row(app, seed.own_case_id, 2)[0] == "failed"
    assert version_row(app, seed.own_case_id, 1)[0] == "built"
    shown = page(client, f"/cases/{seed.own_case_id}/bundles/2")
    assert "The worker running this stopped before it finished" in shown.text
    assert client.get(f"/cases/{seed.own_case_id}/bundles/2/download").status_code == 404
    download = client.get(f"/cases/{seed.own_case_id}/bundles/1/download")
    with pikepdf.open(io.BytesIO(download.data)) as pdf:
        assert len(pdf.pages) >= 2


def damaged_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<<<not xml")
    return out.getvalue()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is missing")
def test_a_document_that_failed_to_convert_is_left_out_with_a_warning(app, client, login, seed, upload):
    login(client, "tribunal_officer")
    add_evidence(app, upload, seed.own_case_id, ["Good"], pages=1)
    upload(seed.own_case_id, [("broken.docx", damaged_docx())])  # passes the checks at upload; LibreOffice fails
    wait_for_jobs(app)
    build(client, seed.own_case_id)
    wait_for_jobs(app)
    state, _, rows = version_row(app, seed.own_case_id, 1)
    assert state == "built" and [title for title, *_ in rows] == ["Good"]
    shown = page(client, f"/cases/{seed.own_case_id}/bundles/1")
    assert "Not in this version: 'broken' could not be converted (broken.docx:" in shown.text
    assert audit_actions(app, seed.own_case_id).count("viewed") >= 1


def test_two_officers_pressing_build_at_the_same_moment_get_one_build_and_a_message(app, seed, upload, client,
                                                                                   login, monkeypatch):
    login(client, "tribunal_officer")
    real = bundles.build_bundle
    monkeypatch.setattr(bundles, "build_bundle", lambda *args, **kwargs: time.sleep(1) or real(*args, **kwargs))
    add_evidence(app, upload, seed.own_case_id, ["A"], pages=1)
    start, outcomes = threading.Barrier(2), []

    def press_build():
        with app.app_context():
            case = db.session.get(Case, seed.own_case_id)
            user = db.session.get(bundles.User, seed.user_ids["tribunal_officer"])
            start.wait()
            try:
                outcomes.append(bundles.start_build(case, user, date(2026, 1, 5)).number)
            except bundles.BuildBlocked as blocked:
                outcomes.append(str(blocked))

    officers = [threading.Thread(target=press_build) for _ in range(2)]
    for officer in officers:
        officer.start()
    for officer in officers:
        officer.join(30)
    wait_for_jobs(app)
    assert sorted(outcomes, key=str) == [1, "A build of this bundle is already running. Wait for it to finish."]
    assert [state for state, *_ in [version_row(app, seed.own_case_id, 1)]] == ["built"]


def test_a_redrafted_statement_is_reported_as_redrafted_not_added_and_removed(app, client, login, seed):
    """Each build records the statement under its own id ("statement-<id>"), and a re-draft is a new statement
    row: the version page must still see one document, in a new version."""
    from bundler.models.bundles import BundleVersionDocument

    with app.app_context():
        for number, statement_id in ((1, 4), (2, 5)):
            job = Job(kind="build_bundle", state=JobState.done, case_id=seed.own_case_id)
            db.session.add(job)
            db.session.flush()
            version = BundleVersion(case_id=seed.own_case_id, number=number, job_id=job.id,
                                    bundle_date=date(2026, 1, 5), file_name=f"v{number}.pdf", report_json="{}")
            version.documents = [
                BundleVersionDocument(entry_id=f"statement-{statement_id}", order=0, section="core",
                                      title="The local authority's response", first_page=3, last_page=9),
                BundleVersionDocument(entry_id="7", order=1, section="la_evidence", title="EP advice",
                                      first_page=10, last_page=12)]
            db.session.add(version)
        db.session.commit()
    login(client, "tribunal_officer")
    shown = page(client, f"/cases/{seed.own_case_id}/bundles/2")
    changes = shown.texts("ul.govuk-list--bullet li")
    assert "Re-drafted: The local authority's response is in a new version" in changes
    assert not [line for line in changes if line.startswith(("Added:", "Removed:"))]
