"""Drafting, review, versions, locking, references and downloads, through the pages as people use them."""
import io
import re
import shutil

import docx
import pytest
from sqlalchemy import select

from bundler.extensions import db
from bundler.models import AuditEvent, Role
from bundler.models.statements import ReviewComment, StatementOfCase, StatementTemplateOverride
from bundler.services.statements.commands import statement_cli

from ..helpers import checked, page
from .conftest import add_bundle_version

WRITER, REVIEWER = Role.tribunal_officer, Role.legal_reviewer


def _url(seed, tail=""):
    return f"/cases/{seed.own_case_id}/statement{tail}"


def _statements(app, seed):
    with app.app_context():
        return [(s.state.value, len(s.versions), s.based_on_id, dict(s.latest.parts))
                for s in db.session.scalars(select(StatementOfCase).where(StatementOfCase.case_id == seed.own_case_id)
                                            .order_by(StatementOfCase.id))]


def _audit_actions(app, seed):
    with app.app_context():
        return [e.action for e in db.session.scalars(select(AuditEvent).where(AuditEvent.case_id == seed.own_case_id))]


def _start(client, login, seed):
    login(client, WRITER)
    assert client.post(_url(seed, "/start")).status_code == 302


def test_one_click_starts_a_draft_from_the_case(client, login, app, seed, documents):
    _start(client, login, seed)
    [(state, versions, based_on, parts)] = _statements(app, seed)
    assert (state, versions, based_on) == ("draft", 1, None)
    assert "EH123/25/00001" in parts["heading"] and "Child of North" in parts["heading"]
    assert f"[[doc:{documents['EP advice']}|short]]" in parts["background"]  # evidence in the chronology, dated once
    shown = page(client, _url(seed))
    assert "Legal framework" in shown.text and "Section 33 of the Act" in shown.text
    assert "started statement" in _audit_actions(app, seed)


def test_second_start_keeps_the_draft_in_progress(client, login, app, seed):
    _start(client, login, seed)
    client.post(_url(seed, "/start"))
    assert len(_statements(app, seed)) == 1


def test_each_sitting_makes_a_version_and_the_compare_page_shows_the_words(client, login, app, seed):
    _start(client, login, seed)
    client.post(_url(seed, "/parts/grounds"), data={"text": "The parents say Oak School is wrong.", "save": "Save"})
    client.get(_url(seed, "/download/docx"))  # a copy was taken: the sitting is over
    client.post(_url(seed, "/parts/grounds"), data={"text": "The parents say Elm School is wrong.", "save": "Save"})
    client.post(_url(seed, "/parts/grounds"), data={"text": "The parents say Elm School is wrong.", "save": "Save"})
    [(_, versions, _, parts)] = _statements(app, seed)
    assert versions == 3 and parts["grounds"] == "The parents say Elm School is wrong."
    shown = page(client, _url(seed, "/compare?from=2&to=3"))
    assert [text for text in shown.texts("del") if text.startswith("[removed: Oak")]
    assert [text for text in shown.texts("ins") if text.startswith("[added: Elm")]
    assert "The appellant's grounds of appeal" in shown.text and "Not changed: Heading, Introduction" in shown.text
    assert client.get(_url(seed, "/compare?from=1&to=9")).status_code == 404


def test_insert_reference_without_javascript_adds_the_token_but_does_not_save(client, login, app, seed, documents):
    _start(client, login, seed)
    ep = documents["EP advice"]
    shown = checked(client.post(_url(seed, "/parts/response"),
                                data={"text": "See", "document": str(ep), "insert": "1"}))
    assert shown.one("textarea#text").get_text() == f"See [[doc:{ep}]]"
    assert _statements(app, seed)[0][1] == 1
    shown = checked(client.post(_url(seed, "/parts/response"), data={"text": "See", "document": "", "insert": "1"}))
    assert shown.errors() == ["Select the document to cite"]


def test_references_resolve_against_the_latest_bundle_and_problems_are_flagged(client, login, app, seed, documents):
    ep, salt, review = documents["EP advice"], documents["SALT report"], documents["Annual review"]
    with app.app_context():
        titles = {v: k for k, v in documents.items()}
        add_bundle_version(seed.own_case_id, 1, {ep: (45, 53), salt: (54, 55)}, titles)
    _start(client, login, seed)
    client.post(_url(seed, "/parts/response"),
                data={"text": f"See [[doc:{ep}]], [[doc:{salt}]] and [[doc:{review}]].", "save": "Save"})
    shown = page(client, _url(seed))
    assert "EP advice, 2 June 2025 [pp. 45\u201353]" in shown.text
    assert "Annual review, 14 March 2025 [not in the bundle]" in shown.text
    assert "This document is not in bundle version 1" in shown.text
    with app.app_context():
        add_bundle_version(seed.own_case_id, 2, {ep: (47, 55)}, titles)
    shown = page(client, _url(seed))
    assert "EP advice, 2 June 2025 [pp. 47\u201355]" in shown.text and "Bundle version 2" in shown.text
    assert "SALT report, 9 April 2025 [not in the bundle]" in shown.text


def test_review_cycle_approval_locks_and_is_audited(client, login, app, seed, ready):
    _start(client, login, seed)
    ready()
    client.post(_url(seed, "/submit"))
    assert _statements(app, seed)[0][0] == "with_legal"
    saved = _statements(app, seed)[0][1]
    response = client.post(_url(seed, "/parts/introduction"), data={"text": "Late edit", "save": "Save"})
    assert response.status_code == 302 and _statements(app, seed)[0][1] == saved  # not editable while with legal
    login(client, REVIEWER)
    client.post(_url(seed, "/comments"), data={"part": "introduction", "body": "Name the representative."})
    client.post(_url(seed, "/request_changes"))
    assert _statements(app, seed)[0][0] == "changes_requested"
    login(client, WRITER)
    client.post(_url(seed, "/parts/introduction"), data={"text": "Represented by IPSEA.", "save": "Save"})
    with app.app_context():
        comment_id = db.session.scalar(select(ReviewComment.id))
    client.post(_url(seed, f"/comments/{comment_id}"), data={"answer": "Named.", "resolve": "y"})
    client.post(_url(seed, "/submit"))
    login(client, REVIEWER)
    client.post(_url(seed, "/approve"))
    [(state, versions, _, parts)] = _statements(app, seed)
    assert state == "approved"
    actions = _audit_actions(app, seed)
    assert actions.count("sent statement to legal") == 2 and "requested statement changes" in actions
    assert "approved statement" in actions
    login(client, WRITER)
    client.post(_url(seed, "/parts/introduction"), data={"text": "After approval", "save": "Save"})
    assert _statements(app, seed)[0][1:] == (versions, None, parts)  # locked
    assert "approved and locked" in page(client, _url(seed)).text


def test_reviewer_cannot_approve_a_draft_and_writer_cannot_approve_at_all(client, login, app, seed):
    _start(client, login, seed)
    assert client.post(_url(seed, "/approve")).status_code == 403
    login(client, REVIEWER)
    client.post(_url(seed, "/approve"))
    assert _statements(app, seed)[0][0] == "draft"
    assert "cannot be approved now" in page(client, _url(seed)).text


def test_new_draft_starts_from_the_approved_statement(client, login, app, seed, ready):
    _start(client, login, seed)
    ready()
    client.post(_url(seed, "/parts/conclusion"), data={"text": "Dismiss the appeal.", "save": "Save"})
    client.post(_url(seed, "/submit"))
    login(client, REVIEWER)
    client.post(_url(seed, "/approve"))
    login(client, WRITER)
    client.post(_url(seed, "/start"))
    approved, draft = _statements(app, seed)
    assert approved[0] == "approved" and draft[0] == "draft"
    assert draft[3] == approved[3] and draft[2] is not None
    client.post(_url(seed, "/parts/conclusion"), data={"text": "Dismiss the appeal in full.", "save": "Save"})
    assert _statements(app, seed)[0][3]["conclusion"] == "Dismiss the appeal."


def test_writer_answers_and_resolves_a_comment(client, login, app, seed):
    _start(client, login, seed)
    client.post(_url(seed, "/submit"))
    login(client, REVIEWER)
    client.post(_url(seed, "/comments"), data={"part": "decision", "body": "Give the date of the letter."})
    with app.app_context():
        comment = db.session.scalars(select(StatementOfCase)).one().comments[0]
        comment_id, key = comment.id, comment.part_key
    assert key == "decision"
    assert client.post(_url(seed, f"/comments/{comment_id}"), data={"answer": "Done"}).status_code == 403
    login(client, WRITER)
    client.post(_url(seed, f"/comments/{comment_id}"), data={"answer": "Added the date.", "resolve": "y"})
    shown = page(client, _url(seed))
    assert "Added the date." in shown.text and "(resolved)" in shown.text


def test_word_download_is_audited_and_has_numbered_paragraphs(client, login, app, seed, documents):
    _start(client, login, seed)
    response = client.get(_url(seed, "/download/docx"))
    assert response.status_code == 200
    assert re.search(r"statement-of-case-EH123-25-00001-v1\.docx", response.headers["Content-Disposition"])
    document = docx.Document(io.BytesIO(response.data))
    assert any(p.style.name == "Numbered Paragraph" for p in document.paragraphs)
    assert "downloaded statement" in _audit_actions(app, seed)


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice is not installed: apt-get install libreoffice-writer-nogui")
def test_pdf_download_is_made_from_the_word_document(client, login, app, seed):
    from pypdf import PdfReader
    _start(client, login, seed)
    response = client.get(_url(seed, "/download/pdf"))
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "EH123/25/00001" in text and "Legal framework" in text


def test_export_command_writes_the_latest_statement(client, login, app, seed, runner, tmp_path):
    _start(client, login, seed)
    output = tmp_path / "statement.docx"
    result = runner.invoke(statement_cli, ["export", "EH 123/25/00001", "--format", "docx", "-o", str(output)])
    assert result.exit_code == 0, result.output
    texts = [p.text for p in docx.Document(str(output)).paragraphs]
    assert "Tribunal reference: EH123/25/00001" in texts
    assert "exported statement" in _audit_actions(app, seed)
    missing = runner.invoke(statement_cli, ["export", "EH123/25/00002", "-o", str(output)])
    assert missing.exit_code != 0 and "has no statement of case yet" in missing.output


def test_administrator_template_is_checked_and_used_for_new_drafts(client, login, app, seed):
    login(client, Role.administrator)
    bad = client.post("/admin/statement-template", data={"source": "{% block intro %}x{% endblock %}", "save": "1"})
    assert "Use only: heading" in checked(bad).text
    good = "{% block introduction %}Custom introduction for {{ child_name }}.{% endblock %}"
    assert client.post("/admin/statement-template", data={"source": good, "save": "1"}).status_code == 302
    _start(client, login, seed)
    assert _statements(app, seed)[0][3]["introduction"] == "Custom introduction for Child of North.\n"
    with app.app_context():
        assert db.session.scalars(select(StatementTemplateOverride)).one().source == good


def test_approved_statement_is_flagged_when_a_newer_bundle_moves_its_pages(client, login, app, seed, documents,
                                                                           ready):
    ep = documents["EP advice"]
    titles = {v: k for k, v in documents.items()}
    with app.app_context():
        add_bundle_version(seed.own_case_id, 1, {ep: (45, 53)}, titles)
    _start(client, login, seed)
    client.post(_url(seed, "/parts/response"), data={"text": f"See [[doc:{ep}]].", "save": "Save"})
    ready()
    client.post(_url(seed, "/submit"))
    login(client, REVIEWER)
    client.post(_url(seed, "/approve"))
    assert "needs attention" not in page(client, _url(seed)).text
    with app.app_context():
        add_bundle_version(seed.own_case_id, 2, {ep: (60, 68)}, titles)
    shown = page(client, _url(seed))
    assert "EP advice, 2 June 2025 [pp. 45\u201353]" in shown.text
    assert "Page numbers come from bundle version 1, not the latest (version 2)" in shown.text


def test_parts_still_holding_template_instructions_are_listed_until_replaced(client, login, app, seed):
    _start(client, login, seed)
    listed = page(client, _url(seed)).select("ul#unfinished-parts a")
    assert "#part-childs_views" in [link["href"] for link in listed]
    client.post(_url(seed, "/parts/childs_views"),
                data={"text": "Sam told the EP [[doc:1]] that they want to stay at Oak School.", "save": "Save"})
    listed = page(client, _url(seed)).select("ul#unfinished-parts a")
    assert "#part-childs_views" not in [link["href"] for link in listed]
