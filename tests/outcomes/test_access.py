"""Every new route of the mediation, outcome and reports areas: allowed roles 200 (or a redirect after a post),
the wrong role 403, another team's case 404; a SEND manager never sees a case."""
from datetime import date

import pytest

from bundler.extensions import db
from bundler.models import ComplianceStep, Mediation, Recommendation, StepSource

SO, TO, LR, AD, SM = "send_officer", "tribunal_officer", "legal_reviewer", "administrator", "send_manager"
EVERYONE = (SO, TO, LR, AD, SM)
CASE_ROLES = (SO, TO, LR, AD)
EDITORS = (SO, TO, AD)


def add_records(app, case_id) -> dict:
    with app.app_context():
        mediation = Mediation(case_id=case_id, told_on=date(2025, 12, 1), agreement_on=date(2026, 1, 15))
        step = ComplianceStep(case_id=case_id, source=StepSource.order, act="Send the amended EHC plan",
                              started_on=date(2025, 11, 7), due_date=date(2025, 12, 12), explanation="x")
        item = Recommendation(case_id=case_id, body="health", text="OT", sent_on=date(2025, 11, 7),
                              due_date=date(2025, 12, 12), explanation="x")
        db.session.add_all([mediation, step, item])
        db.session.commit()
        return {"step": step.id, "item": item.id}


GETS = ["/cases/{case}/mediation", "/cases/{case}/mediation/brief.docx", "/cases/{case}/outcome",
        "/cases/{case}/steps/{step}", "/cases/{case}/outcome/recommendations/{item}"]
POSTS = ["/cases/{case}/mediation", "/cases/{case}/mediation/actions", "/cases/{case}/outcome",
         "/cases/{case}/outcome/steps", "/cases/{case}/steps/{step}", "/cases/{case}/outcome/recommendations",
         "/cases/{case}/outcome/recommendations/{item}", "/cases/{case}/outcome/challenges",
         "/cases/{case}/outcome/challenges/1", "/cases/{case}/outcome/spend", "/cases/{case}/outcome/placements"]


@pytest.mark.parametrize("role", EVERYONE)
@pytest.mark.parametrize("url", GETS)
def test_case_pages_on_own_team(app, client, login, seed, role, url):
    ids = add_records(app, seed.own_case_id)
    login(client, role)
    assert client.get(url.format(case=seed.own_case_id, **ids)).status_code == (200 if role in CASE_ROLES else 403)


@pytest.mark.parametrize("role", (SO, TO, LR))
@pytest.mark.parametrize("url", GETS + POSTS)
def test_another_teams_case_is_not_found(app, client, login, seed, role, url):
    ids = add_records(app, seed.other_case_id)
    login(client, role)
    target = url.format(case=seed.other_case_id, **ids)
    response = client.get(target) if url in GETS else client.post(target, data={})
    assert response.status_code == 404


@pytest.mark.parametrize("role", (LR, SM))
@pytest.mark.parametrize("url", POSTS)
def test_changes_are_forbidden_to_the_wrong_role(app, client, login, seed, role, url):
    ids = add_records(app, seed.own_case_id)
    login(client, role)
    assert client.post(url.format(case=seed.own_case_id, **ids), data={}).status_code == 403


@pytest.mark.parametrize("role", EDITORS)
def test_editors_may_post(app, client, login, seed, role):
    ids = add_records(app, seed.own_case_id)
    login(client, role)
    response = client.post(f"/cases/{seed.own_case_id}/steps/{ids['step']}",
                           data={"done_on": ["12", "12", "2025"], "evidence_note": "Issued"})
    assert response.status_code == 302


@pytest.mark.parametrize("role", EVERYONE)
@pytest.mark.parametrize("url", ["/reports", "/reports/appeals.csv", "/reports/spend.xlsx"])
def test_reports_are_for_managers_and_administrators(client, login, role, url):
    login(client, role)
    assert client.get(url).status_code == (200 if role in (SM, AD) else 403)


@pytest.mark.parametrize("url", ["/reports", "/cases/1/mediation", "/cases/1/outcome"])
def test_signed_out_visitor_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.location.startswith("/login?next=")
