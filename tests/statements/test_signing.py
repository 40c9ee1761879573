"""Issue 11, who signs: a per-user job title, the administrators' list of authorised signatories (approval refused
for anyone else), the team's address for documents; wording for a young person or an alternative person as the
appellant; the optional paragraph on deciding without a hearing. Read back from the .docx and PDF."""
import shutil

import pytest

from bundler.extensions import db
from bundler.models import Case, Role, Team, User
from bundler.services.statements import rendering
from bundler.services.statements import workflow as service

from ..drafting.conftest import docx_text, pdf_text
from .conftest import make_ready

ADDRESS = "SEND Tribunal Team, County Hall, Exampletown EX1 1AA\nsend.tribunal@example.gov.uk, 01234 567890"


def test_administrator_keeps_job_titles_the_signatory_list_and_the_team_address(client, login, app, seed):
    login(client, Role.administrator)
    officer = seed.user_ids[Role.tribunal_officer]
    with app.app_context():
        user = db.session.get(User, officer)
        data = {"name": user.name, "email": user.email, "role": user.role.value, "teams": ["1"], "active": "y",
                "job_title": "Senior SEND Officer", "authorised_signatory": "y"}
    assert client.post(f"/admin/people/{officer}", data=data).status_code == 302
    assert client.post("/admin/teams/1", data={"name": "North", "document_address": ADDRESS,
                                               "members": [str(officer)]}).status_code == 302
    with app.app_context():
        user, team = db.session.get(User, officer), db.session.get(Team, 1)
        assert (user.job_title, user.authorised_signatory) == ("Senior SEND Officer", True)
        assert team.document_address == ADDRESS


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_signature_block_names_the_signatory_their_profession_and_the_team_address(app, seed, tmp_path):
    with app.test_request_context():
        case = db.session.get(Case, seed.own_case_id)
        case.team.document_address = ADDRESS
        case.appellant_kind = "young_person"
        writer = db.session.get(User, seed.user_ids[Role.tribunal_officer])
        writer.job_title = "SEND Casework Manager"
        statement = service.start_draft(case, writer, paper_decision=True)
        make_ready(statement, writer)
        rendering.render_file(statement, "docx", tmp_path / "s.docx")
        rendering.render_file(statement, "pdf", tmp_path / "s.pdf")
    for text in (docx_text(tmp_path / "s.docx"), pdf_text(tmp_path / "s.pdf")):
        assert "SEND Casework Manager, authorised officer, for and on behalf of" in text
        assert "North, SEND Casework Manager." in text and "Tribunal officer, authorised" not in text  # not the role
        assert "County Hall, Exampletown EX1 1AA" in text and "send.tribunal@example.gov.uk" in text
        assert "[postal address" not in text
        assert "the appeal brought by A Parent, the young person, about their own EHC plan" in text
        assert "content for the Tribunal to decide the appeal without a hearing (rule 21(3)" in text


def test_alternative_person_wording(app, seed, tmp_path):
    with app.test_request_context():
        case = db.session.get(Case, seed.own_case_id)
        case.appellant_kind = "alternative_person"
        statement = service.start_draft(case, db.session.get(User, seed.user_ids[Role.tribunal_officer]))
        rendering.render_file(statement, "docx", tmp_path / "s.docx")
    text = docx_text(tmp_path / "s.docx")
    assert ("brought by A Parent, as the alternative person for Child of North, a young person who lacks capacity"
            in text)
    assert "regulation 64" in text and "content for the Tribunal to decide" not in text


def test_approval_is_refused_while_the_signatory_is_not_on_the_list(app, seed):
    with app.test_request_context():
        case = db.session.get(Case, seed.own_case_id)
        writer, reviewer = (db.session.get(User, seed.user_ids[r]) for r in (Role.tribunal_officer,
                                                                               Role.legal_reviewer))
        statement = service.start_draft(case, writer)
        with pytest.raises(service.StatementError, match="not on the list of authorised signatories"):
            service.set_signatory(statement, reviewer, writer)
        make_ready(statement, writer)
        service.transition(statement, "submit", writer)
        writer.authorised_signatory = False  # taken off the list after being chosen
        with pytest.raises(service.StatementError, match="no longer on the list of authorised signatories"):
            service.transition(statement, "approve", reviewer)
        writer.authorised_signatory = True
        service.transition(statement, "approve", reviewer)
        assert statement.locked
