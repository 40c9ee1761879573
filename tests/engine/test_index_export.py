"""The index exported as .csv and .docx: the rows the bundle prints, read back from the files themselves."""
import csv
import io
from datetime import date

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

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
