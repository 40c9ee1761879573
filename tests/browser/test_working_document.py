"""End to end in Debian chromium: import the authority's plan, mark it up, write and send version 1, download it,
read back a copy edited as the appellant would (made here with python-docx), accept their proposal, make it final,
and build a bundle whose section C holds it; axe-core on each page."""
import io
import shutil
from datetime import date

import pytest
from pypdf import PdfReader

from ..working_document.helpers import NEED, appellant_edit, plan_docx

pytestmark = [pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is missing: apt-get install "
                                 "libreoffice-writer-nogui"), pytest.mark.slow]


@pytest.fixture
def plan_case(live_server, tmp_path):
    """A contents appeal on the E2E team with the authority's plan uploaded as evidence (converted for real)."""
    with live_server.app.app_context():
        from bundler import jobs
        from bundler.extensions import db
        from bundler.models import Case, Team
        from bundler.models.evidence import Party
        from bundler.services import evidence

        case = Case(reference="EH123/25/07131", child_name="Sam Plantest", child_dob=date(2015, 1, 1),
                    appellant_name="A Parent", appeal_type="contents", hearing_date=date(2026, 6, 1),
                    team=db.session.scalar(db.select(Team).filter_by(name="E2E")))
        db.session.add(case)
        db.session.commit()
        details = evidence.DocumentDetails(section="ehcp", party=Party.local_authority,
                                           document_date=date(2025, 5, 1), title="EHC plan (final)")
        upload = evidence.Upload("EHC plan.docx", io.BytesIO(plan_docx(tmp_path / "EHC plan.docx").read_bytes()))
        for document in evidence.add_documents(case, [upload], details, user=None):
            assert jobs.wait(document.conversion_job_id, timeout=120).state.value == "done"
        return case.id


def test_officer_marks_up_sends_reads_back_accepts_and_bundles(page, live_server, sign_in, screens, plan_case,
                                                               tmp_path):
    from playwright.sync_api import expect

    sign_in(page, "tribunal_officer")
    page.goto(f"/cases/{plan_case}")
    page.get_by_role("link", name="Working document", exact=True).click()
    screens("wd-empty")

    # Import the plan from its evidence document, check it and confirm.
    page.select_option("#document", label="EHC plan (final)")
    page.get_by_role("button", name="Import the plan").click()
    expect(page.get_by_role("heading", name="Check the imported plan")).to_be_visible()
    expect(page.locator("#item-B-01")).to_have_value(NEED)
    screens("wd-confirm-plan")
    page.fill("#version", "Final plan, May 2025")
    page.get_by_role("button", name="Confirm the plan").click()
    expect(page.get_by_text("Plan confirmed.")).to_be_visible()
    page.get_by_role("button", name="Start the working document").click()
    expect(page.get_by_text("Working document started for Sections B, F, I.")).to_be_visible()
    screens("wd-started")

    # The authority's wording on B-01, citing the plan itself as evidence.
    page.get_by_role("link", name="B-01").click()
    page.fill("#wording", NEED.replace("in class", "in class and at lunch"))
    page.get_by_role("button", name="Propose this wording").click()
    expect(page.get_by_text("The authority's wording is proposed.")).to_be_visible()
    page.get_by_label("Evidence to cite").select_option(label="EHC plan (final)")
    page.get_by_role("button", name="Attach evidence").click()
    expect(page.get_by_text("Evidence cited: EHC plan (final)")).to_be_visible()
    screens("wd-item")

    # Version 1: written, page-checked by the job, sent.
    page.get_by_role("link", name="All items").click()
    page.get_by_role("button", name="Write version 1").click()
    expect(page.get_by_text("(the limit is 25)")).to_be_visible(timeout=120_000)
    screens("wd-version-1")
    if page.locator("#send-reason, #reason").count():
        page.fill("#reason", "Agreed with legal services")
    page.get_by_role("button", name="Mark as ready and sent").click()
    expect(page.get_by_text("Version 1 recorded as sent.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download version 1 (.docx)").click()
    sent = tmp_path / "version-1.docx"
    download.value.save_as(sent)

    # The appellant's reply: their words in bold on B-02, as Word would save them.
    returned = appellant_edit(sent, tmp_path / "Reply from parent.docx", "busy rooms", " and the dining hall")
    page.get_by_role("link", name="The working document").click()
    page.set_input_files("#file", str(returned))
    page.get_by_role("button", name="Read the returned file").click()
    expect(page.get_by_role("heading", name="Changes since version 1")).to_be_visible()
    expect(page.get_by_text("new proposal by the appellant")).to_be_visible()
    screens("wd-version-2-changes")

    page.get_by_role("link", name="The working document").click()
    page.get_by_role("link", name="B-02").click()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Accepted: the wording is agreed.")).to_be_visible()
    expect(page.get_by_text("Sam finds busy rooms and the dining hall hard.").first).to_be_visible()

    page.get_by_role("link", name="All items").click()
    page.get_by_role("link", name="Version 2").click()
    page.get_by_role("button", name="Make this the final version").click()
    expect(page.get_by_text("Version 2 is the final working document.")).to_be_visible()

    page.get_by_role("link", name="The working document").click()
    page.get_by_role("link", name="Plan checks, alignment, provision map").click()
    expect(page.locator("#case-review")).to_be_visible()
    screens("wd-reports")

    # The bundle: the final working document in section C, by itself.
    page.get_by_role("link", name="Bundles", exact=True).click()
    page.get_by_role("button", name="Build bundle").click()
    download_button = page.get_by_role("button", name="Download version 1")
    expect(download_button).to_be_visible(timeout=240_000)
    with page.expect_download() as download:
        download_button.click()
    bundle = tmp_path / "bundle.pdf"
    download.value.save_as(bundle)
    reader = PdfReader(bundle)
    outline = [item.title for item in _flatten(reader.outline)]
    assert any("Working document" in title for title in outline), outline
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    assert "Working document, version 2" in text
    assert "and the dining hall" in text and "and at lunch" in text

    assert page.csp_errors == []
    assert screens.violations == {}


def _flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item
