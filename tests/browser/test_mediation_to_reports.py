"""End to end in Debian chromium: a tribunal officer records a mediation and its agreement, a decision with two
issues, and ticks off the order steps; a SEND manager then opens the reports, with no way into the case. axe-core
on each page."""
from datetime import date

import pytest

from bundler.extensions import db
from bundler.models import Case, Team

from .test_evidence_to_bundle import fill_date


@pytest.fixture
def e2e_case(live_server):
    with live_server.app.app_context():
        team = db.session.scalar(db.select(Team).where(Team.name == "E2E"))
        case = Case(reference="EH123/25/07777", child_name="Robin Browserchild", child_dob=date(2014, 5, 1),
                    school="Brook Primary", appellant_name="Sam Parent", appeal_type="contents",
                    decision_letter_date=date(2025, 11, 3), registration_date=date(2026, 1, 12), team=team)
        db.session.add(case)
        db.session.commit()
        return case.id


def test_mediation_agreement_decision_steps_then_reports(page, sign_in, e2e_case, screens):
    from playwright.sync_api import expect

    sign_in(page, "tribunal_officer")
    page.goto(f"/cases/{e2e_case}/mediation")
    screens("mediation-empty")
    fill_date(page, "notice_sent_on", date(2025, 11, 3))
    page.get_by_label("The right to mediation").check()
    page.get_by_label("Section F (special educational provision)").check()
    page.get_by_label("Wants mediation").check()
    fill_date(page, "told_on", date(2025, 11, 10))
    fill_date(page, "mediation_on", date(2025, 12, 2))
    page.get_by_label("Agreement on some issues").check()
    fill_date(page, "certificate_on", date(2025, 12, 4))
    fill_date(page, "agreement_on", date(2025, 12, 2))
    page.fill("#room_to_settle", "Up to 10 hours of speech and language therapy a term")
    page.get_by_role("button", name="Save mediation record").click()
    expect(page.get_by_text("Mediation record saved.")).to_be_visible()
    expect(page.get_by_text("10 December 2025")).to_be_visible()  # arranged within 30 days of 10 Nov
    page.fill("#act", "Add weekly speech and language therapy to Section F")
    page.select_option("#kind", "amend")
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text("Action added: due Tue 6 Jan 2026.")).to_be_visible()  # 5 weeks from 2 Dec 2025
    screens("mediation-with-agreement")

    page.get_by_role("link", name="Outcome", exact=True).click()
    page.get_by_label("Decided at a hearing").check()
    fill_date(page, "ended_on", date(2026, 3, 2))
    fill_date(page, "hearing_on", date(2026, 2, 24))
    fill_date(page, "decision_on", date(2026, 3, 2))
    fill_date(page, "sent_on", date(2026, 3, 6))
    page.select_option("#issue_section_b", "allowed_in_part")
    page.select_option("#issue_section_i", "allowed")
    page.get_by_label("The parent's or young person's preference").check()
    page.get_by_role("button", name="Save the outcome").click()
    expect(page.get_by_text("Outcome saved.")).to_be_visible()
    page.get_by_label("Tribunal order (reg 44)").check()
    page.get_by_label("Amend the special educational needs or provision (Sections B and F)").check()
    page.get_by_label("Change the school or type of placement named in Section I").check()
    page.get_by_role("button", name="Add the steps").click()
    expect(page.get_by_text("1 step added.")).to_be_visible()  # one 5-week step governs B/F with Section I
    expect(page.locator("#steps").get_by_text("10 April 2026")).to_be_visible()
    screens("outcome")
    page.locator("#steps").get_by_role("link", name="Send the amended EHC plan").click()
    fill_date(page, "done_on", date(2026, 4, 14))
    page.fill("#evidence_note", "Amended plan issued")
    fill_date(page, "provision_in_place_on", date(2026, 4, 20))
    screens("step")
    page.get_by_role("button", name="Save the step").click()
    expect(page.get_by_text("Send the amended EHC plan: saved.")).to_be_visible()
    expect(page.locator("#steps").get_by_text("14 April 2026")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "send_manager")
    page.get_by_role("link", name="Reports").click()
    page.select_option("#year", "2025")
    page.get_by_role("button", name="Apply filters").click()
    screens("reports")
    appeals = page.locator("#appeals-table")
    expect(appeals.get_by_role("row", name="Decided at a hearing 1")).to_be_visible()
    compliance = page.locator("#compliance-table")
    # the agreement action (due 6 Jan 2026) is still open, and the order step was done 4 days late
    expect(compliance.get_by_role("row", name="Late (done late or still overdue) 2")).to_be_visible()
    expect(page.locator("section table.govuk-table")).to_have_count(8)
    expect(page.locator("svg.app-chart")).to_have_count(7)  # no placement recorded: nothing to chart there
    assert "Robin Browserchild" not in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV of outcomes by issue (decided appeals)").click()
    assert "Section I (placement),1,1,0,0,0,0.0" in download.value.path().read_text()
    response = page.goto(f"/cases/{e2e_case}/mediation")
    assert response.status == 403
    assert screens.violations == {}, screens.violations
