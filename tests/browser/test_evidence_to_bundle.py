"""End to end in Debian chromium: sign in, add a case, upload a PDF and a .docx, request evidence and upload through
the link, build the bundle while watching its progress, download it and check it; axe-core on each main page."""
import shutil
import time
from datetime import date, timedelta

import pikepdf
import pytest
from docx import Document as WordDocument
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from bundler.engine.check import check_bundle
from bundler.services import bundles

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="LibreOffice is missing (the .docx upload needs it): "
                                       "apt-get install libreoffice-writer-nogui")


def make_pdf(path, title, pages):
    drawing = canvas.Canvas(str(path), pagesize=A4)
    for number in range(1, pages + 1):
        drawing.drawString(72, 760, f"{title} page {number}")
        drawing.showPage()
    drawing.save()
    return path


def make_docx(path, text):
    document = WordDocument()
    document.add_paragraph(text)
    document.save(path)
    return path


def fill_date(page, name, when: date):
    page.fill(f"#{name}-day", str(when.day))
    page.fill(f"#{name}-month", str(when.month))
    page.fill(f"#{name}-year", str(when.year))


@pytest.fixture
def slow_build(monkeypatch):
    """The real engine, with a pause per progress report, so the progress bar can be seen moving."""
    real = bundles.build_bundle

    def build_slowly(manifest, output, **options):
        progress = options.pop("progress")

        def report(done, total):
            time.sleep(0.4)  # long enough to be seen on a loaded machine
            progress(done, total)
        return real(manifest, output, progress=report, **options)

    monkeypatch.setattr(bundles, "build_bundle", build_slowly)


def test_officer_goes_from_uploads_to_a_checked_bundle(browser, live_server, page, sign_in, screenshot,
                                                       serious_violations, screens, slow_build, tmp_path):
    from playwright.sync_api import expect

    sign_in(page, "tribunal_officer")

    # A new case.
    page.goto("/cases/new")
    page.fill("#reference", "EH123/25/04242")
    page.select_option("#appeal_type", "contents")
    page.fill("#child_name", "Jamie Testchild")
    fill_date(page, "child_dob", date(2014, 4, 2))
    page.fill("#appellant_name", "Pat Testparent")
    fill_date(page, "hearing_date", date.today() + timedelta(days=60))
    screens("case-form")
    page.get_by_role("button", name="Save case").click()
    expect(page.get_by_text("EH123/25/04242").first).to_be_visible()
    case_url = page.url

    # Staff upload: a PDF and a Word document, converted in the background.
    page.get_by_role("link", name="Evidence", exact=True).click()
    screens("evidence-empty")
    page.get_by_role("button", name="Upload evidence").click()
    page.set_input_files("#files", [make_pdf(tmp_path / "EP advice.pdf", "EP advice", 3),
                                    make_docx(tmp_path / "School letter.docx", "Jamie attends every day.")])
    page.select_option("#section", "la_evidence")
    screens("upload-form")
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("2 file(s) uploaded")).to_be_visible()
    # A batch: each file gets its own details, the date prefilled where the file gives one.
    expect(page.get_by_role("heading", name="Describe each file")).to_be_visible()
    screens("describe-files")
    page.get_by_role("button", name="Save the details").click()
    expect(page.get_by_text("Details saved for 2 document(s).")).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Ready")).to_have_count(2, timeout=120_000)
    screens("evidence-converted")
    page.get_by_role("link", name="EP advice").click()
    expect(page.get_by_alt_text("Page 3 of 3 of EP advice")).to_be_visible()
    screens("document-preview")
    page.go_back()

    # An evidence request, and an upload through its link by someone with no account.
    page.get_by_role("button", name="Request evidence").click()
    page.fill("#recipient_name", "Riverside Primary (SENCo)")
    page.fill("#details", "Attendance record and the latest IEP")
    fill_date(page, "due_date", date.today() + timedelta(days=14))
    screens("request-form")
    page.get_by_role("button", name="Create request").click()
    link = page.input_value("#request-link")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("status")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == link
    screens("request-link")

    school = browser.new_context(accept_downloads=False)
    public = school.new_page()
    public.goto(link)
    expect(public.get_by_text("J.T.")).to_be_visible()
    assert "Jamie" not in public.content() and "EP advice" not in public.content()
    public.set_input_files("#files", make_pdf(tmp_path / "Attendance.pdf", "Attendance", 2))
    public.get_by_role("button", name="Send files").click()
    expect(public.get_by_text("We received 1 file")).to_be_visible()
    screenshot(public, "public-upload-received")
    public_violations = serious_violations(public)
    public.get_by_label("Anything we should know about it (optional)").fill("Autumn term, printed from the register")
    public.get_by_role("button", name="Save the details").click()
    expect(public.get_by_text("Details sent")).to_be_visible()
    school.close()

    page.goto(case_url + "/evidence")
    expect(page.get_by_text("Received", exact=True)).to_be_visible()
    screens("evidence-review")
    page.locator("button[value=accept]").click()
    expect(page.locator(".govuk-tag", has_text="Ready")).to_have_count(3, timeout=120_000)

    # Build in the background and watch the progress bar move.
    page.get_by_role("link", name="Bundles", exact=True).click()
    screens("bundles-index")
    page.get_by_role("button", name="Build bundle").click()
    progress = page.locator("#build-progress")
    expect(progress).to_be_visible()
    seen, building_checked = set(), False
    for _ in range(600):
        if not progress.count():
            break
        try:
            seen.add(int(progress.get_attribute("value", timeout=1000) or 0))
        except Exception:  # the page reloaded itself between the two calls
            pass
        if len(seen) >= 2 and not building_checked:  # axe takes a while: only once the bar is seen moving
            screens("bundle-building")
            building_checked = True
        page.wait_for_timeout(200)
    assert len(seen) >= 2, f"progress values seen: {sorted(seen)}"
    assert building_checked, "the build ended before the building page could be checked with axe"
    download_link = page.get_by_role("button", name="Download version 1")
    expect(download_link).to_be_visible(timeout=120_000)
    screens("bundle-built")

    with page.expect_download() as download:
        download_link.click()
    path = tmp_path / "bundle.pdf"
    download.value.save_as(path)
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) > 3 + 1 + 2
    assert [(r.rule, r.detail) for r in check_bundle(path) if not r.passed] == []

    page.goto(case_url)
    screens("case-page")
    assert page.csp_errors == []
    assert public_violations == []
    assert screens.violations == {}


def test_the_accessibility_check_does_report_a_serious_problem(page, serious_violations):
    page.set_content('<html lang="en"><body><main><img src="/static/none.png"></main></body></html>')
    assert "image-alt" in [violation["id"] for violation in serious_violations(page)]
