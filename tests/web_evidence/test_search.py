"""Full-text search across a case's documents (SQLite FTS5, or PostgreSQL's text search when the suite runs on it):
pages indexed as documents convert, each hit with its page, only the case's accepted documents, search syntax
taken as plain words, and the words searched for kept out of the logs and the audit trail."""
import io
import logging

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import select

from bundler.extensions import db
from bundler.models import AuditEvent, Document
from bundler.models.search import DocumentPageText

from ..helpers import wait_for_jobs

READERS = ("send_officer", "tribunal_officer", "legal_reviewer", "administrator")


def pages_pdf(*pages: str) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for line in pages:
        c.setFont("Helvetica", 12)
        c.drawString(72, 760, line)
        c.showPage()
    c.save()
    return out.getvalue()


@pytest.fixture
def indexed(app, client, login, seed, upload):
    """Two documents on our case and one on the other team's, converted (and so indexed)."""
    login(client, "tribunal_officer")
    upload(seed.own_case_id, [
        ("ep-advice.pdf", pages_pdf("Cognition and learning summary.",
                                    "Speech and language therapy weekly from a therapist.",
                                    "Oliver Quayle needs speech therapy in a small group.")),
        ("school-report.pdf", pages_pdf("Attendance was good this term.", "No speech therapy was provided."))])
    login(client, seed.other_team_user_id)
    upload(seed.other_case_id, [("other.pdf", pages_pdf("Speech therapy for another child entirely."))])
    login(client, "tribunal_officer")
    wait_for_jobs(app)
    with app.app_context():
        return {d.original_filename: d.id for d in db.session.scalars(select(Document))}


def search(client, case_id, query):
    return client.post(f"/cases/{case_id}/search", data={"query": query})


def test_each_hit_names_its_document_and_page(app, client, seed, indexed):
    page = search(client, seed.own_case_id, "speech therapy").get_data(as_text=True)
    assert "3 pages found" in page
    ep, report = indexed["ep-advice.pdf"], indexed["school-report.pdf"]
    for document_id, number in ((ep, 2), (ep, 3), (report, 2)):
        assert f'/cases/{seed.own_case_id}/evidence/{document_id}/pdf#page={number}"' in page
    assert "<mark>speech</mark> <mark>therapy</mark>" in page.casefold()
    assert "another child" not in page  # the other team's document, with the same words
    # Stemmed: "therapist" and "therapy" share a stem in neither database, but plural and singular do.
    assert "1 page found" in search(client, seed.own_case_id, "therapists").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(DocumentPageText.text).where(
            DocumentPageText.document_id == ep, DocumentPageText.page == 3)).startswith("Oliver Quayle")


def test_a_removed_document_is_not_searched(app, client, seed, indexed):
    client.post(f"/cases/{seed.own_case_id}/evidence/{indexed['school-report.pdf']}/remove")
    assert "2 pages found" in search(client, seed.own_case_id, "speech therapy").get_data(as_text=True)


@pytest.mark.parametrize("query", ['"speech', "speech NEAR(therapy", "text:speech", "speech*", "-speech", "'"])
def test_search_syntax_is_taken_as_plain_words(client, seed, indexed, query):
    response = search(client, seed.own_case_id, query)
    assert response.status_code == 200 and "found" in response.get_data(as_text=True)


def test_nothing_found_and_nothing_entered_are_explained(client, seed, indexed):
    assert "No page of this case" in search(client, seed.own_case_id, "hydrotherapy").get_data(as_text=True)
    response = search(client, seed.own_case_id, "   ")
    assert response.status_code == 200 and "Enter words to search for" in response.get_data(as_text=True)


def test_the_words_searched_for_are_not_logged_or_audited(app, client, seed, indexed, caplog):
    caplog.set_level(logging.DEBUG)
    assert "Oliver Quayle" in search(client, seed.own_case_id, "Oliver Quayle").get_data(as_text=True)
    assert "quayle" not in caplog.text.casefold()
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "searched documents")).one()
        assert event.detail == "1 page(s) found" and event.case_id == seed.own_case_id


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_every_case_reader_may_search_their_own_cases_only(app, client, login, seed, method, role):
    login(client, role)
    call = client.get if method == "GET" else lambda url: client.post(url, data={"query": "speech"})
    assert call(f"/cases/{seed.own_case_id}/search").status_code == 200
    other = call(f"/cases/{seed.other_case_id}/search").status_code
    assert other == (200 if role == "administrator" else 404)


def test_signed_out_people_are_sent_to_sign_in(client, seed):
    response = client.post(f"/cases/{seed.own_case_id}/search", data={"query": "speech"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_search_index_command_indexes_documents_converted_before_search(app, client, runner, seed, indexed):
    with app.app_context():
        db.session.execute(DocumentPageText.__table__.delete())
        db.session.commit()
    assert "0 pages found" in search(client, seed.own_case_id, "speech therapy").get_data(as_text=True)
    result = runner.invoke(args=["search-index"])
    assert result.exit_code == 0 and "Indexed 3 document(s)." in result.output
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(DocumentPageText)) == 6
    assert "Indexed 0 document(s)." in runner.invoke(args=["search-index"]).output
    assert "3 pages found" in search(client, seed.own_case_id, "speech therapy").get_data(as_text=True)
