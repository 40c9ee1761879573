"""A document's own date: read from its first page (a labelled or letter date, never a date of birth or a future
date), else from the file's details (PDF /CreationDate or XMP, a Word file's created property), else none."""
from datetime import date, datetime

import pikepdf
import pytest
from docx import Document as WordDocument
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from bundler.engine.document_date import FROM_DETAILS, FROM_TEXT, FoundDate, date_in_text, read_date

TODAY = date(2026, 3, 27)


def lines_pdf(path, lines, *, created: str | None = None):
    """A one-page PDF with `lines` of text from the top; its /CreationDate is `created` (or none at all)."""
    drawing = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for number, line in enumerate(lines):
        drawing.drawString(72, A4[1] - 72 - 16 * number, line)
    drawing.showPage()
    drawing.save()
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for key in list(pdf.docinfo.keys()):
            del pdf.docinfo[key]
        if created:
            pdf.docinfo["/CreationDate"] = created
        pdf.save(path)
    return path


@pytest.mark.parametrize("text, expected", [
    ("Riverside Primary School\n3 March 2025\nDear Ms Smith", date(2025, 3, 3)),
    ("Letter\n3rd March 2025", date(2025, 3, 3)),
    ("Report\n21st of Sept. 2024", date(2024, 9, 21)),
    ("Report\n03/03/2025", date(2025, 3, 3)),
    ("Report written 12.11.2025", date(2025, 11, 12)),
    ("Report\nMarch 3, 2025", date(2025, 3, 3)),
    ("Exported 2025-10-01", date(2025, 10, 1)),
])
def test_uk_date_forms_are_read_day_first(text, expected):
    assert date_in_text(text, TODAY) == expected


def test_a_labelled_date_wins_over_an_earlier_one():
    text = "Annual review of 4 July 2024\nName: Sam Smith\nDate: 9 January 2025"
    assert date_in_text(text, TODAY) == date(2025, 1, 9)


def test_a_date_of_birth_is_never_the_documents_date():
    assert date_in_text("Name: Sam Smith  DOB: 01/05/2015\nSchool: Riverside", TODAY) is None
    assert date_in_text("Date of birth: 1 May 2015\nDate: 2 June 2025", TODAY) == date(2025, 6, 2)
    assert date_in_text("Pupil\nD.O.B.\n01/05/2015\nReport date\n14/02/2025", TODAY) == date(2025, 2, 14)
    assert date_in_text("Born 1 May 2015, Sam joined in 3 June 2019", TODAY) == date(2019, 6, 3)


def test_a_future_date_a_month_alone_and_an_impossible_date_are_not_taken():
    assert date_in_text("Next review: 1 September 2026\nDate: 1 April 2026", TODAY) is None
    assert date_in_text("Attendance March 2025 and 2025-26", TODAY) is None
    assert date_in_text("Date: 31/02/2025", TODAY) is None


def test_a_date_far_down_the_page_without_a_label_is_not_taken():
    text = "\n".join(["Incident log"] + [f"line {n}" for n in range(30)] + ["Seen on 5 May 2025"])
    assert date_in_text(text, TODAY) is None


def test_the_first_pages_text_comes_before_the_pdf_details(tmp_path):
    pdf = lines_pdf(tmp_path / "letter.pdf", ["Riverside Primary", "Date: 3 March 2025"], created="D:20250410120000Z")
    assert read_date(pdf, "pdf", TODAY) == FoundDate(date(2025, 3, 3), FROM_TEXT)


def test_a_pdf_without_a_date_on_it_gives_its_creation_date(tmp_path):
    pdf = lines_pdf(tmp_path / "log.pdf", ["Behaviour log", "Pupil DOB 01/05/2015"], created="D:20250410120000+01'00'")
    assert read_date(pdf, "pdf", TODAY) == FoundDate(date(2025, 4, 10), FROM_DETAILS)


def test_a_pdf_with_only_an_xmp_create_date_gives_that(tmp_path):
    pdf = lines_pdf(tmp_path / "scan.pdf", ["Scan"])
    with pikepdf.open(pdf, allow_overwriting_input=True) as opened:
        with opened.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp["xmp:CreateDate"] = "2024-11-05T09:30:00Z"
        opened.save(pdf)
    assert read_date(pdf, "pdf", TODAY) == FoundDate(date(2024, 11, 5), FROM_DETAILS)


def test_a_pdf_with_no_date_anywhere_or_a_future_creation_date_gives_none(tmp_path):
    assert read_date(lines_pdf(tmp_path / "a.pdf", ["No date here"]), "pdf", TODAY) is None
    assert read_date(lines_pdf(tmp_path / "b.pdf", ["x"], created="D:20300101000000Z"), "pdf", TODAY) is None


def test_a_word_file_gives_its_created_property_then_its_converted_text(tmp_path):
    word = WordDocument()
    word.add_paragraph("Educational psychology report")
    word.core_properties.created = datetime(2025, 2, 14, 10, 0)
    word.save(tmp_path / "report.docx")
    assert read_date(tmp_path / "report.docx", "docx", TODAY) == FoundDate(date(2025, 2, 14), FROM_DETAILS)
    converted = lines_pdf(tmp_path / "converted.pdf", ["Educational psychology report", "Dated 20 January 2025"])
    assert read_date(tmp_path / "report.docx", "docx", TODAY, converted) == FoundDate(date(2025, 1, 20), FROM_TEXT)


def test_an_image_has_no_details_to_read(tmp_path):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    assert read_date(tmp_path / "photo.jpg", "jpeg", TODAY) is None
