"""A document's own date: read from its first page (a labelled or letter date, never a date of birth or a future
date), else from the file's details (PDF /CreationDate or XMP, a Word file's created property), else none."""
import re
import zipfile
from datetime import date, datetime

import pikepdf
import pytest
from docx import Document as WordDocument
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from bundler.engine import document_date
from bundler.engine.document_date import (
    FROM_DETAILS,
    FROM_TEXT,
    SOURCES,
    FoundDate,
    date_in_details,
    date_in_text,
    first_page_text,
    read_date,
)

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


@pytest.mark.parametrize("text, expected", [
    ("Date: 1 January 1900", date(1900, 1, 1)),
    ("Date: 31 December 1899", None),
    ("Date: 27 March 2026", TODAY),
    ("Date: 28 March 2026", None),
    ("Letter\n1 MARCH 2025", date(2025, 3, 1)),
    ("Letter\n2 sep 2025", date(2025, 9, 2)),
    ("Letter\nFeb. 4 2025", date(2025, 2, 4)),
    ("Letter\n5 / 6 / 2025", date(2025, 6, 5)),
    ("Letter\n31/04/2025", None),
    ("Letter\n2025-02-30", None),
    ("Letter\n7 Mayday 2025", None),
])
def test_a_date_is_taken_from_1900_to_today_and_only_if_it_exists(text, expected):
    assert date_in_text(text, TODAY) == expected


@pytest.mark.parametrize("line, expected", [(19, date(2025, 5, 5)), (20, None)])
def test_an_unlabelled_date_is_taken_only_in_the_first_20_lines(line, expected):
    text = "\n".join(["Incident log"] + [f"entry {n}" for n in range(1, line)] + ["Seen on 5 May 2025"])
    assert date_in_text(text, TODAY) == expected


def test_blank_lines_count_towards_the_top_lines():
    assert date_in_text("Incident log" + "\n" * 25 + "Seen on 5 May 2025", TODAY) is None


@pytest.mark.parametrize("label", ["Dated", "Date:", "date -", "Date of the report:", "Date of assessment",
                                   "Report date", "Letter date:", "Date of meeting"])
def test_a_labelled_date_far_down_the_page_is_taken(label):
    text = "\n".join(["Incident log", "Seen 1 May 2025"] + [f"entry {n}" for n in range(30)]
                     + [f"{label} 2 June 2025"])
    assert date_in_text(text, TODAY) == date(2025, 6, 2)


@pytest.mark.parametrize("text", ["Seen 1 May 2025\nUpdate: 3 May 2025", "Seen 1 May 2025\nDate given 3 May 2025"])
def test_a_word_ending_in_date_or_a_date_label_mid_line_is_not_a_label(text):
    assert date_in_text(text, TODAY) == date(2025, 5, 1)


@pytest.mark.parametrize("text", ["Seen 1 May 2025\nReport date\n\n  \n3 May 2025",
                                  "Seen 1 May 2025\nDate:   \t3 May 2025"])
def test_a_label_is_read_across_blank_lines_and_spaces(text):
    assert date_in_text(text, TODAY) == date(2025, 5, 3)


@pytest.mark.parametrize("text", ["Seen 1 May 2025\nReport date\nPupil\n3 May 2025"])
def test_a_label_two_lines_up_is_not_the_dates_label(text):
    assert date_in_text(text, TODAY) == date(2025, 5, 1)


def test_a_date_after_a_date_of_birth_on_the_same_line_is_read_with_only_the_words_between():
    assert date_in_text("DOB 01/05/2015, reviewed 02/06/2025", TODAY) == date(2025, 6, 2)
    assert date_in_text("Sam, DOB 01/05/2015 Date: 02/06/2025\nSeen 1 May 2025", TODAY) == date(2025, 6, 2)


@pytest.mark.parametrize("gap, expected", [(35, None), (36, date(2019, 6, 3))])
def test_a_birth_word_counts_only_within_40_characters_before_the_date(gap, expected):
    assert date_in_text("born " + "-" * gap + " 3 June 2019", TODAY) == expected


@pytest.mark.parametrize("birth", ["D.O.B.", "dob", "D.O.B", "Date of birth", "birth date", "Birthdate", "Born"])
def test_each_way_of_writing_a_date_of_birth_is_recognised(birth):
    assert date_in_text(f"Pupil {birth} 01/05/2015", TODAY) is None


def test_the_same_date_read_by_two_forms_is_one_date():
    assert date_in_text("Ref 2025-03-04-2024", TODAY) == date(2025, 3, 4)
    assert date_in_text("DOB 2015-03-04-2024", TODAY) is None  # not 3 April 2024 read out of the birth date


def test_only_the_first_pages_text_is_read(tmp_path):
    path = tmp_path / "two.pdf"
    drawing = canvas.Canvas(str(path), pagesize=A4)
    drawing.drawString(72, 760, "Covering note")
    drawing.showPage()
    drawing.drawString(72, 760, "Date: 3 March 2025")
    drawing.showPage()
    drawing.save()
    assert first_page_text(path).split() == ["Covering", "note"]
    assert first_page_text(tmp_path / "missing.pdf") == ""


def test_a_first_page_pdftotext_cannot_read_in_time_has_no_text(tmp_path, monkeypatch):
    path = lines_pdf(tmp_path / "letter.pdf", ["Date: 3 March 2025"])
    assert first_page_text(path).split() == ["Date:", "3", "March", "2025"]
    monkeypatch.setattr(document_date, "TIMEOUT", 1e-6)  # no process starts, let alone reads a file, in a microsecond
    assert first_page_text(path) == ""


def word_file(path, created):
    word = WordDocument()
    word.add_paragraph("Report")
    word.core_properties.created = created
    word.save(path)
    return path


def odt_file(path, meta):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("meta.xml", '<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
                                     'office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0">'
                                     f"<office:meta>{meta}</office:meta></office:document-meta>")
    return path


@pytest.mark.parametrize("make, kind, expected", [
    (lambda p: word_file(p, datetime(2025, 2, 14, 10, 0)), "docx", date(2025, 2, 14)),
    (lambda p: word_file(p, datetime(1899, 12, 31)), "docx", None),
    (lambda p: word_file(p, datetime(1900, 1, 1)), "docx", date(1900, 1, 1)),
    (lambda p: word_file(p, datetime(2026, 3, 27, 23, 0)), "docx", TODAY),
    (lambda p: word_file(p, datetime(2026, 3, 28)), "docx", None),
    (lambda p: odt_file(p, "<meta:creation-date>2024-05-06T10:00:00</meta:creation-date>"), "odt", date(2024, 5, 6)),
    (lambda p: odt_file(p, "<meta:generator>x</meta:generator>"), "odt", None),
    (lambda p: odt_file(p, "<meta:creation-date>May 2024</meta:creation-date>"), "odt", None),
    (lambda p: lines_pdf(p, ["x"], created="20250410"), "pdf", date(2025, 4, 10)),
    (lambda p: lines_pdf(p, ["x"], created="D:20251340"), "pdf", None),
    (lambda p: p.write_bytes(b"not a zip") and p, "docx", None),
    (lambda p: p.write_bytes(b"not a zip") and p, "odt", None),
    (lambda p: p.write_bytes(b"%PDF-1.4 nothing") and p, "pdf", None),
    (lambda p: odt_file(p, "<meta:creation-date>2024-05-06</meta:creation-date>"), "docx", None),
    (lambda p: word_file(p, datetime(2025, 2, 14)), "png", None),
])
def test_the_file_details_give_a_creation_date_from_1900_to_today(tmp_path, make, kind, expected):
    path = make(tmp_path / f"file.{kind}")
    assert date_in_details(path, kind, TODAY) == expected


def test_a_word_file_with_a_created_property_but_no_date_in_it_gives_none(tmp_path):
    path = tmp_path / "file.docx"
    with zipfile.ZipFile(word_file(tmp_path / "w.docx", datetime(2025, 1, 1))) as source, \
            zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"<dcterms:created[^>]*>[^<]*</dcterms:created>", b"", data)
            target.writestr(item, data)
    assert date_in_details(path, "docx", TODAY) is None


def test_a_date_on_the_converted_pdf_is_read_only_when_given_or_when_the_original_is_a_pdf(tmp_path):
    dated = lines_pdf(tmp_path / "dated.pdf", ["Date: 3 March 2025"], created="D:20250410")
    assert read_date(dated, "docx", TODAY) is None  # a .docx's own file is not read as a PDF
    undated = lines_pdf(tmp_path / "undated.pdf", ["No date"])
    word = word_file(tmp_path / "w.docx", datetime(2025, 2, 14))
    assert read_date(word, "docx", TODAY, undated) == FoundDate(date(2025, 2, 14), FROM_DETAILS)
    assert read_date(word, "docx", TODAY, dated) == FoundDate(date(2025, 3, 3), FROM_TEXT)


def test_the_sources_are_described_for_the_evidence_page():
    assert SOURCES == {"document": "read from the document", "details": "from the file's details"}
    assert (FROM_TEXT, FROM_DETAILS) == ("document", "details")
