"""Plan checks where they run, the alignment report and provision map, the case review form's answers, the position
table, and the decision applied: all through the pages, the files they give opened and read back."""
import io
from datetime import date, timedelta

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from bundler import jobs
from bundler.extensions import db
from bundler.models import AuditEvent, Case, ComplianceStep, Role, User
from bundler.services.working_document import documents as service
from bundler.services.working_document import plans, review

from .helpers import plan_docx, store_document

TO = Role.tribunal_officer


@pytest.fixture
def wd_id(app, seed, tmp_path):
    """A working document on the North case: one appellant proposal on B-02, one authority proposal on F-01."""
    with app.app_context():
        case, user = db.session.get(Case, seed.own_case_id), db.session.get(User, seed.user_ids[TO])
        source = store_document(case.id, plan_docx(tmp_path / "plan.docx"), "EHC plan")
        plan = plans.import_from_document(case, db.session.get(plans.Document, source), user)
        plans.correct_and_confirm(plan, version="Final", issued=None, texts={}, user=user)
        document = service.start(case, plan)
        service.propose(document, "B-02", "text", "Sam finds busy rooms very hard.", user, by="appellant")
        db.session.commit()
        return document.id


def _document(wd_id):
    return db.session.get(service.WorkingDocument, wd_id)


def _checked_version(client, case_id, wd_id, app):
    """Write a version through the page; once its page check job has finished (it is tested with LibreOffice in
    test_service.py), give it the page count each test needs."""
    assert client.post(f"/cases/{case_id}/working-document/versions").status_code == 302
    with app.app_context():
        jobs.wait(_document(wd_id).latest.page_check_job_id, timeout=180)
        version = _document(wd_id).latest
        version.page_count, version.page_message = 2, "2 pages (the limit is 25)."
        db.session.commit()
        return version.number


def test_plan_check_errors_block_sending_until_a_reason_is_recorded(client, login, seed, app, wd_id):
    login(client, TO)
    case = seed.own_case_id
    client.post(f"/cases/{case}/working-document/items/F-01/propose",
                data={"field": "what", "wording": "Speech and language therapy and access to a sensory room"})
    number = _checked_version(client, case, wd_id, app)
    page = client.get(f"/cases/{case}/working-document/versions/{number}").get_data(as_text=True)
    assert "“access to”" in page and "3 error(s)" in page  # the row as the authority would have it

    client.post(f"/cases/{case}/working-document/versions/{number}/send", data={"reason": ""})
    with app.app_context():
        assert _document(wd_id).latest.sent_at is None
    client.post(f"/cases/{case}/working-document/versions/{number}/send",
                data={"reason": "Legal services advise the sensory room is named in the school's offer"})
    with app.app_context():
        version = _document(wd_id).latest
        assert version.sent_at is not None and "sensory room" in version.check_override_reason
        event = db.session.query(AuditEvent).filter_by(action="sent working document").one()
        assert "despite 3 plan check error(s)" in event.detail and "Legal services advise" in event.detail


def test_warnings_show_but_do_not_block(client, login, seed, app, wd_id):
    login(client, TO)
    case = seed.own_case_id
    for field, wording in (("how_often", "up to 3 sessions a week"), ("how_long", "30 minutes each")):
        client.post(f"/cases/{case}/working-document/items/F-01/propose", data={"field": field, "wording": wording})
    number = _checked_version(client, case, wd_id, app)
    page = client.get(f"/cases/{case}/working-document/versions/{number}").get_data(as_text=True)
    assert "0 error(s)" in page and "Warning" in page
    client.post(f"/cases/{case}/working-document/versions/{number}/send", data={"reason": ""})
    with app.app_context():
        assert _document(wd_id).latest.sent_at is not None


def test_more_than_25_pages_is_not_ready_to_send(client, login, seed, app, wd_id):
    login(client, TO)
    case = seed.own_case_id
    number = _checked_version(client, case, wd_id, app)
    with app.app_context():
        version = _document(wd_id).latest
        version.page_count, version.page_message = 26, "26 pages: over the Tribunal's limit of 25 A4 pages"
        db.session.commit()
    client.post(f"/cases/{case}/working-document/versions/{number}/send", data={"reason": "x"})
    with app.app_context():
        assert _document(wd_id).latest.sent_at is None
    page = client.get(f"/cases/{case}/working-document/versions/{number}").get_data(as_text=True)
    assert "Not ready to send" in page and "26 pages" in page


def test_imported_plan_gets_a_report_only(client, login, seed, app, wd_id):
    login(client, TO)
    with app.app_context():
        plan_id = _document(wd_id).plan_id
    page = client.get(f"/cases/{seed.own_case_id}/working-document/plan/{plan_id}").get_data(as_text=True)
    assert "Plan checks (a report only)" in page and "“regular”" in page


def test_alignment_links_confirmed_and_the_reports_open(client, login, seed, app, wd_id):
    login(client, TO)
    case = seed.own_case_id
    page = client.get(f"/cases/{case}/working-document/reports").get_data(as_text=True)
    assert "B and F alignment" in page and "Needs with no provision (2)" in page
    assert client.post(f"/cases/{case}/working-document/reports/links",
                       data={"link": ["B-01|F-01"]}).status_code == 302
    page = client.get(f"/cases/{case}/working-document/reports").get_data(as_text=True)
    assert "Needs with no provision (1)" in page and "B-01 → F-01" in page

    report = WordDocument(io.BytesIO(client.get(f"/cases/{case}/working-document/reports/alignment.docx").data))
    assert "Needs with no provision (1)" in [p.text for p in report.paragraphs]
    sheet = load_workbook(io.BytesIO(
        client.get(f"/cases/{case}/working-document/reports/provision-map.xlsx").data)).active
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert any(row[2] == "Speech and language therapy" and "B-01" in (row[0] or "") for row in rows)
    provision = WordDocument(io.BytesIO(client.get(f"/cases/{case}/working-document/reports/provision-map.docx").data))
    assert any("Speech and language therapy" in c.text for t in provision.tables for r in t.rows for c in r.cells)


def test_case_review_answers_and_the_position_table(client, login, seed, app, wd_id):
    login(client, TO)
    case = seed.own_case_id
    _checked_version(client, case, wd_id, app)
    with app.app_context():
        answers = review.case_review(db.session.get(Case, case))
        assert (answers.has_working_document, answers.latest_version, answers.disputed) == \
            (True, 1, {"B": ["B-02"]})
    table = WordDocument(io.BytesIO(client.get(f"/cases/{case}/working-document/reports/position-table.docx").data))
    rows = [[c.text for c in row.cells] for row in table.tables[0].rows]
    assert rows[1] == ["Section B, B-02", "Sam finds busy rooms hard.", "Sam finds busy rooms very hard.", ""]


def test_the_decision_makes_the_amended_plan_and_the_reg_44_step(client, login, seed, app, wd_id):
    login(client, TO)
    case = seed.own_case_id
    with app.app_context():
        appellant = next(p for p in _document(wd_id).proposals if p.by == "appellant")
        proposal_id = appellant.id
    sent = date(2026, 3, 2)
    response = client.post(f"/cases/{case}/working-document/decision",
                           data={f"decided-{proposal_id}": "appellant",
                                 "order_sent": [str(sent.day), str(sent.month), str(sent.year)]})
    assert response.status_code == 302
    with app.app_context():
        document = _document(wd_id)
        assert document.amended_plan.status == "amended"
        step = db.session.query(ComplianceStep).filter_by(case_id=case, source="order", kinds="amend").one()
        assert step.due_date == sent + timedelta(weeks=5) and step.amends_plan
    amended = WordDocument(io.BytesIO(client.get(f"/cases/{case}/working-document/reports/amended-plan.docx").data))
    texts = [p.text for p in amended.paragraphs]
    assert "2\tSam finds busy rooms very hard." in texts
    assert any("Speech and language therapy" in c.text for t in amended.tables for r in t.rows for c in r.cells)


def test_the_decision_waits_for_every_disputed_proposal(client, login, seed, app, wd_id):
    login(client, TO)
    client.post(f"/cases/{seed.own_case_id}/working-document/decision",
                data={"order_sent": ["2", "3", "2026"]})
    with app.app_context():
        assert _document(wd_id).amended_plan is None
