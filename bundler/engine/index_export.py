"""A built bundle's index as a spreadsheet (.csv) or a Word document (.docx): the same rows, tabs, titles, dates
and pages the bundle prints, for a covering letter, a list of documents or the other side."""
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..dates import index_date
from ..spreadsheets import csv_text
from .front_matter import IndexRow, page_range
from .manifest import CaseDetails

CSV_HEADINGS = ("Section", "Tab", "Title", "Date", "First page", "Last page")


def index_csv(rows: Sequence[IndexRow]) -> str:
    """One line per document, with its section beside it (section rows become that column); ISO dates sort."""
    lines, section = [], ""
    for row in rows:
        if row.is_section:
            section = row.title
            continue
        lines.append([section, row.tab, row.title, row.date.isoformat() if row.date else "", row.first or "",
                      row.last or ""])
    return csv_text(CSV_HEADINGS, lines)


def index_docx(rows: Sequence[IndexRow], case: CaseDetails, bundle_date: date, output: Path) -> None:
    """A ruled table (tab, title, date, pages right-aligned), section rows in bold across the table, with the
    case reference, parties and hearing date above it."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    document.add_heading(f"Index to the hearing bundle: {case.reference}", level=1)
    for line in (f"{case.appellant} v {case.authority}", f"Child: {case.child}",
                 f"Hearing date: {index_date(case.hearing_date)}" if case.hearing_date else "",
                 f"Bundle dated {index_date(bundle_date)}"):
        if line:
            document.add_paragraph(line)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, heading in zip(table.rows[0].cells, ("Tab", "Document", "Date", "Page"), strict=True):
        _write(cell, heading, bold=True, right=heading == "Page")
    _repeat_as_header(table.rows[0])
    for row in rows:
        cells = table.add_row().cells
        if row.is_section:
            merged = cells[0].merge(cells[2])
            _write(merged, row.title, bold=True)
            _write(cells[3], page_range(row.first, row.last) if row.first else "", bold=True, right=True)
            continue
        _write(cells[0], row.tab)
        _write(cells[1], row.title)
        _write(cells[2], index_date(row.date) if row.date else "")
        _write(cells[3], page_range(row.first, row.last), right=True)
    for row in table.rows:
        for cell, width in zip(row.cells, (Mm(14), Mm(102), Mm(30), Mm(24)), strict=True):
            cell.width = width
    document.core_properties.title = f"Index: {case.reference}"
    partial = output.with_name(output.name + ".partial")
    document.save(partial)
    partial.replace(output)


def _write(cell, text: str, *, bold: bool = False, right: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(10)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _repeat_as_header(row) -> None:
    """The heading row repeats at the top of each printed page."""
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)
