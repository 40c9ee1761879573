"""The statement PDF, made from the .docx by LibreOffice, cites the pages of a bundle the engine really built."""
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from bundler.drafting.output import fit_into_bundle, pad_pdf, page_count, write_blank_pdf, write_statement_pdf
from bundler.drafting.references import ReferenceResolver, layout_from_report
from bundler.drafting.template import draft_parts
from bundler.engine.assemble import build_bundle, plan_bundle
from bundler.engine.manifest import CaseDetails, DocumentEntry, Manifest

pytestmark = [
    pytest.mark.skipif(shutil.which("soffice") is None,
                       reason="LibreOffice is not installed: apt-get install libreoffice-writer-nogui"),
    pytest.mark.slow,
]

EVIDENCE = [  # section, title, date, id, pages
    ("core", "Decision letter", date(2025, 5, 1), "3", 2),
    ("ehcp", "Final EHC plan", date(2025, 4, 10), "5", 6),
    ("la_evidence", "Annual review report", date(2025, 3, 14), "7", 3),
    ("la_evidence", "EP advice", date(2025, 6, 2), "42", 4),
]


def _evidence_pdf(path: Path, title: str, pages: int) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number in range(1, pages + 1):
        pdf.drawString(72, 700, f"{title} page {number}")
        pdf.showPage()
    pdf.save()
    return path


@pytest.fixture
def evidence(tmp_path):
    return [DocumentEntry(section, title, when, _evidence_pdf(tmp_path / f"doc{key}.pdf", title, pages), key)
            for section, title, when, key, pages in EVIDENCE]


def _manifest(documents):
    case = CaseDetails("EH936/25/00012", "Sam Taylor", "Alex Taylor", "Exampleshire County Council", "contents",
                       date(2025, 11, 20))
    return Manifest(case, tuple(documents))


def _parts(facts):
    parts = draft_parts(facts)
    parts["response"] = "The psychologist's advice [[doc:42]] supports the plan [[doc:5]]; see also [[doc:99]]."
    return parts


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _cited_pages(text: str, title: str) -> tuple[int, int]:
    match = re.search(re.escape(title) + r", [^\[]+\[pp?\. (\d+)(?:\u2013(\d+))?\]", " ".join(text.split()))
    assert match, f"no reference to {title} in the statement"
    return int(match.group(1)), int(match.group(2) or match.group(1))


def _bundle_page_text(bundle: Path, page: int) -> str:
    return PdfReader(bundle).pages[page - 1].extract_text()


def test_statement_pdf_cites_the_pages_of_the_built_bundle(facts, evidence, tmp_path):
    bundle = tmp_path / "bundle.pdf"
    report = build_bundle(_manifest(evidence), bundle)
    statement = tmp_path / "statement.pdf"
    result = write_statement_pdf(_parts(facts), ReferenceResolver(layout_from_report(report, 1)), statement,
                                 title="Statement")
    text = _pdf_text(statement)
    assert "EH936/25/00012" in text and "Legal framework" in text
    for title, pages in (("EP advice", 4), ("Final EHC plan", 6)):
        first, last = _cited_pages(text, title)
        assert last - first + 1 == pages
        assert f"{title} page 1" in _bundle_page_text(bundle, first)
        assert f"{title} page {pages}" in _bundle_page_text(bundle, last)
    assert "Document 99 [not in the bundle]" in " ".join(text.split())
    assert [ref.key for ref in result.flagged] == ["99"]


def test_statement_inside_the_bundle_cites_pages_that_allow_for_its_own_length(facts, evidence, tmp_path):
    statement = tmp_path / "statement.pdf"
    placeholder = tmp_path / "placeholder.pdf"

    def with_statement(pages_or_file):
        file = pages_or_file if isinstance(pages_or_file, Path) else write_blank_pdf(placeholder, pages_or_file)
        entry = DocumentEntry("core", "Local authority's response", date(2025, 8, 12), file, "statement")
        return _manifest([*evidence, entry])

    def render(layout):
        write_statement_pdf(_parts(facts), ReferenceResolver(layout), statement, title="Statement")
        return page_count(statement)

    layout, pages = fit_into_bundle(lambda pages: layout_from_report(plan_bundle(with_statement(pages))), render)
    pad_pdf(statement, pages)
    bundle = tmp_path / "bundle.pdf"
    report = build_bundle(with_statement(statement), bundle)
    assert layout_from_report(report) == layout
    assert page_count(statement) == pages > 1  # the statement is longer than the first guess of one page
    first, _ = _cited_pages(_pdf_text(statement), "EP advice")
    assert "EP advice page 1" in _bundle_page_text(bundle, first)
