"""In chromium: Insert reference puts the token at the cursor without leaving the page; the pages pass axe."""
import importlib.util
from datetime import date
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "statement_browser_fixtures", Path(__file__).resolve().parents[1] / "browser" / "conftest.py")
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)
# The shared browser fixtures, used here so these tests stay in the statements folder.
sync_playwright_instance, browser, live_server, page = (
    _fixtures.sync_playwright_instance, _fixtures.browser, _fixtures.live_server, _fixtures.page)
axe_source, serious_violations, screenshot = _fixtures.axe_source, _fixtures.serious_violations, _fixtures.screenshot

pytestmark = pytest.mark.browser
PASSWORD = "statement browser password"


@pytest.fixture(scope="module")
def drafted(live_server):
    """A team, a writer, a case with one document, and a draft statement; returns (case id, document id)."""
    from bundler.extensions import db
    from bundler.models import Case, Role, Team, User
    from bundler.models.evidence import Document, Party
    from bundler.services.statements import workflow

    with live_server.app.test_request_context():
        team = Team(name="Statements browser team")
        writer = User(email="writer@statements.example", name="Wren Writer", role=Role.tribunal_officer, teams=[team])
        reviewer = User(email="reviewer@statements.example", name="Rae Reviewer", role=Role.legal_reviewer,
                        teams=[team])
        for user in (writer, reviewer):
            user.set_password(PASSWORD)
        case = Case(reference="EH321/25/00077", child_name="Robin Example", child_dob=date(2015, 1, 2),
                    appellant_name="Kim Example", appeal_type="contents", team=team,
                    decision_letter_date=date(2025, 6, 2), hearing_date=date(2026, 2, 10))
        db.session.add_all([team, writer, reviewer, case])
        db.session.flush()
        document = Document(case_id=case.id, title="EP advice", document_date=date(2025, 6, 2), section="la_evidence",
                            party=Party.local_authority, original_filename="ep.pdf", original_sha256="0" * 64,
                            size=1, pdf_sha256="1" * 64, page_count=4)
        db.session.add(document)
        statement = workflow.start_draft(case, writer)
        workflow.save_part(statement, "response", "The advice shows the need.", writer)
        db.session.commit()
        return case.id, document.id


def _sign_in(page, who="writer"):
    page.goto("/login")
    page.get_by_label("Email address").fill(f"{who}@statements.example")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_insert_reference_puts_the_token_at_the_cursor(page, drafted, serious_violations, screenshot):
    case_id, document_id = drafted
    _sign_in(page)
    page.goto(f"/cases/{case_id}/statement/parts/response")
    text = page.locator("textarea[name=text]")
    text.click()
    text.evaluate("(el) => { el.setSelectionRange(10, 10); el.dispatchEvent(new KeyboardEvent('keyup')) }")
    page.get_by_label("Document to cite").select_option(str(document_id))
    page.get_by_role("button", name="Insert reference").click()
    assert text.input_value() == f"The advice [[doc:{document_id}]] shows the need."
    assert page.url.endswith("/parts/response")  # no round trip: nothing saved yet
    assert serious_violations(page) == []
    page.get_by_role("button", name="Save").click()
    assert "EP advice, 2 June 2025 [not in the bundle]" in page.locator("#main-content").inner_text()
    assert serious_violations(page) == []
    screenshot(page, "statement-page")
    assert page.csp_errors == []


def test_reviewer_comments_on_a_part_and_compares_versions(page, drafted, serious_violations):
    case_id, _ = drafted
    _sign_in(page, "reviewer")
    page.goto(f"/cases/{case_id}/statement")
    page.get_by_role("link", name="Comment on The local authority's response to the grounds").click()
    assert page.get_by_label("Part").input_value() == "response"
    page.get_by_label("Comment", exact=True).fill("Cite the page of the advice.")
    page.get_by_role("button", name="Add comment").click()
    assert "Cite the page of the advice." in page.locator("#part-response ~ .app-review-comment").first.inner_text()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Compare versions").click()
    assert page.locator("ins").first.inner_text().startswith("[added: ")
    assert serious_violations(page) == []
    assert page.csp_errors == []
