"""Officers uploading evidence: stored unchanged, converted in the background, refused with a reason."""
import hashlib
import io
import shutil

import pikepdf
import pytest
from sqlalchemy import select

from bundler.extensions import db
from bundler.models import Document
from bundler.services import evidence

from ..helpers import audit_actions, checked, documents, docx_bytes, page, pdf_bytes, wait_for_jobs

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice is missing: apt-get install libreoffice-writer-nogui")
TITLES = "[data-document-row] td:first-child a"


@needs_soffice
def test_staff_upload_of_a_pdf_and_a_docx_converts_both_in_the_background(app, client, login, seed, upload):
    login(client, "send_officer")
    response = upload(seed.own_case_id, [("EP report.pdf", pdf_bytes(3, "EP")), ("school_letter.docx",
                                                                               docx_bytes("Dear panel"))])
    assert response.status_code == 302
    wait_for_jobs(app)
    rows = documents(app, seed.own_case_id)
    assert [(title, status, pages) for _, title, _, status, pages in rows] == [
        ("EP report", "ready", 3), ("school letter", "ready", 1)]
    with app.app_context():
        converted = db.session.get(Document, rows[1][0])
        with pikepdf.open(evidence.evidence_store().local_path(converted.pdf_sha256)) as pdf:
            assert len(pdf.pages) == 1
    assert audit_actions(app, seed.own_case_id).count("uploaded") == 2
    listing = page(client, f"/cases/{seed.own_case_id}/evidence")
    assert listing.texts(TITLES) == ["EP report", "school letter"]
    assert listing.tags() == {"Ready": "green"}


def test_original_is_stored_unchanged_under_its_sha256(app, client, login, seed, upload):
    login(client, "tribunal_officer")
    content = pdf_bytes(1, "original")
    upload(seed.own_case_id, [("a.pdf", content)])
    wait_for_jobs(app)
    with app.app_context():
        document = db.session.scalar(select(Document))
        assert document.original_sha256 == hashlib.sha256(content).hexdigest()
        assert evidence.evidence_store().local_path(document.original_sha256).read_bytes() == content


def test_uploading_the_same_content_again_is_flagged_as_a_duplicate(app, client, login, seed, upload):
    login(client, "send_officer")
    content = pdf_bytes(1, "same")
    upload(seed.own_case_id, [("first.pdf", content)])
    response = upload(seed.own_case_id, [("copy of first.pdf", content)])
    assert "copy of first.pdf is the same file as 'first'" in page(client, response.headers["Location"]).text
    wait_for_jobs(app)
    with app.app_context():
        first, second = db.session.scalars(select(Document).order_by(Document.id)).all()
        assert first.duplicate_of_id is None and second.duplicate_of_id == first.id
    assert page(client, f"/cases/{seed.own_case_id}/evidence").tags()["Duplicate"] == "orange"


def test_a_file_of_an_unsupported_type_is_refused_with_the_reason(app, client, login, seed, upload):
    login(client, "send_officer")
    refused = checked(upload(seed.own_case_id, [("notes.txt", b"just some notes")]))
    assert refused.status == 200
    assert [error for error in refused.errors() if error.startswith("notes.txt could not be used: this is not a PDF")]
    with app.app_context():
        assert db.session.scalar(select(Document)) is None


def test_a_pdf_damaged_beyond_repair_is_refused_at_upload_with_the_engines_reason(app, client, login, seed, upload):
    login(client, "send_officer")
    refused = checked(upload(seed.own_case_id, [("broken.pdf", b"%PDF-1.4\nthis is not really a PDF at all")]))
    assert refused.status == 200
    assert [e for e in refused.errors() if e.startswith("broken.pdf could not be used: is damaged beyond repair")]
    assert documents(app, seed.own_case_id) == []


def test_uploads_over_the_size_limit_say_what_to_do(app, client, login, seed, upload):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    login(client, "send_officer")
    refused = checked(upload(seed.own_case_id, [("huge.pdf", b"%PDF-1.4" + b"0" * (2 * 1024 * 1024))]))
    assert refused.status == 413
    assert "Send at most 1 MB at a time" in refused.text
    with app.app_context():
        assert db.session.scalar(select(Document)) is None


def test_uploads_are_limited_in_size_without_any_configuration(app, client, login, seed):
    # Flask's own default is None (no limit); the evidence default must replace it, not sit behind it.
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit is not None and limit > 0
    login(client, "send_officer")
    response = client.post(f"/cases/{seed.own_case_id}/evidence/upload", input_stream=io.BytesIO(b""),
                           content_type="multipart/form-data; boundary=x",
                           environ_overrides={"CONTENT_LENGTH": str(limit + 1)})
    assert response.status_code == 413


def test_titles_made_from_file_names_keep_their_hyphens_and_numbers(app, client, login, seed, upload):
    login(client, "send_officer")
    upload(seed.own_case_id, [("Attendance 2025-26.pdf", pdf_bytes(1, "a")), ("EP_report_v2-final.pdf",
                                                                              pdf_bytes(1, "b")),
                              ("_-scan-_.pdf", pdf_bytes(1, "c"))])
    wait_for_jobs(app)
    assert sorted(title for _, title, *_ in documents(app, seed.own_case_id)) == [
        "Attendance 2025-26", "EP report v2-final", "scan"]
