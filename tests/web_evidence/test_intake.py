"""Files are judged at upload: an encrypted or damaged file is named with its reason at once, the good files in
the same batch are kept, and a file that failed cannot be added to the case."""
import io

import pikepdf
from sqlalchemy import select

from bundler.extensions import db
from bundler.models import Document
from bundler.models.evidence import Review
from bundler.models.jobs import JobState

from ..helpers import checked, link_from, pdf_bytes, upload_form, wait_for_jobs


def encrypted_pdf() -> bytes:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf_bytes(1, "locked"))) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(user="secret", owner="secret"))
    return out.getvalue()


BROKEN_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def titles(app, review=Review.accepted):
    with app.app_context():
        return sorted(d.original_filename for d in db.session.scalars(
            select(Document).where(Document.review == review)))


def test_staff_batch_keeps_the_good_files_and_names_each_bad_one(app, client, login, seed, upload):
    login(client, "send_officer")
    response = upload(seed.own_case_id, [("good one.pdf", pdf_bytes(1, "good")), ("locked.pdf", encrypted_pdf()),
                                         ("photo.png", BROKEN_PNG), ("good two.pdf", pdf_bytes(2, "two"))])
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 file(s) uploaded" in page
    assert "locked.pdf could not be used: is protected with a password" in page
    assert "photo.png could not be used: the image is damaged" in page
    assert titles(app) == ["good one.pdf", "good two.pdf"]
    wait_for_jobs(app)


def test_staff_upload_of_only_a_locked_file_stays_on_the_form_with_the_reason(app, client, login, seed, upload,
                                                                              ):
    login(client, "send_officer")
    response = upload(seed.own_case_id, [("locked.pdf", encrypted_pdf())])
    assert response.status_code == 200
    assert "locked.pdf could not be used: is protected with a password" in response.get_data(as_text=True)
    assert titles(app) == []


def test_staff_batch_of_only_bad_files_names_each_with_its_reason(app, client, login, seed, upload):
    login(client, "send_officer")
    response = upload(seed.own_case_id, [("locked.pdf", encrypted_pdf()), ("photo.png", BROKEN_PNG)])
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "locked.pdf could not be used: is protected with a password" in page
    assert "photo.png could not be used: the image is damaged" in page
    assert titles(app) == []


def test_the_school_is_told_which_file_could_not_be_used_and_why(app, client, login, seed):
    login(client, "send_officer")
    made = client.post(f"/cases/{seed.own_case_id}/evidence/requests/new", data={
        "recipient_name": "Riverside Primary", "details": "Attendance", "section": "la_evidence",
        "due_date": ["1", "1", "2099"]}, follow_redirects=True)
    link = link_from(checked(made))
    public = app.test_client()
    sent = public.post(link, data={"files": [(io.BytesIO(pdf_bytes(1, "ok")), "report.pdf"),
                                             (io.BytesIO(encrypted_pdf()), "IEP locked.pdf")]},
                       content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    assert "We received 1 file" in sent
    assert "govuk-notification-banner" not in sent  # once a banner per file ("Important: report.pdf")
    assert "IEP locked.pdf</strong>: is protected with a password: ask the sender for an unprotected copy" in sent
    assert titles(app, Review.pending) == ["report.pdf"]
    wait_for_jobs(app)


def test_a_file_that_failed_to_convert_cannot_be_added_to_the_case(app, client, login, seed):
    login(client, "send_officer")
    made = client.post(f"/cases/{seed.own_case_id}/evidence/requests/new", data={
        "recipient_name": "Riverside Primary", "details": "Attendance", "section": "la_evidence",
        "due_date": ["1", "1", "2099"]}, follow_redirects=True)
    app.test_client().post(link_from(checked(made)),
                           data={"files": [(io.BytesIO(pdf_bytes(1, "x")), "x.pdf")]},
                           content_type="multipart/form-data")
    wait_for_jobs(app)
    with app.app_context():  # a conversion that fails after upload (a Word file LibreOffice cannot open, say)
        document = db.session.scalar(select(Document))
        document.pdf_sha256 = None
        document.conversion_job.state, document.conversion_job.error = JobState.failed, "x.pdf: cannot convert"
        db.session.commit()
        document_id = document.id
    index = client.get(f"/cases/{seed.own_case_id}/evidence").get_data(as_text=True)
    assert "Add to case" not in index
    answer = client.post(f"/cases/{seed.own_case_id}/evidence/{document_id}/review", data={"decision": "accept"},
                         follow_redirects=True).get_data(as_text=True)
    assert "could not be converted, so it cannot be added to the case" in answer
    assert titles(app) == [] and titles(app, Review.pending) == ["x.pdf"]


def test_a_file_uploaded_again_after_its_copy_was_removed_is_not_called_a_duplicate(app, client, login, seed,
                                                                                    upload):
    login(client, "send_officer")
    content = pdf_bytes(1, "report")
    upload(seed.own_case_id, [("report.pdf", content)])
    wait_for_jobs(app)
    with app.app_context():
        first = db.session.scalar(select(Document.id))
    client.post(f"/cases/{seed.own_case_id}/evidence/{first}/remove")
    again = client.post(f"/cases/{seed.own_case_id}/evidence/upload", data=upload_form([("report.pdf", content)]),
                        content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    assert "already on this case" not in again
    wait_for_jobs(app)
