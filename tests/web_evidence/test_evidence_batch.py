"""Several documents moved, re-dated or removed at once (each audited), errors that say what to fix, and all of a
case's evidence downloaded as one streamed .zip (read back: every original byte for byte, and the list of files);
every route checks role and case."""
import csv
import hashlib
import io
import zipfile
from datetime import date

import pytest
from sqlalchemy import select

from bundler.extensions import db
from bundler.models import Document
from bundler.models.evidence import Review

from ..helpers import audit_actions, pdf_bytes, wait_for_jobs

READERS = ("send_officer", "tribunal_officer", "legal_reviewer", "administrator")
EDITORS = ("send_officer", "tribunal_officer", "administrator")


@pytest.fixture
def documents(app, client, login, seed, upload):
    """Three documents on our case (their uploaded bytes by title), one on the other team's."""
    login(client, seed.other_team_user_id)
    upload(seed.other_case_id, [("Other report.pdf", pdf_bytes(1, "other"))])
    login(client, "tribunal_officer")
    files = {name: pdf_bytes(1, name) for name in ("EP advice", "School report", "Attendance log")}
    upload(seed.own_case_id, [(f"{name}.pdf", content) for name, content in files.items()])
    wait_for_jobs(app)
    with app.app_context():
        ids = {d.title: d.id for d in db.session.scalars(select(Document).where(
            Document.case_id == seed.own_case_id))}
    return {"ids": ids, "files": files}


def apply(client, seed, ids, **form):
    return client.post(f"/cases/{seed.own_case_id}/evidence/select", data={"document": [str(i) for i in ids],
                                                                             **form})


def facts(app, ids):
    with app.app_context():
        return {d.id: (d.section, d.document_date, d.review) for d in db.session.scalars(
            select(Document).where(Document.id.in_(ids)))}


def test_several_documents_move_redate_and_leave_at_once(app, client, seed, documents):
    ids = documents["ids"]
    two = [ids["EP advice"], ids["School report"]]
    assert apply(client, seed, two, action="move", section="core").status_code == 303
    assert {section for section, *_ in facts(app, two).values()} == {"core"}
    assert facts(app, [ids["Attendance log"]])[ids["Attendance log"]][0] == "la_evidence"

    response = apply(client, seed, two, action="redate", new_date=["3", "11", "2025"])
    assert response.status_code == 303
    assert {when for _, when, _ in facts(app, two).values()} == {date(2025, 11, 3)}
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 document(s) re-dated." in page

    apply(client, seed, two, action="remove")
    assert {review for *_, review in facts(app, two).values()} == {Review.rejected}
    actions = audit_actions(app, seed.own_case_id)
    assert actions.count("moved") == 2 and actions.count("re-dated") == 2
    assert actions.count("removed from the case") == 2


@pytest.mark.parametrize("form,message", [
    ({"action": "move"}, "Select the section to move them to"),
    ({"action": "redate"}, "Enter the new date"),
    ({"action": "redate", "new_date": ["31", "2", "2025"]}, "New date must be a real date"),
    ({}, "Select what to do with the documents"),
])
def test_an_incomplete_action_is_explained_and_changes_nothing(app, client, seed, documents, form, message):
    ids = list(documents["ids"].values())
    before = facts(app, ids)
    response = apply(client, seed, ids, **form)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert facts(app, ids) == before


def test_nothing_selected_or_another_cases_document_is_refused(app, client, seed, documents):
    response = apply(client, seed, [], action="remove")
    assert response.status_code == 400 and "Select at least one document" in response.get_data(as_text=True)
    with app.app_context():
        other = db.session.scalar(select(Document.id).where(Document.case_id == seed.other_case_id))
    response = apply(client, seed, [documents["ids"]["EP advice"], other], action="remove")
    assert response.status_code == 400 and "no longer on the case" in response.get_data(as_text=True)
    assert facts(app, [other])[other][2] == Review.accepted


def test_all_the_evidence_downloads_as_one_zip(app, client, seed, documents):
    apply(client, seed, [documents["ids"]["School report"]], action="remove")
    response = client.get(f"/cases/{seed.own_case_id}/evidence/download.zip")
    assert response.status_code == 200 and response.is_streamed
    assert 'filename="EH123-25-00001 evidence.zip"' in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    assert archive.testzip() is None
    names = archive.namelist()
    assert names[0] == "evidence.csv" and len(names) == 3  # the removed document is not evidence any more
    listed = list(csv.DictReader(io.StringIO(archive.read("evidence.csv").decode())))
    assert [row["Title"] for row in listed] == ["EP advice", "Attendance log"]
    for row in listed:
        content = archive.read(row["File"])
        assert content == documents["files"][row["Title"]]
        assert hashlib.sha256(content).hexdigest() == row["SHA-256"]
        assert row["File"].startswith(row["Section"] + "/") and row["File"].endswith(".pdf")
    assert "downloaded all evidence" in audit_actions(app, seed.own_case_id)


ROUTES = [("GET", "select", EDITORS), ("POST", "select", EDITORS), ("GET", "download.zip", READERS)]


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize("method,tail,allowed", ROUTES, ids=[f"{m} {t}" for m, t, _ in ROUTES])
def test_batch_routes_check_role_and_case(app, client, login, seed, method, tail, allowed, role):
    login(client, role)
    call = client.get if method == "GET" else client.post
    status = call(f"/cases/{seed.own_case_id}/evidence/{tail}").status_code
    assert status in ((200, 400) if role in allowed else (403,)), status
    other = call(f"/cases/{seed.other_case_id}/evidence/{tail}").status_code
    assert other == (status if role == "administrator" else 404)


@pytest.mark.parametrize("method,tail,allowed", ROUTES, ids=[f"{m} {t}" for m, t, _ in ROUTES])
def test_signed_out_people_are_sent_to_sign_in(client, seed, method, tail, allowed):
    response = (client.get if method == "GET" else client.post)(f"/cases/{seed.own_case_id}/evidence/{tail}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
