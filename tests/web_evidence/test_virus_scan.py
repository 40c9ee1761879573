"""Uploads scanned by ClamAV: a real clamd, started with a signature database the test writes, over its socket.
An infected file is refused with a message and never stored; while clamd cannot scan, every upload is refused."""
import hashlib
import io
from pathlib import Path

from sqlalchemy import select

from bundler.extensions import db
from bundler.models import Document

from ..conftest import CLAMD_STREAM_MAX_MB, TEST_VIRUS, BundlerRunner
from ..helpers import checked, documents, docx_bytes, link_from, pdf_bytes, submit, wait_for_jobs

SIGNATURE, MARKER = TEST_VIRUS
FOUND = f"the virus scanner found {SIGNATURE}.UNOFFICIAL in it, so it has not been kept"


def infected_pdf() -> bytes:
    return pdf_bytes(1, MARKER.decode())


def stored_files(app) -> set[str]:
    """Every file in the evidence store, by name (its SHA-256 is in its path)."""
    return {path.name for path in Path(app.config["EVIDENCE_DIR"]).rglob("*") if path.is_file()}


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def test_staff_upload_of_an_infected_file_is_refused_and_never_stored(app, client, login, seed, upload,
                                                                      clamd_socket):
    app.config.update(CLAMD_SOCKET=clamd_socket)
    login(client, "send_officer")
    infected, clean = infected_pdf(), pdf_bytes(1, "clean")
    response = upload(seed.own_case_id, [("report.pdf", infected), ("letter.pdf", clean)])
    shown = checked(client.get(response.headers["Location"]))
    assert "1 file(s) uploaded" in shown.text and f"report.pdf could not be used: {FOUND}" in shown.text
    wait_for_jobs(app)
    assert [title for _, title, *_ in documents(app, seed.own_case_id)] == ["letter"]
    assert not any(sha256(infected) in name for name in stored_files(app))
    assert any(sha256(clean) in name for name in stored_files(app))


def test_the_public_link_refuses_an_infected_word_file_and_keeps_nothing(app, client, login, seed, clamd_socket):
    app.config.update(CLAMD_SOCKET=clamd_socket)
    login(client, "send_officer")
    link = link_from(submit(client, f"/cases/{seed.own_case_id}/evidence/requests/new", {
        "recipient_name": "Riverside Primary", "details": "Attendance", "section": "la_evidence",
        "due_date": ["1", "1", "2099"]}))
    infected = docx_bytes(f"Attendance {MARKER.decode()}")
    response = app.test_client().post(link, data={"files": [(io.BytesIO(infected), "attendance.docx")]},
                                      content_type="multipart/form-data")
    assert response.status_code == 200
    [error] = checked(response).errors()
    assert error.startswith(f"attendance.docx could not be used: {FOUND}")
    with app.app_context():
        assert db.session.scalar(select(Document)) is None
    assert stored_files(app) == set()


def test_while_clamd_does_not_answer_every_upload_is_refused(app, client, login, seed, upload, tmp_path):
    app.config.update(CLAMD_SOCKET=str(tmp_path / "no-clamd.sock"))
    login(client, "send_officer")
    response = upload(seed.own_case_id, [("letter.pdf", pdf_bytes(1, "clean"))])
    [error] = checked(response).errors()
    assert error.startswith("letter.pdf could not be used: it could not be checked for viruses just now")
    assert stored_files(app) == set()


def test_a_file_larger_than_clamd_takes_is_refused_saying_so(app, client, login, seed, upload, clamd_socket):
    app.config.update(CLAMD_SOCKET=clamd_socket)
    login(client, "send_officer")
    large = pdf_bytes(1, "large") + b"\n%" + b"x" * (CLAMD_STREAM_MAX_MB * 1024 * 1024)
    [error] = checked(upload(seed.own_case_id, [("large.pdf", large)])).errors()
    assert error.startswith("large.pdf could not be used: it is larger than the virus scanner can check")
    assert stored_files(app) == set()


def test_doctor_reports_clamd_and_its_signatures_or_fails_when_it_does_not_answer(app, clamd_socket, tmp_path):
    app.config.update(CLAMD_SOCKET=clamd_socket)
    result = BundlerRunner(app).invoke(args=["doctor"])
    [line] = [line for line in result.output.splitlines() if "ClamAV" in line]
    assert result.exit_code == 0 and line.startswith("ok") and "ClamAV 1." in line and "uploads are scanned" in line
    app.config.update(CLAMD_SOCKET=str(tmp_path / "gone.sock"))
    result = BundlerRunner(app).invoke(args=["doctor"])
    assert result.exit_code == 1 and "configured but not working: ClamAV" in result.output
