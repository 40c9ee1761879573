"""Redaction in Debian chromium: an officer enters other children's names, confirms the matches, watches the
redacted copy being made, and opens it; an area drawn with the mouse reaches the confirmation page; without
JavaScript the terms still work; and a search of the case. axe-core on each page."""
import io
import shutil

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in ("pdftotext", "pdftoppm", "ocrmypdf", "tesseract")),
    reason="redaction needs poppler-utils and OCR: apt-get install poppler-utils ocrmypdf tesseract-ocr-eng")


def behaviour_log() -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.setFont("Helvetica", 14)
    c.drawString(72, 760, "Behaviour log, week 3.")
    c.drawString(72, 730, "Tyler Brooks threw a chair; Mia Patel was hurt.")
    c.drawString(72, 700, "The class was taken outside by the teaching assistant.")
    c.showPage()
    c.save()
    return out.getvalue()


@pytest.fixture(scope="module")
def logged(case_with_documents):
    """A case with the behaviour log uploaded and converted: (the document's URL, case id, document id)."""
    case_id, [document_id] = case_with_documents("EH123/25/05151", {"Behaviour log.pdf": behaviour_log()})
    return f"/cases/{case_id}/evidence/{document_id}", case_id, document_id


def redacted_text(live_server, document_id) -> str:
    from bundler.extensions import db
    from bundler.models.evidence import Document
    from bundler.services import evidence, redaction

    with live_server.app.app_context():
        document = db.session.get(Document, document_id)
        path = evidence.evidence_store().local_path(redaction.bundle_pdf(document))
        return " ".join(page.extract_text() for page in PdfReader(path).pages).casefold()


def test_officer_redacts_other_childrens_names(page, logged, live_server, sign_in, screens):
    from playwright.sync_api import expect

    document_url, _, document_id = logged
    sign_in(page, "tribunal_officer")
    page.goto(document_url)
    page.get_by_role("link", name="Redaction of Behaviour log").click()
    expect(page.get_by_role("heading", name="Redact Behaviour log")).to_be_visible()
    expect(page.get_by_alt_text("Page 1 of 1 of Behaviour log")).to_be_visible()
    screens("redaction-start")
    page.get_by_label("Words to redact").fill("Tyler Brooks\nMia Patel")
    page.get_by_role("button", name="Find matches").click()

    expect(page.get_by_role("heading", name="Check what will be redacted")).to_be_visible()
    expect(page.get_by_role("checkbox")).to_have_count(2)
    expect(page.get_by_text("2 matches found")).to_be_visible()
    screens("redaction-confirm")
    page.get_by_role("button", name="Redact").click()

    # The page polls the job and reloads itself when the copy is ready.
    expect(page.get_by_text("Done", exact=True)).to_be_visible(timeout=120_000)
    screens("redaction-done")
    response = page.request.get(page.get_by_role("link", name="Open the redacted PDF").get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = redacted_text(live_server, document_id)
    assert "tyler" not in text and "mia" not in text and "teaching assistant" in text
    assert screens.violations == {}, screens.violations
    assert page.csp_errors == []


def test_an_area_drawn_with_the_mouse_is_confirmed(page, logged, sign_in, serious_violations):
    from playwright.sync_api import expect

    document_url, _, _ = logged
    sign_in(page, "send_officer")
    page.goto(document_url + "/redaction")
    image = page.get_by_alt_text("Page 1 of 1 of Behaviour log")
    expect(image).to_be_visible()
    # The preview is made on this first request, as wide as the column: draw once it has come, from its top.
    image.evaluate("img => img.decode().then(() => img.scrollIntoView({block: 'start'}))")
    box = image.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 20)
    page.mouse.down()
    page.mouse.move(box["x"] + 120, box["y"] + 60, steps=5)
    page.mouse.up()
    expect(page.get_by_text("1 area drawn.")).to_be_visible()
    # Click two corners: the single-pointer way to draw.
    page.mouse.click(box["x"] + 30, box["y"] + 200)
    page.mouse.click(box["x"] + 150, box["y"] + 260)
    expect(page.get_by_text("2 areas drawn.")).to_be_visible()
    page.get_by_role("button", name="Remove area 1 (page 1)").click()
    expect(page.get_by_text("1 area drawn.")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Find matches").click()
    expect(page.get_by_text("1 area you drew will be redacted too.")).to_be_visible()
    assert page.csp_errors == []


def test_terms_work_without_javascript(browser, live_server, logged, sign_in):
    from playwright.sync_api import expect

    document_url, _, _ = logged
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, "tribunal_officer")
        page.goto(document_url + "/redaction")
        expect(page.get_by_text("Or draw areas on the pages")).to_be_hidden()
        page.get_by_label("Words to redact").fill("assistant")
        page.get_by_role("button", name="Find matches").click()
        expect(page.get_by_role("checkbox")).to_have_count(1)
    finally:
        context.close()


def test_officer_searches_the_case_and_opens_the_page(page, logged, sign_in, serious_violations, screenshot):
    """Search sits beside redaction: it finds the pages a name is on, so the officer knows what to redact."""
    from playwright.sync_api import expect

    _, case_id, document_id = logged
    sign_in(page, "legal_reviewer")
    page.goto(f"/cases/{case_id}")
    page.get_by_role("link", name="Search").click()
    page.get_by_label("Search the case's documents").fill("teaching assistant")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 page found")).to_be_visible()
    expect(page.locator("mark")).to_have_count(2)
    link = page.get_by_role("link", name="Page 1 of Behaviour log")
    assert link.get_attribute("href") == f"/cases/{case_id}/evidence/{document_id}/pdf#page=1"
    assert "teaching" not in page.url
    screenshot(page, "search-results")
    assert serious_violations(page) == []
