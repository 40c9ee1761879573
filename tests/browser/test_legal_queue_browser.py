"""In chromium: a legal reviewer signs in to a home page that lists the statements waiting for them (with legal
services, or changed since their comment), follows the link to what changed, and filters the case list to their
queue; every page passes axe and the Content-Security-Policy."""
from datetime import date

import pytest

A_SENT, A_CHANGED, NOT_THEIRS = "EH777/25/00001", "EH777/25/00002", "EH777/25/00003"


@pytest.fixture(scope="module")
def queued(live_server):
    """Three cases on the E2E team: a statement sent to legal services, one changed since the reviewer's comment,
    and a draft nobody has sent or commented on."""
    from bundler.extensions import db
    from bundler.models import Case, Team, User
    from bundler.services.statements import workflow

    with live_server.app.test_request_context():
        team = db.session.scalar(db.select(Team).where(Team.name == "E2E"))
        writer, reviewer = (db.session.scalar(db.select(User).where(User.email == live_server.emails[role]))
                            for role in ("tribunal_officer", "legal_reviewer"))
        statements = {}
        for reference in (A_SENT, A_CHANGED, NOT_THEIRS):
            case = Case(reference=reference, child_name="Sam Example", child_dob=date(2014, 5, 1),
                        appellant_name="A Parent", appeal_type="contents", team=team, officer=writer,
                        decision_letter_date=date(2025, 6, 2), hearing_date=date(2026, 3, 10))
            db.session.add(case)
            statements[reference] = workflow.start_draft(case, writer)
        workflow.transition(statements[A_SENT], "submit", writer)
        changed = statements[A_CHANGED]
        workflow.transition(changed, "submit", writer)
        workflow.add_comment(changed, "introduction", "Name the representative.", reviewer)
        workflow.transition(changed, "request_changes", reviewer)
        workflow.save_part(changed, "introduction", "The appellant is represented by **IPSEA**.", writer)
        db.session.commit()


def test_a_legal_reviewer_works_from_their_queue(page, live_server, sign_in, queued, serious_violations,
                                                 screenshot):
    sign_in(page, "legal_reviewer")
    assert page.locator("h1").inner_text() == "Statements to review and deadlines"
    queue = page.locator("#legal-queue-table tbody tr")
    rows = {queue.nth(n).locator("td, th").first.inner_text(): queue.nth(n).inner_text()
            for n in range(queue.count())}
    assert set(rows) == {A_SENT, A_CHANGED}
    assert "With legal services" in rows[A_SENT]
    assert "Changed since your comment on version 1" in rows[A_CHANGED]
    assert serious_violations(page) == []
    screenshot(page, "legal-queue")

    page.get_by_role("link", name=f"compare version 1 with version 2 of {A_CHANGED}").click()
    section = page.locator("section[aria-labelledby=diff-introduction]")
    assert section.locator("ins strong").first.inner_text() == "IPSEA"  # emphasis applied, as in the .docx
    assert section.locator(".app-paragraph-number").first.inner_text() == "1."
    assert serious_violations(page) == []
    screenshot(page, "compare-versions")

    page.goto("/cases/")
    page.get_by_label("Statement of case").select_option(label="Changed since your last comment")
    page.get_by_role("button", name="Apply filters").click()
    listed = page.locator("table tbody tr")
    assert listed.count() == 1 and A_CHANGED in listed.first.inner_text()
    assert "Changed since your comment" in listed.first.inner_text()
    assert serious_violations(page) == []
    assert page.csp_errors == []
