"""Uploaded Word files convert through the worker's warm LibreOffice; one that hangs it fails with the reason shown,
and the next file converts."""
import io
import os
import shutil
import signal
from pathlib import Path

import pytest
from pypdf import PdfReader

from bundler.engine import convert
from bundler.extensions import db
from bundler.models import Document

from ..helpers import documents, docx_bytes, page, wait_for_jobs

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or not Path("/usr/lib/python3/dist-packages/uno.py").is_file(),
    reason="LibreOffice and python3-uno are needed: apt-get install libreoffice-writer-nogui python3-uno")


def document_named(app, file_name: str) -> tuple[int, str]:
    """The id and status of the document uploaded as `file_name`."""
    with app.app_context():
        found = db.session.query(Document).filter_by(original_filename=file_name).one()
        return found.id, found.status


def converted_text(client, case_id: int, document_id: int) -> str:
    response = client.get(f"/cases/{case_id}/evidence/{document_id}/pdf")
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)


def test_word_uploads_convert_warm_and_a_hang_fails_the_document_with_the_reason(app, client, login, seed, upload,
                                                                                 monkeypatch):
    assert app.config["WARM_LIBREOFFICE"]
    login(client, "send_officer")
    upload(seed.own_case_id, [("first.docx", docx_bytes("FIRST REPORT converted warm"))])
    wait_for_jobs(app)
    office = convert.warm_office.shared("soffice", convert.CONVERT_MEMORY_MB)
    assert office.process is not None and office.process.poll() is None  # still running for the next file
    (first_id, *_), = documents(app, seed.own_case_id)
    assert "FIRST REPORT converted warm" in converted_text(client, seed.own_case_id, first_id)

    hung = office.process.pid
    os.killpg(hung, signal.SIGSTOP)
    monkeypatch.setattr(convert, "CONVERT_TIMEOUT", 3)
    upload(seed.own_case_id, [("hangs.docx", docx_bytes("NEVER CONVERTED"))])
    wait_for_jobs(app)
    assert document_named(app, "hangs.docx")[1] == "failed"
    shown = page(client, f"/cases/{seed.own_case_id}/evidence")
    assert "LibreOffice took more than 3 s to convert it; save it as a PDF from Word" in shown.text

    monkeypatch.setattr(convert, "CONVERT_TIMEOUT", 180)
    upload(seed.own_case_id, [("after.docx", docx_bytes("AFTER THE HANG converted"))])
    wait_for_jobs(app)
    after_id, after_status = document_named(app, "after.docx")
    assert after_status == "ready"
    assert office.process.pid != hung
    assert "AFTER THE HANG converted" in converted_text(client, seed.own_case_id, after_id)
