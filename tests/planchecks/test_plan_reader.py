"""Reading a plan: sections from "Section X" headings, paragraphs counted from 1, provision tables as rows."""
import re
import zipfile
from decimal import Decimal

import pytest
from docx import Document
from docx.oxml.ns import qn

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
    assert plan.preamble == ["EHC plan for Ella, in Year 5"]
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
    assert [(s.code, s.heading, s.paragraphs()) for s in plan.sections] == [
        ("H1", "Section H1", ["Social care one."]), ("H2", "SECTION H2 - other social care", ["Social care two."])]


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name, data, says", [
    ("empty.txt", b"", "the file is empty"),
    ("blank.docx", b"  \n", "the file is empty"),
    ("plan.docx", b"%PDF-1.7 not a word file",
     "not a Word .docx file (it is not a .docx package); it may be damaged"),
    ("plan.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le"),
     "the document is password-protected; save an unprotected copy and try again"),
    ("plan.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
     "this is an old Word .doc file, not .docx; open it in Word and save as .docx"),
    ("plan.txt", b"Section F\n\x00\x01\x02",
     "not a text file (it contains binary data); save the plan as plain text"),
    ("plan.pdf", b"%PDF-1.7",
     "not a .docx or .txt file; save the plan as Word (.docx) or plain text (.txt)"),
    ("plan.txt", b"Some notes with no headings at all.\n", "no section headings found; each section must start with "
     'a heading such as "Section F: Special educational provision"'),
])
def test_a_file_that_cannot_be_read_says_what_failed(tmp_path, name, data, says):
    path = _write(tmp_path, name, data)
    with pytest.raises(PlanReadError) as error:
        read_plan(path)
    assert str(error.value) == f"{path}: {says}"


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(PlanReadError) as error:
        read_plan(tmp_path / "gone.docx")
    assert str(error.value) == f"{tmp_path / 'gone.docx'}: no such file"


def test_a_damaged_word_package_is_reported_not_raised(tmp_path):
    path = tmp_path / "damaged.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(PlanReadError, match=rf"^{re.escape(str(path))}: the Word document is damaged or incomplete "
                                            r"\(.+\); open it in Word and save it again$"):
        read_plan(path)


def test_a_paragraph_style_with_no_name_is_reported_as_damage_not_raised(tmp_path):
    """Found by the fuzzer: python-docx reads a paragraph's style only when asked, and a w:pStyle with no w:val
    then raises its own error."""
    document = Document()
    heading = document.add_paragraph("Section F: Special educational provision")
    heading._p.get_or_add_pPr().get_or_add_pStyle()  # a style reference with no style named
    path = tmp_path / "plan.docx"
    document.save(path)
    with pytest.raises(PlanReadError) as error:
        read_plan(path)
    assert str(error.value) == (
        f"{path}: the Word document is damaged or incomplete (required 'w:val' attribute not present on element "
        f"{qn('w:pStyle')}); open it in Word and save it again")


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


def test_a_windows_text_file_with_a_byte_cp1252_leaves_undefined_is_read_with_a_marker(tmp_path):
    path = _write(tmp_path, "plan.txt", b"Section F\r\nCaf\xe9 \x81 30 minutes daily.\r\n")
    assert read_plan(path).section("F").paragraphs() == ["Caf\u00e9 \ufffd 30 minutes daily."]


def _save(document, tmp_path):
    path = tmp_path / "plan.docx"
    document.save(path)
    return read_plan(path)


def _add_table(document, rows: list[list[str]]):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    return table


def test_a_heading_styled_paragraph_of_any_length_opens_a_section_and_a_plain_one_only_up_to_80_characters(
        tmp_path):
    document = Document()
    long_b = "Section B: Special educational needs, as agreed with the family at the meeting in March 2025"
    long_e = "Section E: Outcomes, as agreed with the family and the school at the meeting in March 2025"
    plain_g = "Section G: Health care provision (from the NHS trust), as agreed in March 2025.."
    document.add_heading(long_b, level=1)
    document.add_paragraph("Reads slowly.")
    document.add_paragraph(long_e, style="Title")
    document.add_paragraph(plain_g)
    assert (len(long_b), len(long_e), len(plain_g)) == (92, 90, 80)
    plan = _save(document, tmp_path)
    assert [(s.code, s.heading) for s in plan.sections] == [("B", long_b), ("E", long_e), ("G", plain_g)]


def test_a_word_file_with_no_default_style_is_read(tmp_path):
    document = Document()
    for style in document.styles.element.findall(qn("w:style")):
        style.attrib.pop(qn("w:default"), None)   # as some tools write it: paragraphs have no style at all
    document.add_paragraph("Section F: Special educational provision")
    document.add_paragraph("30 minutes daily with a trained TA.")
    plan = _save(document, tmp_path)
    assert [(s.code, s.paragraphs()) for s in plan.sections] == [("F", ["30 minutes daily with a trained TA."])]


def test_tables_outside_f_and_f_tables_that_are_not_provision_tables_are_read_as_text(tmp_path):
    document = Document()
    _add_table(document, [["Name", "Sam"], ["", ""], ["School", "Oak Primary"]])
    document.add_heading("Section B: Special educational needs", level=1)
    _add_table(document, [["Provision", "Who"], ["Reading", ""]])
    document.add_heading("Section F: Special educational provision", level=1)
    _add_table(document, [["Who", "How often"], ["Mrs Smith", "weekly"]])
    _add_table(document, [["Provision"], ["Laptop"]])
    plan = _save(document, tmp_path)
    assert plan.preamble == ["Name; Sam", "School; Oak Primary"]
    assert plan.section("B").items == ["Provision; Who", "Reading"]
    assert plan.section("F").items == ["Who; How often", "Mrs Smith; weekly", "Provision", "Laptop"]


def test_a_provision_table_ignores_unknown_columns_and_keeps_rows_with_no_provision_named_or_cut_short(tmp_path):
    document = Document()
    document.add_heading("Section F: Special educational provision", level=1)
    table = _add_table(document, [["Provision", "Notes", "Delivered by", "Cost"], ["", "see report", "an SLT", "£5"],
                                  ["Laptop", "", "", ""]])
    short = table.rows[2]._tr
    short.remove(short.tc_lst[-1])   # a ragged row: one cell fewer than the header
    (empty, laptop) = _save(document, tmp_path).section("F").items
    assert empty == ProvisionRow("", who="an SLT", cost_per_year=Decimal(5))
    assert laptop == ProvisionRow("Laptop")
