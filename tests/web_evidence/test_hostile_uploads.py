"""Hostile uploads through the web: each is refused with its reason on the page, nothing of it is stored, and the
good file sent with them is kept and converted (the web process and the worker carry on)."""
import hashlib
import io
from datetime import date

from sqlalchemy import select

from bundler.extensions import db
from bundler.models import Case, Document
from bundler.models.evidence import Party, Review
from bundler.services import evidence

from ..helpers import checked, documents, link_from, page, pdf_bytes, submit, wait_for_jobs


def hostile_uploads(hostile_files) -> list[tuple[str, bytes]]:
    return [(name, path.read_bytes()) for name, (path, _) in hostile_files.items()]


def stored(app, content: bytes) -> bool:
    with app.app_context():
        return evidence.evidence_store().exists(hashlib.sha256(content).hexdigest())


def test_staff_upload_refuses_each_hostile_file_with_its_reason_and_keeps_the_good_one(app, client, login, seed,
                                                                                       upload, hostile_files):
    login(client, "send_officer")
    files = hostile_uploads(hostile_files) + [("EP report.pdf", pdf_bytes(2, "EP"))]
    shown = checked(client.get(upload(seed.own_case_id, files).headers["Location"]))
    assert "1 file(s) uploaded" in shown.text
    for name, (_, reason) in hostile_files.items():
        assert f"{name} could not be used: {reason}" in shown.text
    for _, content in files[:-1]:
        assert not stored(app, content)
    wait_for_jobs(app)
    assert [(title, status, pages) for _, title, _, status, pages in documents(app, seed.own_case_id)] == [
        ("EP report", "ready", 2)]


def test_each_hostile_file_sent_alone_stays_on_the_form_with_its_reason(app, client, login, seed, upload,
                                                                      hostile_files):
    login(client, "send_officer")
    for name, (path, reason) in hostile_files.items():
        response = upload(seed.own_case_id, [(name, path.read_bytes())])
        assert response.status_code == 200
        [error] = checked(response).errors()
        assert error.startswith(f"{name} could not be used: {reason}"), error
    with app.app_context():
        assert db.session.scalar(select(Document)) is None


def test_the_public_link_refuses_hostile_files_with_reasons_the_sender_can_act_on(app, client, login, seed,
                                                                                 hostile_files):
    login(client, "send_officer")
    link = link_from(submit(client, f"/cases/{seed.own_case_id}/evidence/requests/new", {
        "recipient_name": "Riverside Primary", "details": "Attendance", "section": "la_evidence",
        "due_date": ["1", "1", "2099"]}))
    files = hostile_uploads(hostile_files) + [("attendance.pdf", pdf_bytes(1, "attendance"))]
    sent = checked(app.test_client().post(link, content_type="multipart/form-data", follow_redirects=True, data={
        "files": [(io.BytesIO(content), name) for name, content in files]}))
    assert "We received 1 file" in sent.text
    assert f"{len(hostile_files)} files could not be used" in sent.text
    refused = sent.texts("[data-refused] li")
    for item, (name, (_, reason)) in zip(refused, hostile_files.items(), strict=True):
        assert item.startswith(f"{name} : {reason}"), item
    for _, content in files[:-1]:
        assert not stored(app, content)
    wait_for_jobs(app)
    assert [status for _, _, _, status, _ in documents(app, seed.own_case_id, Review.pending)] == ["ready"]


def test_the_limits_are_settings(app, client, login, seed, upload):
    app.config.update(MAX_DOCUMENT_PAGES=3)
    login(client, "send_officer")
    response = upload(seed.own_case_id, [("bundle from school.pdf", pdf_bytes(4, "school"))])
    assert ("bundle from school.pdf could not be used: has 4 pages; a document can have at most 3"
            in checked(response).text)


def test_a_hostile_file_already_stored_fails_its_conversion_with_the_reason_and_the_worker_goes_on(
        app, client, login, seed, hostile_files):
    """A file stored before the limits (or by the demo, which skips the upload checks) meets them in the job."""
    path, reason = hostile_files["object stream.pdf"]
    with app.app_context():
        case = db.session.get(Case, seed.own_case_id)
        details = evidence.DocumentDetails(section="la_evidence", party=Party.local_authority,
                                           document_date=date(2025, 10, 1))
        evidence.add_documents(case, [evidence.Upload("object stream.pdf", path.open("rb")),
                                      evidence.Upload("letter.pdf", io.BytesIO(pdf_bytes(1, "letter")))],
                               details, user=None)
    wait_for_jobs(app)
    assert [(title, status) for _, title, _, status, _ in documents(app, seed.own_case_id)] == [
        ("object stream", "failed"), ("letter", "ready")]
    login(client, "send_officer")
    assert f"object stream.pdf: {reason}" in page(client, f"/cases/{seed.own_case_id}/evidence").text
