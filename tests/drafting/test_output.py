"""The statement's files: links over its page references, the stand-in and padding pages, fitting it into the bundle,
and its PDF written whole or not at all."""
import shutil

import pikepdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from bundler.drafting import output
from bundler.drafting.output import (
    MAX_FITTING_ROUNDS,
    fit_into_bundle,
    pad_pdf,
    page_count,
    page_links,
    write_blank_pdf,
    write_statement_pdf,
)
from bundler.drafting.references import ReferenceResolver
from bundler.engine.manifest import PageLink

from .conftest import LAYOUT, pdf_text

needs_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                       reason="LibreOffice is not installed: apt-get install libreoffice-writer-nogui")


def _pdf(path, pages):
    """A PDF with each page's pieces of text, (x, y, text) in 12 pt Helvetica, each drawn as its own piece."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for pieces in pages:
        pdf.setFont("Helvetica", 12)
        for x, y, text in pieces:
            pdf.drawString(x, y, text)
        pdf.showPage()
    pdf.save()
    return path


def test_a_page_reference_is_linked_to_its_first_page_as_wide_as_the_gap_to_the_next_piece(tmp_path):
    path = _pdf(tmp_path / "statement.pdf", [[(72, 700, "See the advice "), (150, 700, "[pp. 45\u201353]"),
                                              (230, 700, "and more")]])
    # 12 pt text: the link runs from 0.3 of the size below the baseline to a full size above it
    assert page_links(path) == (PageLink(0, (150.0, 696.4, 230.0, 712.0), 45),)


def test_a_reference_ending_its_line_is_linked_over_its_own_width(tmp_path):
    # the next piece in content order is on the next line, or on this line but to its left (another column)
    path = _pdf(tmp_path / "statement.pdf", [[(72, 600, "Last [p. 20]"), (72, 586, "next line"),
                                              (300, 500, "[p. 8]"), (72, 500, "left column")]])
    # no piece after it on the line: half the font size a character, the newline pypdf adds counted
    assert page_links(path) == (PageLink(0, (72.0, 596.4, 150.0, 612.0), 20),
                                PageLink(0, (300.0, 496.4, 342.0, 512.0), 8))


def test_a_piece_a_fraction_of_a_point_off_the_baseline_is_on_the_same_line(tmp_path):
    path = _pdf(tmp_path / "statement.pdf", [[(100, 400, "[p. 3]"), (160, 400.5, "and then")]])
    assert page_links(path) == (PageLink(0, (100.0, 396.4, 160.0, 412.0), 3),)


def test_a_piece_drawn_over_a_reference_at_its_own_start_does_not_shrink_its_link_to_nothing(tmp_path):
    path = _pdf(tmp_path / "statement.pdf", [[(100, 400, "[p. 3]"), (100, 400, "overprint")]])
    assert page_links(path) == (PageLink(0, (100.0, 396.4, 142.0, 412.0), 3),)


def test_blank_pieces_are_not_the_next_piece_and_text_without_a_reference_is_not_linked(tmp_path):
    path = _pdf(tmp_path / "statement.pdf", [[(72, 700, "no reference [p 4] or (p. 5)"), (100, 650, "[p. 12]"),
                                              (140, 650, "   "), (200, 650, "next")]])
    assert page_links(path) == (PageLink(0, (100.0, 646.4, 200.0, 662.0), 12),)


def test_links_name_their_page_of_the_statement_and_follow_the_page_transform(tmp_path):
    path = tmp_path / "statement.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.showPage()
    pdf.translate(10, 20)
    pdf.scale(2, 3)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(30, 40, "[pp. 7\u20139]")
    pdf.save()
    # drawn at (30, 40) under a scale of 2 by 3 moved by (10, 20): at (70, 140) on the second page; the link's size
    # follows the font size alone, as LibreOffice never scales the text it writes
    assert page_links(path) == (PageLink(1, (70.0, 137.0, 120.0, 150.0), 7),)


@needs_libreoffice
@pytest.mark.slow
def test_a_converted_statement_links_each_reference_to_the_first_page_it_cites(tmp_path):
    path = tmp_path / "statement.pdf"
    write_statement_pdf({"response": "The advice [[doc:42]] and the review [[doc:7]] are clear."},
                        ReferenceResolver(LAYOUT), path, title="Statement")
    links = page_links(path)
    assert [(link.page, link.target) for link in links] == [(0, 45), (0, 20)]
    for link in links:
        left, bottom, right, top = link.rect
        assert 0 < left < right < A4[0] and 0 < bottom < top < A4[1]


def test_the_stand_in_has_the_pages_asked_for_all_a4_and_never_none(tmp_path):
    assert page_count(write_blank_pdf(tmp_path / "three.pdf", 3)) == 3
    assert page_count(write_blank_pdf(tmp_path / "none.pdf", 0)) == 1
    with pikepdf.open(tmp_path / "three.pdf") as document:
        assert {tuple(float(v) for v in page.mediabox) for page in document.pages} == {(0, 0, 595.28, 841.89)}


def test_padding_adds_blank_a4_pages_at_the_end_and_never_removes_any(tmp_path):
    path = _pdf(tmp_path / "statement.pdf", [[(72, 700, "Page one")], [(72, 700, "Page two")]])
    pad_pdf(path, 5)
    with pikepdf.open(path) as document:
        assert len(document.pages) == 5
        assert [tuple(float(v) for v in page.mediabox)[2:] for page in document.pages[2:]] == [(595.28, 841.89)] * 3
    assert "Page one" in pdf_text(path) and "Page two" in pdf_text(path)
    pad_pdf(path, 2)
    assert page_count(path) == 5


def test_fitting_grows_the_reservation_until_the_statement_fits(tmp_path):
    planned, rendered = [], iter([3, 4, 4])

    def plan(pages):
        planned.append(pages)
        return f"layout for {pages}"

    assert fit_into_bundle(plan, lambda layout: next(rendered)) == ("layout for 4", 4)
    assert planned == [1, 3, 4]


def test_a_statement_shorter_than_its_reservation_keeps_the_reservation(tmp_path):
    planned = []

    def plan(pages):
        planned.append(pages)
        return f"layout for {pages}"

    assert fit_into_bundle(plan, lambda layout: 2, first_guess=6) == ("layout for 6", 6)
    assert planned == [6]


def test_a_statement_that_never_settles_is_refused_with_a_message_after_the_last_round():
    planned = []

    def plan(pages):
        planned.append(pages)
        return pages

    with pytest.raises(RuntimeError) as refused:
        fit_into_bundle(plan, lambda pages: pages + 1)
    assert planned == [1, 2, 3, 4, 5] and MAX_FITTING_ROUNDS == 5
    assert str(refused.value) == ("The statement's length kept changing as its page references were filled in "
                                  "(6 pages after 5 tries). Build the bundle again.")


@needs_libreoffice
@pytest.mark.slow
def test_the_statement_pdf_carries_its_title_banner_and_author_and_leaves_no_work_files(tmp_path):
    path = tmp_path / "case 12" / "statement" / "statement.pdf"
    write_statement_pdf({"response": "The plan is right."}, ReferenceResolver(LAYOUT), path,
                        title="Statement EH936/25/00012", banner="OFFICIAL-SENSITIVE", author="Jo Smith")
    text = pdf_text(path)
    assert "OFFICIAL-SENSITIVE" in text and "The plan is right." in text
    with pikepdf.open(path) as document:
        assert str(document.docinfo["/Title"]) == "Statement EH936/25/00012"
        assert str(document.docinfo["/Author"]) == "Jo Smith"
    assert [p.name for p in path.parent.iterdir()] == ["statement.pdf"]


@needs_libreoffice
@pytest.mark.slow
def test_a_statement_without_banner_or_author_has_no_banner_and_names_the_local_authority(tmp_path):
    path = tmp_path / "statement.pdf"
    write_statement_pdf({"response": "The plan is right."}, ReferenceResolver(LAYOUT), path, title="Statement")
    assert pdf_text(path) == "The local authority's response to the grounds 1. The plan is right. Page 1 of 1"
    with pikepdf.open(path) as document:
        assert str(document.docinfo["/Author"]) == "Local authority"


@needs_libreoffice
@pytest.mark.slow
def test_the_statement_is_converted_in_a_hidden_folder_beside_its_pdf_not_in_the_shared_temporary_folder(
        tmp_path, monkeypatch):
    # the Word copy holds the child's details: it stays in the case's own storage, hidden from listings of it
    shared, case = tmp_path / "shared", tmp_path / "case"
    shared.mkdir()
    monkeypatch.setattr(output.tempfile, "tempdir", str(shared))
    folders, real_conversion = [], output.to_pdf

    def convert(docx, folder):
        folders.append(folder)
        return real_conversion(docx, folder)

    monkeypatch.setattr(output, "to_pdf", convert)
    write_statement_pdf({"response": "The plan is right."}, ReferenceResolver(LAYOUT), case / "statement.pdf",
                        title="Statement")
    [folder] = folders
    assert folder.parent == case and folder.name.startswith(".")
    assert list(shared.iterdir()) == [] and [p.name for p in case.iterdir()] == ["statement.pdf"]


@needs_libreoffice
@pytest.mark.slow
def test_a_failed_conversion_leaves_the_earlier_statement_pdf_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "statement.pdf"
    write_statement_pdf({"response": "The first version."}, ReferenceResolver(LAYOUT), path, title="Statement")
    before = path.read_bytes()

    def conversion_fails(docx, folder):
        partial = folder / "statement.pdf"
        shutil.copyfile(docx, partial)  # LibreOffice stopped half way through writing
        raise RuntimeError("LibreOffice stopped")

    monkeypatch.setattr(output, "to_pdf", conversion_fails)
    with pytest.raises(RuntimeError, match="LibreOffice stopped"):
        write_statement_pdf({"response": "The second version."}, ReferenceResolver(LAYOUT), path, title="Statement")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["statement.pdf"]
