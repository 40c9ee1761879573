"""Scans and photos: pages without text are found at upload and OCR'd unless the officer says not to; a document
can be OCR'd later; the version page runs `bundler check`'s rules on the built file and says when pages have no
text."""
import io
import shutil

import pytest
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader
from sqlalchemy import select

from bundler.extensions import db
from bundler.models import Document
from bundler.services import evidence

from ..helpers import audit_actions, wait_for_jobs

pytestmark = pytest.mark.skipif(shutil.which("ocrmypdf") is None or shutil.which("tesseract") is None,
                                reason="OCRmyPDF is missing: apt-get install ocrmypdf tesseract-ocr-eng")


def scan_png(words: str) -> bytes:
    scan = Image.new("L", (1240, 1754), 255)
    ImageDraw.Draw(scan).text((120, 200), words, fill=0, font=ImageFont.load_default(size=64))
    png = io.BytesIO()
    scan.save(png, "PNG", dpi=(150, 150))
    return png.getvalue()


def first_page_text(app) -> tuple[str, str]:
    with app.app_context():
        document = db.session.scalar(select(Document))
        assert document.status == "ready", document.conversion_job.error
        path = evidence.evidence_store().local_path(document.pdf_sha256)
        return PdfReader(path).pages[0].extract_text(), document.ocr_status


def test_a_scan_is_ocrd_at_upload_without_being_asked(app, client, login, seed, upload):
    login(client, "send_officer")
    upload(seed.own_case_id, [("scan.png", scan_png("ATTENDANCE REPORT"))])
    wait_for_jobs(app)
    text, state = first_page_text(app)
    assert "ATTENDANCE" in text.upper() and state == "done"


def test_do_not_ocr_is_an_override_and_ocr_this_document_then_adds_the_text(app, client, login, seed, upload):
    login(client, "tribunal_officer")
    upload(seed.own_case_id, [("photo of letter.png", scan_png("EXCLUSION LETTER"))], no_ocr="y")
    wait_for_jobs(app)
    text, state = first_page_text(app)
    assert "EXCLUSION" not in text.upper() and state == "declined"
    with app.app_context():
        document_id = db.session.scalar(select(Document.id))

    client.post(f"/cases/{seed.own_case_id}/bundles/build", data={"bundle_date": ["5", "1", "2026"]})
    wait_for_jobs(app)
    version = client.get(f"/cases/{seed.own_case_id}/bundles/1").get_data(as_text=True)
    assert "Check before issuing" in version and "the same rules as <code>bundler check</code>" in version
    text_row = version[version.index('data-check="text on every page"'):].split("</tr>")[0]
    assert "Failed" in text_row and "no text layer" in text_row

    page = client.get(f"/cases/{seed.own_case_id}/evidence/{document_id}").get_data(as_text=True)
    assert "Not OCR&#39;d, as asked at upload" in page and "OCR this document" in page
    client.post(f"/cases/{seed.own_case_id}/evidence/{document_id}/ocr")
    wait_for_jobs(app)
    text, state = first_page_text(app)
    assert "EXCLUSION" in text.upper() and state == "done"
    assert "started OCR" in audit_actions(app, seed.own_case_id)

    client.post(f"/cases/{seed.own_case_id}/bundles/build", data={"bundle_date": ["5", "1", "2026"]})
    wait_for_jobs(app)
    version = client.get(f"/cases/{seed.own_case_id}/bundles/2").get_data(as_text=True)
    text_row = version[version.index('data-check="text on every page"'):].split("</tr>")[0]
    assert "Passed" in text_row


def test_ocr_runs_on_the_slow_queue_with_every_core(app):
    from bundler import jobs
    from bundler.engine import convert

    assert jobs.REGISTRY["convert"].queue == jobs.CONVERSIONS
    seen = {}

    def record(command, timeout):
        seen["command"] = command
        raise convert.subprocess.TimeoutExpired(command, timeout)

    original, convert._run = convert._run, record
    try:
        with pytest.raises(convert.InputError):
            convert.ocr_pdf(convert.Path("scan.pdf"), convert.Path("/tmp"), jobs=2)
    finally:
        convert._run = original
    assert seen["command"][seen["command"].index("--jobs") + 1] == "2"
