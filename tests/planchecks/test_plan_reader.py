"""Reading a plan: sections from "Section X" headings, paragraphs counted from 1, provision tables as rows."""
import zipfile
from decimal import Decimal

import pytest
from docx import Document

from bundler.plan_checks.plan import ProvisionRow
from bundler.plan_checks.reader import PlanReadError, read_plan


def test_a_text_plan_opens_a_section_at_each_section_line_and_skips_blank_lines(text_plan):
    plan = read_plan(text_plan)
    assert [section.code for section in plan.sections] == ["B", "E", "F", "G"]
    assert plan.preamble == ["EHC plan for Sam, who is currently in Year 10"]
    b = plan.section("B").paragraphs()
    assert b[0] == "Communication and interaction" and len(b) == 5
    assert plan.section("F").paragraphs()[2].startswith("Up to 10 hours")


def test_a_word_plan_takes_sections_from_headings_and_rows_from_the_f_table(docx_plan):
    plan = read_plan(docx_plan)
    assert [section.code for section in plan.sections] == ["B", "F", "I"]
    items = plan.section("F").items
    assert items[0] == "Ella would benefit from pre-teaching of topic vocabulary."   # the empty paragraph skipped
    phonics, reading = items[1], items[2]
    assert isinstance(phonics, ProvisionRow) and isinstance(reading, ProvisionRow)
    assert phonics.what == "Fresh Start phonics, 1:1" and phonics.frequency == "four times a week"
    assert phonics.who == "Level 3 TA trained in Fresh Start" and phonics.duration == "20 minutes"
    assert phonics.monitored_by == "SENCo, half-termly" and phonics.cost_per_year == Decimal(2400)
    assert reading.frequency == "" and reading.cost_per_year is None


def test_section_codes_h1_and_h2_are_kept_apart(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("Section H1\nSocial care one.\nSECTION H2 - other social care\nSocial care two.\n")
    plan = read_plan(path)
    assert [(s.code, s.paragraphs()) for s in plan.sections] == [("H1", ["Social care one."]),
                                                                 ("H2", ["Social care two."])]


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name, data, says", [
    ("empty.txt", b"", "empty"),
    ("blank.docx", b"  \n", "empty"),
    ("plan.docx", b"%PDF-1.7 not a word file", "not a Word .docx"),
    ("plan.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le"),
     "password-protected"),
    ("plan.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old Word .doc"),
    ("plan.txt", b"Section F\n\x00\x01\x02", "binary"),
    ("plan.pdf", b"%PDF-1.7", "not a .docx or .txt"),
    ("plan.txt", b"Some notes with no headings at all.\n", "no section headings"),
])
def test_a_file_that_cannot_be_read_says_what_failed(tmp_path, name, data, says):
    with pytest.raises(PlanReadError, match=says) as error:
        read_plan(_write(tmp_path, name, data))
    assert name in str(error.value)


def test_a_damaged_word_package_is_reported_not_raised(tmp_path):
    path = tmp_path / "damaged.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(PlanReadError, match="damaged.docx"):
        read_plan(path)


def test_a_truncated_word_file_is_reported(tmp_path, docx_plan):
    path = _write(tmp_path, "cut.docx", docx_plan.read_bytes()[:2000])
    with pytest.raises(PlanReadError, match="cut.docx"):
        read_plan(path)


def test_a_word_file_with_no_text_is_reported(tmp_path):
    path = tmp_path / "nothing.docx"
    Document().save(path)
    with pytest.raises(PlanReadError, match="no text"):
        read_plan(path)


def test_a_windows_text_file_is_read(tmp_path):
    text = "Section F\r\nTom\u2019s 30 minutes daily with a trained TA.\r\n"
    path = _write(tmp_path, "plan.txt", text.encode("cp1252"))
    assert read_plan(path).section("F").paragraphs() == ["Tom\u2019s 30 minutes daily with a trained TA."]


def test_a_word_plans_headings_and_table_columns_are_read_as_an_officer_lays_them_out(tmp_path):
    document = Document()
    document.add_paragraph("Section F: Special educational provision", style="Title")
    long_line = "Section B of the plan describes the reading need; the provision below meets it in full. " * 2
    document.add_paragraph(long_line)  # starts "Section B" but is a sentence, not a heading
    table = document.add_table(rows=3, cols=5)
    header = ["Provision", "Delivered by", "Who monitors", "Needs met", "Cost"]
    rows = [["Precision teaching", "a TA", "the SENCo", "B-CL-01, B-CL-02", "£1,250.00"], ["Laptop", "", ""]]
    for row, values in zip(table.rows, [header, *rows], strict=True):
        for cell, value in zip(row.cells, values, strict=False):
            cell.text = value
    path = tmp_path / "plan.docx"
    document.save(path)
    plan = read_plan(path)
    assert [(section.code, section.heading) for section in plan.sections] == [
        ("F", "Section F: Special educational provision")]
    first, text, laptop = plan.section("F").items[0], *plan.section("F").items[1:]
    assert first == long_line.strip()
    assert text == ProvisionRow("Precision teaching", who="a TA", monitored_by="the SENCo",
                                needs=("B-CL-01", "B-CL-02"), cost_per_year=Decimal("1250.00"))
    assert laptop == ProvisionRow("Laptop")


def test_two_columns_for_one_field_are_joined_in_order(tmp_path):
    document = Document()
    document.add_heading("Section F: Special educational provision", level=1)
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(table.rows, [["Provision", "What it covers", "Delivered by"],
                                        ["Speech and language therapy", "in class", "an SLT"]], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    path = tmp_path / "plan.docx"
    document.save(path)
    (row,) = read_plan(path).section("F").items
    assert row == ProvisionRow("Speech and language therapy in class", who="an SLT")


def test_empty_or_equal_cells_side_by_side_stay_in_their_own_columns(tmp_path):
    document = Document()
    document.add_heading("Section F: Special educational provision", level=1)
    table = document.add_table(rows=3, cols=5)
    rows = [["Provision", "Delivered by", "Who monitors", "Needs met", "Cost"],
            ["Reading practice", "", "", "B-CL-01", "£10"],
            ["Merged across two columns", "", "", "", ""]]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    table.cell(2, 0).merge(table.cell(2, 1))  # one cell spanning Provision and Delivered by
    path = tmp_path / "plan.docx"
    document.save(path)
    reading, merged = read_plan(path).section("F").items
    assert reading == ProvisionRow("Reading practice", needs=("B-CL-01",), cost_per_year=Decimal(10))
    assert merged == ProvisionRow("Merged across two columns")  # its text in its first column, Provision
