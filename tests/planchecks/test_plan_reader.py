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
