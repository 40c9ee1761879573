"""Many documents in Debian chromium: several re-dated at once, the version page's size and index downloads, and
its index titles changed and built again. axe-core on each page."""
import csv
import io
from datetime import date

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def report(title: str) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.drawString(72, 760, f"{title}: the report")
    c.showPage()
    c.save()
    return out.getvalue()


@pytest.fixture(scope="module")
def evidence_case(case_with_documents):
    return case_with_documents("EH123/25/06161", {f"{name}.pdf": report(name)
                                                   for name in ("EP advice", "SALT report", "OT report")})


def test_officer_redates_several_then_renames_them_in_the_index(page, live_server, evidence_case, sign_in, screens):
    from playwright.sync_api import expect

    from bundler import jobs
    from bundler.extensions import db
    from bundler.models import Case, User
    from bundler.services import bundles

    case_id, _ = evidence_case
    sign_in(page, "tribunal_officer")
    page.goto(f"/cases/{case_id}/evidence")
    page.get_by_role("link", name="Move, re-date or remove several documents").click()
    page.get_by_label("Select EP advice").check()
    page.get_by_label("Select OT report").check()
    page.get_by_label("Change their date").check()
    page.fill("#new_date-day", "3")
    page.fill("#new_date-month", "11")
    page.fill("#new_date-year", "2025")
    screens("batch-select")
    page.get_by_role("button", name="Apply to the selected documents").click()
    expect(page.get_by_text("2 document(s) re-dated.")).to_be_visible()
    expect(page.get_by_role("row", name="EP advice")).to_contain_text("3 November 2025")

    with live_server.app.app_context():
        case = db.session.get(Case, case_id)
        officer = db.session.scalar(db.select(User).where(User.email == live_server.emails["tribunal_officer"]))
        version = bundles.start_build(case, officer, date(2026, 1, 5))
        jobs.wait(version.job_id, timeout=120)
        number = version.number

    page.goto(f"/cases/{case_id}/bundles/{number}")
    expect(page.locator("[data-bundle-size]")).to_contain_text("KB")
    screens("version-size")
    download = page.request.get(page.get_by_role("link", name="download as a spreadsheet (.csv)")
                                .get_attribute("href"))
    rows = {row["Title"]: row["Date"] for row in csv.DictReader(io.StringIO(download.text()))}
    assert rows == {"EP advice": "2025-11-03", "SALT report": "2025-10-01", "OT report": "2025-11-03"}
    page.get_by_role("link", name="change index titles").click()
    page.get_by_label("Index title for page", exact=False).first.fill("Speech and language therapy report")
    screens("index-titles")
    page.get_by_role("button", name=f"Save and build version {number} again").click()
    expect(page.get_by_text("1 index title(s) changed")).to_be_visible()
    expect(page.get_by_role("cell", name="Speech and language therapy report")).to_be_visible(timeout=120_000)
    assert screens.violations == {}, screens.violations
    assert page.csp_errors == []
