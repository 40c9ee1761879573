"""Issue 11 item 7 of the issue (position as a choice): opposes, opposes in part with the concessions listed, or does
not oppose, which is a reg 45 notice instead of a response, and recording it as filed starts the reg 45 timetable."""
import io
import shutil
from datetime import date

import docx
import pytest
from sqlalchemy import select

from bundler.extensions import db
from bundler.models import Case, ComplianceStep, Role, User
from bundler.services.statements import rendering
from bundler.services.statements import workflow as service

from ..drafting.conftest import docx_text, pdf_text
from .conftest import make_ready

WRITER, REVIEWER = Role.tribunal_officer, Role.legal_reviewer


def _people(seed):
    return [db.session.get(User, seed.user_ids[role]) for role in (WRITER, REVIEWER)]


def test_opposing_in_part_lists_what_is_conceded_in_the_docx(client, login, app, seed, tmp_path):
    login(client, WRITER)
    client.post(f"/cases/{seed.own_case_id}/statement/start",
                data={"position": "opposes_in_part", "conceded": "Section F: weekly speech and language therapy\n"
                                                                 "Section B: the sensory needs"})
    response = client.get(f"/cases/{seed.own_case_id}/statement/download/docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs)
    assert "does not oppose the appeal on the following issues, which it concedes:" in text
    assert "Section F: weekly speech and language therapy\nSection B: the sensory needs\n" in text
    assert "It opposes the rest of the appeal" in text


def test_opposing_in_part_must_say_what_is_conceded(client, login, app, seed):
    login(client, WRITER)
    client.post(f"/cases/{seed.own_case_id}/statement/start", data={"position": "opposes_in_part", "conceded": " "})
    page = client.get(f"/cases/{seed.own_case_id}/statement").get_data(as_text=True)
    assert "Say which issues the local authority concedes" in page


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_not_opposing_makes_a_reg_45_notice_and_filing_it_starts_the_reg_45_timetable(app, seed, tmp_path):
    with app.test_request_context():
        case = db.session.get(Case, seed.own_case_id)
        case.issues = ["B", "F", "I"]
        writer, reviewer = _people(seed)
        statement = service.start_draft(case, writer, "does_not_oppose")
        assert statement.is_notice
        make_ready(statement, writer)
        rendering.render_file(statement, "pdf", tmp_path / "notice.pdf")
        rendering.render_file(statement, "docx", tmp_path / "notice.docx")
        service.transition(statement, "submit", writer)
        service.transition(statement, "approve", reviewer)
        added = service.record_filed(statement, date(2025, 11, 7), writer)
        db.session.commit()
        steps = [(s.act, s.due_date, s.source, s.kinds) for s in db.session.scalars(
            select(ComplianceStep).where(ComplianceStep.case_id == case.id))]
    for text in (docx_text(tmp_path / "notice.docx"), pdf_text(tmp_path / "notice.pdf")):
        assert "NOTICE THAT THE LOCAL AUTHORITY DOES NOT OPPOSE THE APPEAL (REGULATION 45)" in text
        assert "gives notice under regulation 45" in text
        for absent in ("Legal framework", "order sought", "RESPONSE OF THE LOCAL AUTHORITY", "grounds of appeal"):
            assert absent not in text
    # B/F with Section I: one 5-week amended plan from the notice (Fri 7 Nov 2025 -> Fri 12 Dec 2025), no 2-week step.
    assert len(added) == 1 and steps == [("Send the amended EHC plan", date(2025, 12, 12), "unopposed",
                                          "amend,section_i")]


def test_filing_is_refused_before_approval_and_twice(app, seed):
    with app.test_request_context():
        case = db.session.get(Case, seed.own_case_id)
        writer, reviewer = _people(seed)
        statement = service.start_draft(case, writer)
        make_ready(statement, writer)
        with pytest.raises(service.StatementError, match="Only an approved statement"):
            service.record_filed(statement, date(2025, 11, 7), writer)
        service.transition(statement, "submit", writer)
        service.transition(statement, "approve", reviewer)
        assert service.record_filed(statement, date(2025, 11, 7), writer) == []  # a response starts no reg 45 steps
        with pytest.raises(service.StatementError, match="recorded as filed on 7 November 2025"):
            service.record_filed(statement, date(2025, 11, 8), writer)


def test_changing_to_not_opposing_rewrites_the_document(app, seed):
    with app.test_request_context():
        case = db.session.get(Case, seed.own_case_id)
        writer, _ = _people(seed)
        statement = service.start_draft(case, writer)
        version = service.set_position(statement, "does_not_oppose", "", writer)
        assert "(REGULATION 45)" in version.parts["heading"] and version.parts["legal_framework"] == ""
        assert version.note.startswith("Position: Does not oppose")


def test_a_filed_statement_page_and_word_export_cite_documents_as_filed(client, login, app, seed, documents):
    with app.test_request_context():
        case = db.session.get(Case, seed.own_case_id)
        writer, reviewer = _people(seed)
        statement = service.start_draft(case, writer)
        service.save_part(statement, "response", f"See [[doc:{documents['EP advice']}]].", writer)
        make_ready(statement, writer)
        service.transition(statement, "submit", writer)
        service.transition(statement, "approve", reviewer)
        service.record_filed(statement, date(2025, 11, 7), writer)
        db.session.commit()
    login(client, WRITER)
    page = client.get(f"/cases/{seed.own_case_id}/statement").get_data(as_text=True)
    assert "7 November 2025" in page and "As filed: each document is cited by its title and date" in page
    response = client.get(f"/cases/{seed.own_case_id}/statement/download/docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs)
    assert "See EP advice, 2 June 2025." in text and "[not in the bundle]" not in text
