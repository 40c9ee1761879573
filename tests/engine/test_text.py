"""The text of each page for search: poppler's reading order when pdftotext is there, else pypdf's."""
import pikepdf
from pikepdf import Array, Dictionary, Name

from bundler.engine import text
from bundler.engine.text import page_texts

from .conftest import text_pdf


def drawn_pdf(path, *contents):
    """Pages with the given content streams, Helvetica as /F1."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    for content in contents:
        pdf.pages.append(pikepdf.Page(Dictionary(Type=Name.Page, MediaBox=Array([0, 0, 595, 842]),
                                                 Resources=Dictionary(Font=Dictionary(F1=font)),
                                                 Contents=pdf.make_stream(content.encode()))))
    pdf.save(path)
    return path


# "Below" is drawn first but sits lower on the page: poppler reads top to bottom, pypdf in drawing order.
LOWER_FIRST = "BT /F1 11 Tf 100 400 Td (Below) Tj ET BT /F1 11 Tf 100 700 Td (Above   the   line) Tj ET"


def test_each_page_gives_one_string_with_its_spacing_collapsed_and_a_blank_page_gives_nothing(tmp_path):
    path = drawn_pdf(tmp_path / "p.pdf", LOWER_FIRST, "", "BT /F1 11 Tf 100 400 Td (Last page) Tj ET")
    assert page_texts(path) == ["Above the line Below", "", "Last page"]


def test_without_pdftotext_pypdf_reads_each_page_in_drawing_order(tmp_path, monkeypatch):
    path = drawn_pdf(tmp_path / "p.pdf", LOWER_FIRST, "")
    monkeypatch.setenv("PATH", str(tmp_path))  # no pdftotext here
    assert page_texts(path) == ["Below Above the line", ""]


def test_a_many_page_file_gives_every_page_in_order(tmp_path):
    path = text_pdf(tmp_path / "long.pdf", 12, "Report")
    assert page_texts(path) == [f"Report page {n}" for n in range(1, 13)]


def test_when_pdftotext_does_not_finish_in_time_pypdf_reads_the_file(tmp_path, monkeypatch):
    path = drawn_pdf(tmp_path / "p.pdf", LOWER_FIRST)
    monkeypatch.setattr(text, "TIMEOUT", 1e-6)  # no process starts, let alone reads a file, in a microsecond
    assert page_texts(path) == ["Below Above the line"]
