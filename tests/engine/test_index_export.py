"""The index exported as .csv and .docx: the rows the bundle prints, read back from the files themselves."""
import csv
import io
from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from bundler.engine.front_matter import IndexRow
from bundler.engine.index_export import index_csv, index_docx
from bundler.engine.manifest import CaseDetails

ROWS = [IndexRow("", "A. Appeal documents", None, 2, 5, is_section=True),
        IndexRow("A1", "Decision letter", date(2025, 6, 2), 2, 3),
        IndexRow("A2", "=HYPERLINK(\"http://x\") notes", date(2025, 7, 1), 4, 5),
        IndexRow("", "B. Local authority evidence", None, 6, 6, is_section=True),
        IndexRow("B1", "EP advice", date(2025, 10, 1), 6, 6)]
CASE = CaseDetails(reference="EH123/25/00001", child="Sam Example", appellant="A Parent",
                   authority="Demo Borough Council", appeal_type="contents", hearing_date=date(2026, 2, 10))


def test_csv_has_a_line_per_document_with_its_section_and_pages():
    lines = list(csv.reader(io.StringIO(index_csv(ROWS))))
    assert lines == [
        ["Section", "Tab", "Title", "Date", "First page", "Last page"],
        ["A. Appeal documents", "A1", "Decision letter", "2025-06-02", "2", "3"],
        ["A. Appeal documents", "A2", "'=HYPERLINK(\"http://x\") notes", "2025-07-01", "4", "5"],
        ["B. Local authority evidence", "B1", "EP advice", "2025-10-01", "6", "6"]]


def test_docx_is_a_ruled_table_under_the_case_details(tmp_path):
    output = tmp_path / "index.docx"
    index_docx(ROWS, CASE, date(2026, 1, 5), output)
    document = Document(output)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "EH123/25/00001" in text and "A Parent v Demo Borough Council" in text
    assert "Hearing date: 10 Feb 2026" in text and "Bundle dated 5 Jan 2026" in text
    [table] = document.tables
    assert table.style.name == "Table Grid"
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[0] == ["Tab", "Document", "Date", "Page"]
    assert cells[1] == ["A. Appeal documents"] * 3 + ["2–5"]  # merged across, pages at the end
    assert cells[2] == ["A1", "Decision letter", "2 Jun 2025", "2–3"]
    assert cells[5] == ["B1", "EP advice", "1 Oct 2025", "6"]
    assert table.rows[1].cells[0].paragraphs[0].runs[0].bold
    assert table.rows[2].cells[3].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")  # repeats on each printed page
    assert not list(tmp_path.glob("*.partial"))


def close_to(length, expected):
    """Word stores lengths in twentieths of a point: read back they are within a hundredth of a millimetre."""
    return abs(length - expected) < Mm(0.05)


def test_csv_leaves_a_missing_date_or_page_blank_and_a_document_before_any_section_unlabelled():
    rows = [IndexRow("1", "Loose letter", None, None, None),
            IndexRow("", "A. Empty section", None, None, None, is_section=True),
            IndexRow("A1", "Undated note", None, 3, 4)]
    assert list(csv.reader(io.StringIO(index_csv(rows))))[1:] == [
        ["", "1", "Loose letter", "", "", ""], ["A. Empty section", "A1", "Undated note", "", "3", "4"]]


def test_docx_page_heading_and_lines_above_the_table(tmp_path):
    output = tmp_path / "index.docx"
    index_docx(ROWS, CASE, date(2026, 1, 5), output)
    document = Document(output)
    section = document.sections[0]
    assert close_to(section.page_width, Mm(210)) and close_to(section.page_height, Mm(297))
    assert close_to(section.left_margin, Mm(20)) and close_to(section.right_margin, Mm(20))
    assert [(p.text, p.style.name) for p in document.paragraphs] == [
        ("Index to the hearing bundle: EH123/25/00001", "Heading 1"), ("A Parent v Demo Borough Council", "Normal"),
        ("Child: Sam Example", "Normal"), ("Hearing date: 10 Feb 2026", "Normal"),
        ("Bundle dated 5 Jan 2026", "Normal")]
    assert document.core_properties.title == "Index: EH123/25/00001"
    assert [p.name for p in tmp_path.iterdir()] == ["index.docx"]


def test_docx_without_a_hearing_date_has_no_hearing_date_line(tmp_path):
    case = CaseDetails(**{**CASE.__dict__, "hearing_date": None})
    index_docx(ROWS, case, date(2026, 1, 5), tmp_path / "index.docx")
    assert [p.text for p in Document(tmp_path / "index.docx").paragraphs][1:] == [
        "A Parent v Demo Borough Council", "Child: Sam Example", "Bundle dated 5 Jan 2026"]


def test_docx_table_cells_are_bold_right_aligned_10_pt_and_sized_as_the_columns(tmp_path):
    rows = ROWS + [IndexRow("", "C. Empty", None, None, None, is_section=True),
                   IndexRow("C1", "Undated note", None, 7, 7)]
    index_docx(rows, CASE, date(2026, 1, 5), tmp_path / "index.docx")
    [table] = Document(tmp_path / "index.docx").tables
    assert table.alignment == WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]._tr.trPr.xpath("./w:tblHeader")
    assert [marker.get(qn("w:val")) for marker in header] == ["true"]
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[6:] == [["C. Empty"] * 3 + [""], ["C1", "Undated note", "", "7"]]
    section_rows, heading = {1, 4, 6}, 0
    for number, row in enumerate(table.rows):
        bold = number == heading or number in section_rows
        for column, (cell, width) in enumerate(zip(row.cells, (14, 102, 30, 24), strict=True)):
            paragraph = cell.paragraphs[0]
            assert close_to(cell.width, Mm(width)) or number in section_rows and column < 3, (number, column)
            assert paragraph.alignment == (WD_ALIGN_PARAGRAPH.RIGHT if column == 3 else None), (number, column)
            for run in paragraph.runs:
                assert run.font.size == Pt(10) and bool(run.bold) is bold, (number, column, run.text)
    assert table.rows[1]._tr.tc_lst[0].grid_span == 3  # the section title runs across tab, title and date
