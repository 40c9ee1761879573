"""The cover, the index and the notes, rendered and read back: every line's words, size, weight and place."""
import io
from datetime import date
from typing import NamedTuple

import pikepdf
import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from bundler.engine import front_matter
from bundler.engine.front_matter import (
    BOTTOM,
    DATE_X,
    LEFT,
    RIGHT,
    TAB_X,
    TITLE_WIDTH,
    TITLE_X,
    TOP,
    IndexRow,
    Link,
    fonts,
    page_range,
    render_front_matter,
    render_supplement_index,
    wrap,
)
from bundler.engine.manifest import CaseDetails
from bundler.engine.stamp import A4

CASE = CaseDetails("EH936/25/01234", "Sam Smith", "Alex Smith", "Surrey County Council", "contents",
                   date(2026, 3, 2))
CENTRE = A4[0] / 2
LEADING = 12.5


class Piece(NamedTuple):
    text: str
    x: float  # where the text starts
    y: float  # its baseline
    size: float
    bold: bool


def read(data: bytes) -> list[list[Piece]]:
    """Each page's pieces of text in the order drawn."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        pieces = []

        def visit(text, cm, tm, font, size, pieces=pieces):
            if text.strip():
                pieces.append(Piece(" ".join(text.split()), round(tm[4], 2), round(tm[5], 2), size,
                                    str(font["/BaseFont"]).endswith("-Bold")))

        page.extract_text(visitor_text=visit)
        pages.append(pieces)
    return pages


def drawn(data: bytes, page: int) -> tuple[list, list, set]:
    """A page's ruled lines (x0, y0, x1, y1, width) and filled rectangles (x, y, w, h, grey), in the order drawn,
    and the greys its text is drawn in."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        ops = pikepdf.parse_content_stream(pdf.pages[page])
    lines, fills, width, grey, path = [], [], 1.0, 0.0, []
    text_greys = set()
    for operands, operator in ((list(op.operands), str(op.operator)) for op in ops):
        if operator == "Tj":
            text_greys.add(grey)
        values = [float(v) for v in operands if not isinstance(v, (pikepdf.Name, pikepdf.String))]
        if operator == "w":
            width = values[0]
        elif operator == "g":
            grey = values[0]
        elif operator in ("m", "l", "re"):
            path.append((operator, values))
        elif operator == "S":
            (_, start), (_, end) = path
            lines.append((*start, *end, width))
        elif operator in ("f", "f*"):
            fills.append((*path[0][1], grey))
        if operator in ("S", "f", "f*", "n") and operator != "n" or operator == "BT":
            path = []
    return lines, fills, text_greys


def width(piece: Piece) -> float:
    regular, bold = fonts()
    return stringWidth(piece.text, bold if piece.bold else regular, piece.size)


def snapped(actual, expected):
    """`actual` with each number within 0.01 of its expected number replaced by it (the PDF stores 4 decimals), so
    comparing the two with == shows only the real differences."""
    if isinstance(actual, (list, tuple)) and isinstance(expected, (list, tuple)) and len(actual) == len(expected):
        return type(actual)(snapped(a, e) for a, e in zip(actual, expected, strict=True))
    if isinstance(actual, float | int) and isinstance(expected, float | int) and not isinstance(actual, bool):
        return expected if abs(actual - expected) < 0.01 else actual
    return actual


class near:  # noqa: N801 (used like pytest.approx)
    """Equal to a value whose numbers are each within 0.01 of `expected`'s, nested lists and tuples too."""

    def __init__(self, expected):
        self.expected = expected

    def __eq__(self, actual):
        return snapped(actual, self.expected) == self.expected

    def __repr__(self):
        return repr(self.expected)


def render(rows, notes=(), order_notes=(), *, total=40, **kwargs):
    return render_front_matter(CASE, "Contents of the EHC plan (Sections B and/or F)", date(2026, 2, 10), total,
                               rows, list(notes), list(order_notes), **kwargs)


# The cover: each line, in its size and weight, centred, the space above it 1.3 x the size of the line before plus
# its own gap.
COVER = [
    ("First-tier Tribunal (Health, Education and Social Care Chamber)", 12, False, 0),
    ("Special Educational Needs and Disability", 12, False, 0),
    ("Tribunal reference: EH936/25/01234", 14, True, 30),
    ("Between", 10, False, 30),
    ("Alex Smith", 13, True, 8),
    ("Appellant", 10, False, 0),
    ("and", 10, False, 12),
    ("Surrey County Council", 13, True, 8),
    ("Respondent", 10, False, 0),
    ("Child or young person: Sam Smith", 12, False, 30),
    ("Appeal: Contents of the EHC plan (Sections B and/or F)", 12, False, 0),
    ("HEARING BUNDLE", 24, True, 50),
    ("Hearing date: 2 Mar 2026", 13, False, 20),
    ("Bundle date: 10 Feb 2026", 13, False, 0),
    ("40 pages. The number at the foot of each page is its PDF page number.", 10, False, 30),
]


def laid_out(lines, y=TOP):
    """(text, baseline, size, bold) for lines each `gap` below the one before, as the front matter spaces them."""
    out, below = [], 0.0
    for text, size, bold, gap in lines:
        y -= below + gap
        out.append((text, round(y, 2), size, bold))
        below = size * 1.3
    return out


def test_the_cover_names_the_tribunal_the_parties_the_child_the_appeal_and_the_dates_in_this_order_and_style():
    cover = read(render([]).data)[0]
    assert [(p.text, p.y, p.size, p.bold) for p in cover] == near(laid_out(COVER))
    for piece in cover:
        assert piece.x + width(piece) / 2 == pytest.approx(CENTRE, abs=0.01), piece.text


def test_a_cover_line_too_long_for_the_page_wraps_each_part_centred_with_its_gap_above_the_first_only():
    authority = "The Royal Borough of Windsor and Maidenhead Council, acting by its Children's Services department"
    case = CaseDetails(CASE.reference, CASE.child, CASE.appellant, authority, CASE.appeal_type, CASE.hearing_date)
    cover = read(render_front_matter(case, "Placement", date(2026, 2, 10), 3, [], []).data)[0]
    parts = wrap(authority, fonts()[1], 13, RIGHT - LEFT)
    assert len(parts) == 2 and " ".join(parts) == authority
    expected = laid_out([*COVER[:7], (parts[0], 13, True, 8), (parts[1], 13, True, 0), *COVER[8:10],
                         ("Appeal: Placement", 12, False, 0), *COVER[11:14],
                         ("3 pages. The number at the foot of each page is its PDF page number.", 10, False, 30)])
    assert [(p.text, p.y, p.size, p.bold) for p in cover] == near(expected)
    assert all(p.x + width(p) / 2 == pytest.approx(CENTRE, abs=0.01) for p in cover)


def test_the_front_matter_is_a4_titled_with_the_reference_and_the_same_bytes_every_time():
    first = render([IndexRow("A1", "Appeal form", date(2025, 10, 1), 3, 5)])
    assert render([IndexRow("A1", "Appeal form", date(2025, 10, 1), 3, 5)]).data == first.data
    with pikepdf.open(io.BytesIO(first.data)) as pdf:
        assert len(pdf.pages) == first.page_count == 2
        assert all([float(v) for v in page.mediabox] == pytest.approx([0, 0, *A4]) for page in pdf.pages)
        assert str(pdf.docinfo.Title) == "Hearing bundle EH936/25/01234"
        assert str(pdf.docinfo.CreationDate) == "D:20000101000000+00'00'"  # invariant: nothing of the moment
        assert all("/Filter" in page.obj.Contents for page in pdf.pages)  # compressed


# The index: a heading, the case line, the column heads ruled off, then a row per section and document.
HEADING = [("Index", LEFT, 781.89, 16, True),
           ("EH936/25/01234 \u00b7 Sam Smith \u00b7 hearing 2 Mar 2026", LEFT, 759.09, 10, False)]
HEADS_Y = 759.09 - 13 - 10
RULE_Y = HEADS_Y - 5


def heads(y=HEADS_Y):
    pieces = [("Tab", TAB_X, y, 10, True), ("Document", TITLE_X, y, 10, True), ("Date", DATE_X, y, 10, True)]
    return pieces + [("Pages", RIGHT - 4 - stringWidth("Pages", fonts()[1], 10), y, 10, True)]


def right(text, y, bold=False):
    return (text, RIGHT - 4 - stringWidth(text, fonts()[bold], 10), y, 10, bold)


def as_tuples(pieces):
    return [tuple(p) for p in pieces]


ROWS = [
    IndexRow("", "A. Core documents", None, 3, 5, is_section=True),
    IndexRow("A1", "Appeal form", date(2025, 10, 1), 3, 4),
    IndexRow("A2", "Decision letter", date(2025, 9, 1), 5, 5),
    IndexRow("B", "B. EHC plan", date(2025, 6, 1), 6, 6, is_section=True),  # its tab and date, if any, bold too
    IndexRow("B1", "Plan not yet received", None, None, None),
    IndexRow("", "C. Working document", None, None, None, is_section=True),
]


def test_index_rows_show_tab_title_date_and_pages_sections_in_bold_with_their_pages_spelt_out():
    result = render(ROWS)
    index = as_tuples(read(result.data)[1])
    section_a = RULE_Y - 8 - LEADING  # a section row has 8 points more above it
    doc_1 = section_a - 6 - LEADING
    doc_2 = doc_1 - 6 - LEADING
    section_b = doc_2 - 6 - 8 - LEADING
    doc_3 = section_b - 6 - LEADING
    section_c = doc_3 - 6 - 8 - LEADING
    assert index == near([
        *HEADING, *heads(),
        right("pp. 3\u20135", section_a, True),  # a section's tab is empty
        ("A. Core documents", TITLE_X, section_a, 10, True),
        ("A1", TAB_X, doc_1, 10, False), ("1 Oct 2025", DATE_X, doc_1, 10, False), right("3\u20134", doc_1),
        ("Appeal form", TITLE_X, doc_1, 10, False),
        ("A2", TAB_X, doc_2, 10, False), ("1 Sep 2025", DATE_X, doc_2, 10, False), right("5", doc_2),
        ("Decision letter", TITLE_X, doc_2, 10, False),
        ("B", TAB_X, section_b, 10, True), ("1 Jun 2025", DATE_X, section_b, 10, True), right("p. 6", section_b, True),
        ("B. EHC plan", TITLE_X, section_b, 10, True),
        ("B1", TAB_X, doc_3, 10, False), right("none", doc_3), ("Plan not yet received", TITLE_X, doc_3, 10, False),
        right("none", section_c, True), ("C. Working document", TITLE_X, section_c, 10, True),
    ])
    tops = [RULE_Y - 8, section_a - 6, doc_1 - 6, doc_2 - 6 - 8, section_b - 6, doc_3 - 6 - 8]
    bottoms = [top - 18.5 for top in tops]
    assert result.links == [Link(1, near((LEFT, bottoms[n], RIGHT, tops[n])), target)
                            for n, target in ((0, 3), (1, 3), (2, 5), (3, 6))]
    lines, fills, text_greys = drawn(result.data, 1)
    assert lines == near([(LEFT, RULE_Y, RIGHT, RULE_Y, 1)] + [(LEFT, y, RIGHT, y, 0.4) for y in bottoms])
    assert fills == near([(LEFT, bottoms[n], RIGHT - LEFT, 18.5, 0.88) for n in (0, 3, 5)])
    assert text_greys == {0}  # black on the grey band, black below it


def test_a_long_title_wraps_inside_its_column_and_the_row_grows_to_hold_it():
    title = ("Education, health and care needs assessment: advice from the educational psychologist, with the "
             "school's comments and the parents' reply")
    result = render([IndexRow("E1", title, date(2025, 7, 1), 9, 20), IndexRow("E2", "", None, 21, 21)])
    lines = wrap(title, fonts()[0], 10, TITLE_WIDTH)
    assert len(lines) == 3
    first = RULE_Y - LEADING
    assert as_tuples(read(result.data)[1][len(HEADING) + 4:]) == near([
        ("E1", TAB_X, first, 10, False), ("1 Jul 2025", DATE_X, first, 10, False), right("9\u201320", first),
        *[(line, TITLE_X, first - n * LEADING, 10, False) for n, line in enumerate(lines)],
        ("E2", TAB_X, first - 3 * LEADING - 6, 10, False), right("21", first - 3 * LEADING - 6),  # no title: no text
    ])
    assert [link.rect for link in result.links] == near([(LEFT, RULE_Y - 43.5, RIGHT, RULE_Y),
                                                           (LEFT, RULE_Y - 62, RIGHT, RULE_Y - 43.5)])


def many_rows(count):
    rows = []
    for n in range(count):
        if n % 10 == 0:
            rows.append(IndexRow("", f"Section {n // 10}", None, n + 3, n + 12, is_section=True))
        rows.append(IndexRow(f"A{n}", f"Letter {n}" + " about the child's provision" * (n % 3), date(2025, 1, 1),
                             n + 3, n + 3))
    return rows


def test_a_long_index_runs_onto_pages_headed_index_continued_and_never_splits_a_row():
    rows = many_rows(80)
    result = render(rows)
    pages = read(result.data)
    assert result.page_count == len(pages) >= 4
    assert [len(result.links)] == [len(rows)]
    for n, page in enumerate(pages[1:], 1):
        heading = [("Index (continued)" if n > 1 else "Index", *HEADING[0][1:]), HEADING[1]]
        assert as_tuples(page[:6]) == near(heading + heads()), f"page {n + 1}"
        assert min(p.y for p in page) >= BOTTOM + 6
        row_titles = [p.text for p in page[6:] if p.x == TITLE_X]
        on_page = [link for link, row in zip(result.links, rows, strict=True) if link.page_index == n]
        assert row_titles[0].startswith(("Letter", "Section"))
        assert len(on_page) == sum(1 for t in row_titles if t.startswith(("Letter", "Section")))
    by_page = {}
    for link, row in zip(result.links, rows, strict=True):
        by_page.setdefault(link.page_index, []).append((link, row))
    for n, page_rows in by_page.items():
        for (above, _), (below, row) in zip(page_rows, page_rows[1:], strict=False):
            assert below.rect[3] == pytest.approx(above.rect[1] - (8 if row.is_section else 0))
        if n + 1 in by_page:  # the first row of the next page would not have fitted below the last of this one
            (link, row) = by_page[n + 1][0]
            needed = link.rect[3] - link.rect[1] + (8 if row.is_section else 0)
            assert page_rows[-1][0].rect[1] - needed < BOTTOM
    assert [link.target for link in result.links] == [row.first for row in rows]


def test_measuring_counts_the_pages_and_places_the_links_without_drawing():
    rows = many_rows(80)
    measured, drawn_out = render(rows, ["A note."], measure=True), render(rows, ["A note."])
    assert measured.data == b""
    assert (measured.page_count, measured.links) == (drawn_out.page_count, drawn_out.links)
    supplement = render_supplement_index(CASE, "Late evidence", 40, rows, measure=True)
    assert supplement.data == b""
    assert (supplement.page_count, supplement.links) == (
        render_supplement_index(CASE, "Late evidence", 40, rows).page_count,
        render_supplement_index(CASE, "Late evidence", 40, rows).links)


@pytest.mark.parametrize("section", [False, True], ids=["document", "section"])
def test_a_row_that_ends_exactly_on_the_bottom_margin_stays_on_its_page(monkeypatch, section):
    rows = [IndexRow(f"A{n}", f"Letter {n}", None, n + 3, n + 3, is_section=section and n == 4) for n in range(8)]
    fifth_bottom = render(rows).links[4].rect[1]
    monkeypatch.setattr(front_matter, "BOTTOM", fifth_bottom)  # (the cover now takes more pages)
    pages = [link.page_index for link in render(rows).links]
    assert pages == [pages[0]] * 5 + [pages[0] + 1] * 3
    monkeypatch.setattr(front_matter, "BOTTOM", fifth_bottom + 0.01)
    result = render(rows)
    pages = [link.page_index for link in result.links]
    assert pages == [pages[0]] * 4 + [pages[0] + 1] * 4
    below_heads = TOP - 20.8 - 2 - 13 - 10 - 5  # the fifth row starts the next page, its 8 points above it kept
    assert result.links[4].rect[3] == pytest.approx(below_heads - (8 if section else 0))


def test_a_section_heading_too_long_for_its_column_wraps_as_bold_text_does():
    heading = "E. Local authority's evidence, with the reports it relies on and the reviews it made"
    bold, regular = wrap(heading, fonts()[1], 10, TITLE_WIDTH), wrap(heading, fonts()[0], 10, TITLE_WIDTH)
    assert bold != regular
    titles = [p.text for p in read(render([IndexRow("", heading, None, 3, 9, is_section=True)]).data)[1]
              if p.x == TITLE_X and p.text != "Document"]
    assert titles == bold


NOTE = ("Section E (Local authority's evidence) has 120 pages, 20 over its limit of 100. The authority's "
        "reason: the EP report and the speech and language report were both needed to answer the grounds.")


def test_notes_follow_the_index_under_their_headings_order_note_first():
    rows = ROWS[:3]
    result = render(rows, [NOTE, "Second note."], ["'Covering letter' (1 Jun 2025) is kept out of date order."])
    pieces = read(result.data)[1]
    start = next(n for n, p in enumerate(pieces) if p.text == "Note on the order of documents")
    note_lines = wrap(NOTE, fonts()[0], 10, RIGHT - LEFT)
    assert len(note_lines) == 2
    below_rows = result.links[-1].rect[1]
    expected = laid_out([("Note on the order of documents", 13, True, 18),
                         ("'Covering letter' (1 Jun 2025) is kept out of date order.", 10, False, 6),
                         ("Accompanying note on page limits", 13, True, 18), (note_lines[0], 10, False, 6),
                         (note_lines[1], 10, False, 0), ("Second note.", 10, False, 6)], y=below_rows)
    assert [(p.text, p.y, p.size, p.bold) for p in pieces[start:]] == near(expected)
    assert all(p.x == LEFT for p in pieces[start:])
    assert result.page_count == 2


def test_with_no_notes_the_index_ends_the_front_matter():
    pieces = [p.text for page in read(render(ROWS[:3]).data) for p in page]
    assert pieces[-1] == "Decision letter"
    assert "Note on the order of documents" not in pieces and "Accompanying note on page limits" not in pieces


def test_a_note_heading_that_would_sit_near_the_foot_starts_a_new_page_without_an_index_heading(monkeypatch):
    rows = ROWS[:3]
    below_rows = render(rows).links[-1].rect[1]
    monkeypatch.setattr(front_matter, "BOTTOM", below_rows - 80)  # room for 80 points: the heading stays
    pages = read(render(rows, ["A note."]).data)  # (the cover now takes more pages)
    assert [p.text for p in pages[-1]][-3:] == ["Decision letter", "Accompanying note on page limits", "A note."]
    monkeypatch.setattr(front_matter, "BOTTOM", below_rows - 79.99)
    result = render(rows, ["A note."])
    pages = read(result.data)
    assert result.page_count == len(pages)
    assert pages[-2][-1].text == "Decision letter"
    assert [(p.text, p.y) for p in pages[-1]] == near([("Accompanying note on page limits", TOP - 18),
                                                       ("A note.", TOP - 18 - 16.9 - 6)])


def test_notes_run_onto_new_pages_line_by_line_never_below_the_margin_and_without_an_index_heading():
    """Each line needs 1.3 x its size, and the first line of a paragraph its 6-point gap too: a line goes to a new
    page exactly when that room is not left on this one."""
    notes = [f"Note {n}: " + "the section is over its limit because the evidence was needed. " * (n % 5)
             for n in range(60)]
    pages = read(render(ROWS[:3], notes).data)
    assert len(pages) > 3
    assert not any(p.text.startswith("Index") for page in pages[2:] for p in page)
    pieces = [(n, p) for n, page in enumerate(pages) for p in page]
    lines = pieces[[p.text for _, p in pieces].index("Accompanying note on page limits") + 1:]
    assert lines[0][1].text.startswith("Note 0") and lines[-1][1].text.endswith("needed.")
    for (page, line), (next_page, next_line) in zip(lines, lines[1:], strict=False):
        gap = 6 if next_line.text.startswith("Note ") else 0
        assert line.y - 13 >= BOTTOM - 0.01, line.text
        if next_page == page:
            assert line.y - next_line.y == pytest.approx(13 + gap, abs=0.01)
        else:
            assert next_line.y == pytest.approx(TOP - gap, abs=0.01)
            assert line.y - 13 - (13 + gap) < BOTTOM, f"{next_line.text!r} would have fitted on page {page + 1}"


def test_a_supplement_index_says_where_its_numbers_start_and_indexes_the_late_documents():
    rows = [IndexRow("", "Late evidence", None, 41, 43, is_section=True),
            IndexRow("L1", "Speech and language report", date(2026, 1, 20), 41, 43)]
    result = render_supplement_index(CASE, "Late evidence", 40, rows)
    pages = read(result.data)
    explanation = ("A supplementary part of the hearing bundle. Pages 1 to 40 are the bundle as issued, unchanged; "
                   "this part is numbered on from page 41, so every reference to the issued bundle stays right.")
    parts = wrap(explanation, fonts()[0], 10, RIGHT - LEFT)
    assert len(pages) == result.page_count == 1 and len(parts) == 2
    top = laid_out([("Late evidence", 16, True, 0), (parts[0], 10, False, 8), (parts[1], 10, False, 0)])
    assert [(p.text, p.y, p.size, p.bold) for p in pages[0][:3]] == near(top)
    index_top = top[-1][1] - 13 - 12
    assert [(p.text, p.y) for p in pages[0][3:5]] == near([("Index", index_top),
                                                             (HEADING[1][0], index_top - 22.8)])
    assert [p.text for p in pages[0][5:]] == ["Tab", "Document", "Date", "Pages", "pp. 41\u201343", "Late evidence",
                                              "L1", "20 Jan 2026", "41\u201343", "Speech and language report"]
    assert [(link.page_index, link.target) for link in result.links] == [(0, 41), (0, 41)]
    with pikepdf.open(io.BytesIO(result.data)) as pdf:
        assert str(pdf.docinfo.Title) == "Late evidence, EH936/25/01234"


@pytest.mark.parametrize("first,last,plain,prefixed", [
    (None, None, "none", "none"), (7, 7, "7", "p. 7"), (7, 9, "7\u20139", "pp. 7\u20139")])
def test_page_ranges_read_as_a_page_a_range_or_none(first, last, plain, prefixed):
    assert (page_range(first, last), page_range(first, last, prefix=True)) == (plain, prefixed)


@pytest.mark.parametrize("text,fits,expected", [
    ("Appeal form", "Appeal form", ["Appeal form"]),  # exactly as wide as the column: one line
    ("abcdef", "abc", ["abc", "def"]),  # a word too long is cut where the line is full
    ("WWWW", "WWW", ["WWW", "W"]),
    ("W", "", ["W"]),  # one character wider than the line is left whole rather than lost
    ("WW", "", ["W", "W"]),
    ("WWW", "", ["W", "W", "W"]),
    ("Appeal form signed", "Appeal form", ["Appeal form", "signed"]),
    ("", "", []),
])
def test_wrap_splits_at_spaces_then_inside_words_and_loses_nothing(text, fits, expected):
    font = fonts()[0]
    assert wrap(text, font, 10, stringWidth(fits, font, 10) if fits else 1.0) == expected


def test_a_cut_falls_at_the_last_character_that_fits():
    font = fonts()[0]
    room = stringWidth("mmmmi", font, 10) + 0.1
    assert wrap("mmmmim", font, 10, room) == ["mmmmi", "m"]
    assert wrap("mmmmi", font, 12, stringWidth("mmmm", font, 12)) == ["mmmm", "i"]


def test_without_liberation_sans_the_front_matter_falls_back_to_helvetica(monkeypatch, tmp_path):
    if not (front_matter.FONT_DIR / "LiberationSans-Regular.ttf").is_file():
        pytest.skip("fonts-liberation is not installed: apt-get install fonts-liberation")
    assert fonts() == ("BundleSans", "BundleSans-Bold")
    installed = {str(f["/BaseFont"]) for page in PdfReader(io.BytesIO(render(ROWS).data)).pages
                 for f in page["/Resources"]["/Font"].values()}
    assert {name.split("+")[-1].lstrip("/") for name in installed} == {
        "Helvetica", "LiberationSans", "LiberationSans-Bold"}  # (reportlab's Helvetica sets an initial font)
    (tmp_path / "LiberationSans-Regular.ttf").write_bytes(b"")
    monkeypatch.setattr(front_matter, "FONT_DIR", tmp_path)  # the bold face missing: both fall back
    assert fonts() == ("Helvetica", "Helvetica-Bold")
    fallback = {str(f["/BaseFont"]) for page in PdfReader(io.BytesIO(render(ROWS).data)).pages
                for f in page["/Resources"]["/Font"].values()}
    assert fallback == {"/Helvetica", "/Helvetica-Bold"}


def test_the_first_front_matter_of_a_process_registers_both_liberation_faces(monkeypatch):
    from reportlab.pdfbase import pdfmetrics
    if not (front_matter.FONT_DIR / "LiberationSans-Bold.ttf").is_file():
        pytest.skip("fonts-liberation is not installed: apt-get install fonts-liberation")
    fonts()
    for name in ("BundleSans", "BundleSans-Bold"):  # as in a fresh worker process: nothing registered yet
        monkeypatch.delitem(pdfmetrics._fonts, name)
    assert fonts() == ("BundleSans", "BundleSans-Bold")
    assert [pdfmetrics.getFont(name).face.name for name in ("BundleSans", "BundleSans-Bold")] == [
        b"LiberationSans", b"LiberationSans-Bold"]
    faces = {str(f["/BaseFont"]).split("+")[-1] for page in PdfReader(io.BytesIO(render(ROWS).data)).pages
             for f in page["/Resources"]["/Font"].values()}
    assert faces == {"/Helvetica", "LiberationSans", "LiberationSans-Bold"}


@pytest.mark.parametrize("line,room,moves", [(0, -0.001, False), (0, 0.001, True), (1, -0.001, False),
                                             (1, 0.001, True)], ids=["first-fits", "first-moves", "next-fits",
                                                                     "next-moves"])
def test_a_paragraphs_first_line_needs_room_for_its_gap_and_the_lines_after_it_only_their_own(monkeypatch, line,
                                                                                                room, moves):
    notes = [f"Note {n}: " + "the evidence was needed to answer the grounds of appeal. " * 3 for n in range(8)]
    before = read(render(ROWS[:3], notes).data)[1]
    first = next(n for n, p in enumerate(before) if p.text.startswith("Note 5:"))
    assert not before[first + 1].text.startswith("Note")  # Note 5 has a second line
    at, gap = first + line, 6 if line == 0 else 0
    # drawn at its baseline `gap` below where the last line left off, it needs 13 points (1.3 x 10) below that
    monkeypatch.setattr(front_matter, "BOTTOM", before[at].y - 13 + room)
    pages = read(render(ROWS[:3], notes).data)  # (the cover now takes more pages)
    page = next(n for n, p in enumerate(pages) if any(q.text == before[at - 1].text for q in p))
    if moves:
        assert pages[page][-1].text == before[at - 1].text
        assert (pages[page + 1][0].text, pages[page + 1][0].y) == near((before[at].text, TOP - gap))
    else:
        assert pages[page][-1].text == before[at].text
        after = before[at + 1]
        assert (pages[page + 1][0].text, pages[page + 1][0].y) == near(
            (after.text, TOP - (6 if after.text.startswith("Note") else 0)))
