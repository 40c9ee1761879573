"""Benchmark: rendering a statement of case (.docx, PDF through LibreOffice) and fitting it into a bundle.

Run: .venv/bin/python benchmarks/statement_bench.py
A statement citing 40 documents is written as .docx and as PDF, then placed in the core section of a
40-document bundle with `fit_into_bundle` (each round plans the bundle and renders the PDF again).
Prints the median of a few runs for each step, and how many rounds the fitting took.
"""
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from timing import median_seconds

from bundler.drafting.facts import CitedDocument, StatementFacts
from bundler.drafting.output import (
    fit_into_bundle,
    page_count,
    write_blank_pdf,
    write_statement_docx,
    write_statement_pdf,
)
from bundler.drafting.references import ReferenceResolver, layout_from_report
from bundler.drafting.template import draft_parts
from bundler.engine.assemble import plan_bundle
from bundler.engine.manifest import CaseDetails, DocumentEntry, Manifest

DOCUMENTS, PAGES, RUNS = 40, 12, 3
SECTIONS = ["ehcp", "appellant_evidence", "la_evidence"]


def evidence(folder: Path) -> list[DocumentEntry]:
    entries = []
    for n in range(DOCUMENTS):
        path = folder / f"doc{n}.pdf"
        pdf = canvas.Canvas(str(path), pagesize=A4)
        for page in range(PAGES):
            pdf.drawString(72, 700, f"Document {n} page {page + 1}")
            pdf.showPage()
        pdf.save()
        entries.append(DocumentEntry(SECTIONS[n % 3], f"Document {n}", date(2025, 1, 1) + timedelta(days=n), path,
                                     str(n)))
    return entries


def main() -> None:
    if shutil.which("soffice") is None:
        sys.exit("LibreOffice is not installed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        entries = evidence(work)
        case = CaseDetails("EH936/25/00012", "Sam Taylor", "Alex Taylor", "Exampleshire County Council", "contents",
                           date(2026, 3, 4))
        facts = StatementFacts(reference=case.reference, child_name=case.child, appellant_name=case.appellant,
                               authority=case.authority, appeal_type="contents", appeal_type_label="Contents",
                               officer_name="Jo Smith", officer_title="Tribunal officer",
                               documents=tuple(CitedDocument(e.id, e.title, e.date) for e in entries))
        parts = draft_parts(facts)
        layout = layout_from_report(plan_bundle(Manifest(case, tuple(entries))))
        resolver = ReferenceResolver(layout)
        docx = median_seconds(lambda: write_statement_docx(parts, resolver, work / "s.docx", title="t"), RUNS)
        pdf = median_seconds(lambda: write_statement_pdf(parts, resolver, work / "s.pdf", title="t"), RUNS)
        print(f"docx: {docx:.2f} s")
        print(f"pdf:  {pdf:.2f} s "
              f"({page_count(work / 's.pdf')} pages)")
        rounds = []

        def plan(pages):
            statement = DocumentEntry("core", "Statement", date(2025, 9, 1), write_blank_pdf(work / "p.pdf", pages),
                                      "statement")
            return layout_from_report(plan_bundle(Manifest(case, tuple(entries) + (statement,))))

        def render(fit_layout):
            rounds.append(1)
            write_statement_pdf(parts, ReferenceResolver(fit_layout), work / "fit.pdf", title="t")
            return page_count(work / "fit.pdf")

        start = time.perf_counter()
        fit_into_bundle(plan, render)
        print(f"fit into a {DOCUMENTS * PAGES}-page bundle: {time.perf_counter() - start:.2f} s, {len(rounds)} renders")


if __name__ == "__main__":
    main()
