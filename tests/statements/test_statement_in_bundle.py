"""The approved statement goes into the core section of the next bundle build, citing that build's pages."""
import io
import re
import shutil
from datetime import date

import pytest
from pypdf import PdfReader

from bundler import jobs
from bundler.engine.assemble import build_bundle
from bundler.extensions import db
from bundler.models import Case, Role, User
from bundler.models.bundles import BundleVersion
from bundler.models.evidence import Document, Party
from bundler.models.jobs import JobState
from bundler.services import bundles
from bundler.services.bundles import evidence_manifest
from bundler.services.evidence import evidence_store
from bundler.services.statements import workflow
from bundler.services.statements.bundling import STATEMENT_TITLE, with_approved_statement

from ..helpers import pdf_bytes
from .conftest import make_ready

pytestmark = [pytest.mark.skipif(shutil.which("soffice") is None,
                                 reason="LibreOffice is not installed: apt-get install libreoffice-writer-nogui"),
              pytest.mark.slow]

EVIDENCE = (("Decision letter", date(2025, 6, 2), "core", 2), ("EP advice", date(2025, 6, 20), "la_evidence", 5),
            ("Annual review", date(2025, 3, 14), "ehcp", 3))


def _add_evidence(case: Case) -> dict[str, int]:
    ids = {}
    for title, when, section, pages in EVIDENCE:
        stored = evidence_store().put(io.BytesIO(pdf_bytes(pages, title)))
        document = Document(case_id=case.id, title=title, document_date=when, section=section,
                            party=Party.local_authority, original_filename=f"{title}.pdf",
                            original_sha256=stored.sha256, size=stored.size, pdf_sha256=stored.sha256,
                            page_count=pages)
        db.session.add(document)
        db.session.flush()
        ids[title] = document.id
    return ids


def _approve(case: Case, text: str, writer: User, reviewer: User) -> None:
    statement = workflow.start_draft(case, writer)
    workflow.save_part(statement, "response", text, writer)
    make_ready(statement, writer)
    workflow.transition(statement, "submit", writer)
    workflow.transition(statement, "approve", reviewer)
    db.session.commit()


def _page_text(reader: PdfReader, page: int) -> str:
    return reader.pages[page - 1].extract_text()


def test_approved_statement_is_in_the_core_section_with_this_builds_pages(app, seed, tmp_path):
    with app.test_request_context():
        case = db.session.get(Case, seed.own_case_id)
        writer, reviewer = (db.session.get(User, seed.user_ids[role])
                            for role in (Role.tribunal_officer, Role.legal_reviewer))
        ids = _add_evidence(case)
        unapproved = with_approved_statement(case, evidence_manifest(case), tmp_path)
        assert not any(entry.id.startswith("statement-") for entry in unapproved.documents)
        _approve(case, f"The psychologist [[doc:{ids['EP advice']}]] and the review [[doc:{ids['Annual review']}]].",
                 writer, reviewer)
        manifest = with_approved_statement(case, evidence_manifest(case), tmp_path)
        bundle = tmp_path / "bundle.pdf"
        report = build_bundle(manifest, bundle)
    core = next(section for section in report.sections if section.key == "core")
    statement = next(doc for doc in core.documents if doc.title == STATEMENT_TITLE)
    reader = PdfReader(bundle)
    assert "RESPONSE OF THE LOCAL AUTHORITY" in _page_text(reader, statement.first_page)
    statement_text = " ".join(_page_text(reader, page) for page in range(statement.first_page, statement.last_page + 1))
    for title, pages in (("EP advice", 5), ("Annual review", 3)):
        match = re.search(re.escape(title) + r", [^\[]+\[pp\. (\d+)\u2013(\d+)\]", " ".join(statement_text.split()))
        assert match, f"{title} is not cited in the bundled statement"
        first, last = int(match.group(1)), int(match.group(2))
        assert last - first + 1 == pages
        assert f"{title} page 1" in _page_text(reader, first)
        assert f"{title} page {pages}" in _page_text(reader, last)


def test_a_build_from_the_case_renders_the_statement_in_the_job_not_the_request(app, seed):
    with app.test_request_context():
        case = db.session.get(Case, seed.own_case_id)
        writer, reviewer = (db.session.get(User, seed.user_ids[role])
                            for role in (Role.tribunal_officer, Role.legal_reviewer))
        ids = _add_evidence(case)
        _approve(case, f"See [[doc:{ids['EP advice']}]].", writer, reviewer)
        version = bundles.start_build(case, writer, date(2026, 1, 6))
        queued_titles = [row.title for row in version.documents]
        finished = jobs.wait(version.job_id, timeout=120)
        db.session.expire_all()
        version = db.session.get(BundleVersion, version.id)
        assert finished.state == JobState.done, finished.error
        built_titles = [row.title for row in version.documents]
        statement_row = next(row for row in version.documents if row.title == STATEMENT_TITLE)
        reader = PdfReader(bundles.bundle_path(version))
    assert STATEMENT_TITLE not in queued_titles
    assert STATEMENT_TITLE in built_titles
    assert "RESPONSE OF THE LOCAL AUTHORITY" in _page_text(reader, statement_row.first_page)


def _words(text: str, stamp: int | None = None) -> list[str]:
    """The words of a page, without the page number the bundle stamps on it."""
    words = text.split()
    if stamp is not None:
        words.remove(str(stamp))
    return words


def test_filed_response_is_frozen_and_the_bundle_holds_exactly_what_was_filed(app, seed, tmp_path):
    from bundler.services.statements.bundling import ANNOTATED
    from bundler.services.statements.rendering import filed_pdf, render_file, sha256_of

    with app.test_request_context():
        case = db.session.get(Case, seed.own_case_id)
        writer, reviewer = (db.session.get(User, seed.user_ids[role])
                            for role in (Role.tribunal_officer, Role.legal_reviewer))
        ids = _add_evidence(case)
        _approve(case, f"The psychologist's report, the EP advice [[doc:{ids['EP advice']}]], is clear.",
                 writer, reviewer)
        statement = workflow.approved_statement(case)
        workflow.record_filed(statement, date(2025, 10, 6), writer)
        db.session.commit()
        assert statement.filed_on == date(2025, 10, 6) and len(statement.filed_sha256) == 64
        standalone = tmp_path / "standalone.pdf"
        render_file(statement, "pdf", standalone)  # the export of an approved, filed statement
        assert sha256_of(standalone) == statement.filed_sha256 == sha256_of(filed_pdf(statement))
        manifest = with_approved_statement(case, evidence_manifest(case), tmp_path)
        report = build_bundle(manifest, tmp_path / "bundle.pdf")
    core = next(section for section in report.sections if section.key == "core")
    filed = next(doc for doc in core.documents if "as filed on 6 October 2025" in doc.title)
    annotated = next(doc for doc in core.documents if ANNOTATED in doc.title)
    reader = PdfReader(tmp_path / "bundle.pdf")
    alone = [page.extract_text() for page in PdfReader(standalone).pages]
    assert filed.page_count == len(alone)
    for n, text in enumerate(alone):  # the same words, page by page, in the bundle and on its own
        assert _words(_page_text(reader, filed.first_page + n), filed.first_page + n) == _words(text)
    alone_text = " ".join(" ".join(alone).split())
    assert "the EP advice (20 June 2025), is clear" in alone_text  # the document is named once
    assert "[pp." not in alone_text  # the filed text carries no bundle pages
    # The annotated copy says so, gives the bundle pages, and links each reference to the page it cites.
    assert "COPY ANNOTATED WITH BUNDLE PAGE REFERENCES" in " ".join(_page_text(reader, annotated.first_page).split())
    copy = " ".join(" ".join(_page_text(reader, page) for page in range(annotated.first_page,
                                                                          annotated.last_page + 1)).split())
    evidence = {doc.title: doc for section in report.sections for doc in section.documents
                if doc.title in {title for title, *_ in EVIDENCE}}
    ep = evidence["EP advice"]
    assert f"the EP advice [pp. {ep.first_page}\u2013{ep.last_page}], is clear" in copy  # named once
    targets = []
    for page in range(annotated.first_page, annotated.last_page + 1):
        for annot in reader.pages[page - 1].get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Dest"):
                targets.append(reader.get_page_number(annot["/Dest"][0].get_object()) + 1)
    # The response's reference and the chronology's three documents, each linked to the first page it cites.
    assert sorted(targets) == sorted([ep.first_page] + [doc.first_page for doc in evidence.values()])
