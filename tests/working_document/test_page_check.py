"""The 25-page check: the pages each section spans and the message the officer reads. A PDF is counted as it is
(the engine converts only Word files), so these tests need no LibreOffice."""
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from bundler.working_document.page_check import PageCheck, check_pages


def pages_with_headings(path: Path, pages: list[list[str]]) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    for lines in pages:
        for n, line in enumerate(lines):
            c.drawString(72, 760 - 20 * n, line)
        c.showPage()
    c.save()
    return path


def test_each_section_spans_its_headings_page_to_the_next_headings_page(tmp_path):
    pdf = pages_with_headings(tmp_path / "wd.pdf", [
        ["Working document", "Section B: Special educational needs"], ["Sam finds reading hard."],
        ["Section F: Special educational provision"], ["Speech and language therapy"],
        ["more provision", "Section I: Placement"], ["Riverside Primary School"]])
    check = check_pages(pdf, limit=5)
    assert (check.pages, check.section_pages, check.limit) == (6, {"B": 3, "F": 3, "I": 2}, 5)


def test_a_section_whose_heading_comes_twice_counts_both_spans(tmp_path):
    pdf = pages_with_headings(tmp_path / "wd.pdf", [["Section F: Provision"], ["Section F continued"], ["end"]])
    assert check_pages(pdf).section_pages == {"F": 4}  # pages 1-2 and 2-3


def test_the_message_gives_the_pages_and_the_limit_or_the_three_longest_sections():
    assert PageCheck(1, {}).message() == "1 page (the limit is 25)."
    assert PageCheck(25, {"B": 25}).message() == "25 pages (the limit is 25)."
    assert PageCheck(30, {"B": 4, "F": 12, "E": 9, "I": 1}).message() == (
        "30 pages: over the Tribunal's limit of 25 A4 pages, so not ready to send. Longest: Section F (12 pages), "
        "Section E (9 pages), Section B (4 pages).")
    assert PageCheck(3, {}, limit=2).message() == (
        "3 pages: over the Tribunal's limit of 2 A4 pages, so not ready to send.")  # no sections found: no "Longest"
    assert (PageCheck(25, {}).passed, PageCheck(26, {}).passed) == (True, False)
