"""`bundler check` passes our own bundles and fails the right rule on bad ones."""
import warnings

import pikepdf
import pytest
from click.testing import CliRunner
from pikepdf import Array, Dictionary, Name

from bundler.engine.check import RuleResult, check_bundle
from bundler.engine.commands import check
from bundler.engine.manifest import CaseDetails, Manifest
from bundler.engine.template import load_template

from .conftest import CASE, encrypted_pdf, text_pdf


def results(path, **kwargs):
    return {r.rule: r for r in check_bundle(path, **kwargs)}


def failed(path, **kwargs):
    return {rule for rule, r in results(path, **kwargs).items() if not r.passed}


def altered(bundle, tmp_path, change):
    """A copy of the good bundle with one thing changed."""
    with pikepdf.open(bundle) as pdf:
        change(pdf)
        pdf.save(tmp_path / "altered.pdf")
    return tmp_path / "altered.pdf"


def test_our_bundle_passes_every_rule_including_budgets(rich_bundle):
    found = results(rich_bundle.output, manifest=rich_bundle.manifest)
    assert all(r.passed for r in found.values()), [r for r in found.values() if not r.passed]
    assert "page budgets" in found
    assert found["page numbers equal PDF page numbers"].detail.startswith(
        f"pages 1\u2013{rich_bundle.report.page_count}")


def test_check_command_prints_one_line_per_rule_and_exits_zero_on_our_bundle(rich_bundle):
    result = CliRunner().invoke(check, [str(rich_bundle.output), "--manifest", str(rich_bundle.manifest_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 10 and all(line.startswith("PASS  ") for line in lines)


def test_plain_merge_without_numbers_index_or_bookmarks_fails(tmp_path):
    merged = pikepdf.new()
    sources = [pikepdf.open(text_pdf(tmp_path / f"{n}.pdf", 2, f"Doc {n}")) for n in range(2)]
    for source in sources:
        merged.pages.extend(source.pages)
    merged.save(tmp_path / "merged.pdf")
    found = results(tmp_path / "merged.pdf")
    assert {rule for rule, r in found.items() if not r.passed} == {
        "page numbers equal PDF page numbers", "index entries are links", "bookmarks resolve",
        "opens at 100% with bookmarks shown"}
    assert "pages 1\u20134 do not show their PDF page number" in found["page numbers equal PDF page numbers"].detail
    result = CliRunner().invoke(check, [str(tmp_path / "merged.pdf")])
    assert result.exit_code == 1 and "FAIL  page numbers equal PDF page numbers" in result.output


def test_page_labels_starting_at_roman_i_fail_the_label_rule(rich_bundle, tmp_path):
    def roman_front_matter(pdf):
        pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.r), 2, Dictionary(S=Name.D)]))
    path = altered(rich_bundle.output, tmp_path, roman_front_matter)
    found = results(path)
    assert failed(path) == {"no page labels that differ"}
    assert found["no page labels that differ"].detail == (
        "page 1 is labelled 'i', so viewers show numbers that differ from the PDF page numbers; remove the "
        "/PageLabels")


def test_page_labels_written_out_as_the_pdf_page_numbers_pass(rich_bundle, tmp_path):
    # as some publishing tools write them (seen in a Debian manual): each page's label its own number as a prefix
    def one_prefix_per_page(pdf):
        pdf.Root.PageLabels = Dictionary(Nums=Array([item for index in range(len(pdf.pages))
                                                     for item in (index, Dictionary(P=str(index + 1)))]))
    path = altered(rich_bundle.output, tmp_path, one_prefix_per_page)
    assert results(path)["no page labels that differ"].passed


def test_page_labels_that_part_way_restart_fail_naming_the_first_page_that_differs(rich_bundle, tmp_path):
    def restart_at_three(pdf):
        pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D), 2, Dictionary(S=Name.D)]))
    path = altered(rich_bundle.output, tmp_path, restart_at_three)
    assert results(path)["no page labels that differ"].detail.startswith("page 3 is labelled '1', so viewers")


def test_javascript_fails_the_active_content_rule(rich_bundle, tmp_path):
    def add_script(pdf):
        pdf.Root.OpenAction = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
    path = altered(rich_bundle.output, tmp_path, add_script)
    assert failed(path) == {"no active content", "opens at 100% with bookmarks shown"}
    assert "JavaScript" in results(path)["no active content"].detail


def test_link_with_a_bare_page_number_fails_the_index_rule(rich_bundle, tmp_path):
    def bare_number(pdf):
        pdf.pages[1].obj.Annots[0].Dest = Array([3, Name.FitH, None])
    path = altered(rich_bundle.output, tmp_path, bare_number)
    assert failed(path) == {"index entries are links"}
    assert "bare page number" in results(path)["index entries are links"].detail


def test_non_a4_page_fails_and_is_named(rich_bundle, tmp_path):
    def letter_page(pdf):
        pdf.pages[4].obj.MediaBox = Array([0, 0, 612, 792])
    path = altered(rich_bundle.output, tmp_path, letter_page)
    assert "every page is A4" in failed(path)
    assert "page 5 is 612 x 792 pt" in results(path)["every page is A4"].detail


@pytest.mark.parametrize("off, passes", [(4, False), (2, True)])
def test_a4_allows_a_rounding_difference_of_3_pt_and_no_more(rich_bundle, tmp_path, off, passes):
    """A page 4 pt off A4 is not A4 (a tolerance widened to 20 pt would let it through); 2 pt off is rounding."""
    def nearly_a4(pdf):
        pdf.pages[4].obj.MediaBox = Array([0, 0, 595.276 + off, 841.89])
    path = altered(rich_bundle.output, tmp_path, nearly_a4)
    assert ("every page is A4" not in failed(path)) is passes


def test_page_without_text_is_named_and_ocr_suggested(rich_bundle, tmp_path):
    def blank_page(pdf):
        page = pdf.pages[3].obj
        page.Contents = pdf.make_stream(b"q 0.5 g 50 300 400 400 re f Q BT /BdlNum 11 Tf 290 10 Td (4) Tj ET")
    path = altered(rich_bundle.output, tmp_path, blank_page)
    assert failed(path) == {"text on every page"}
    assert results(path)["text on every page"].detail == "page 4 has no text layer: run OCR (bundler build --ocr)"


def test_budget_overrun_fails_the_budget_rule(long_index_bundle):
    path, report, manifest, template = long_index_bundle
    found = results(path, manifest=manifest, template=template)
    assert not found["page budgets"].passed
    assert "section A (Core) has 35 pages, 34 over its limit of 1" in found["page budgets"].detail


def test_password_protected_bundle_fails_to_open(tmp_path):
    path = encrypted_pdf(tmp_path / "locked.pdf", text_pdf(tmp_path / "p.pdf", 1, "x"), user="pw")
    assert [(r.rule, r.passed) for r in check_bundle(path)] == [("opens without a password", False)]


def test_a_file_qpdf_cannot_read_fails_to_open_with_the_reason(tmp_path):
    # found by the sniff fuzzer: a startxref past 64 bits made pikepdf raise ValueError, and `bundler check` crashed
    path = tmp_path / "huge-startxref.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\nstartxref\n" + b"9" * 40 + b"\n%%EOF")
    outcome = CliRunner().invoke(check, [str(path)])
    assert outcome.exit_code == 1 and not isinstance(outcome.exception, ValueError)
    assert "FAIL  opens without a password: the file cannot be opened: overflow" in outcome.output


def rotated_page_with_number(path, x, y):
    """A portrait page shown landscape (/Rotate 90) with '1' drawn at (x, y) in its unrotated space."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    content = f"BT /F1 11 Tf 0 1 -1 0 {x} {y} Tm (1) Tj ET BT /F1 11 Tf 100 400 Td (Body text) Tj ET"
    pdf.pages.append(pikepdf.Page(Dictionary(Type=Name.Page, MediaBox=Array([0, 0, 595, 842]), Rotate=90,
                                             Resources=Dictionary(Font=Dictionary(F1=font)),
                                             Contents=pdf.make_stream(content.encode()))))
    pdf.save(path)
    return path


def test_number_on_a_rotated_page_is_read_at_the_displayed_foot(tmp_path):
    # /Rotate 90 shows the unrotated page's right edge (x near 595) at the bottom
    at_foot = results(rotated_page_with_number(tmp_path / "foot.pdf", 580, 421))
    assert at_foot["page numbers equal PDF page numbers"].passed
    at_side = results(rotated_page_with_number(tmp_path / "side.pdf", 300, 15))
    assert not at_side["page numbers equal PDF page numbers"].passed


def test_a_damaged_bundle_that_qpdf_can_repair_is_still_checked(rich_bundle, tmp_path):
    data = rich_bundle.output.read_bytes()
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(data[:data.rfind(b"xref")])  # the end cut off mid-keyword: pypdf gives up, qpdf rebuilds
    found = results(damaged)
    assert found["page numbers equal PDF page numbers"].passed
    assert found["text on every page"].passed


def test_bookmark_whose_label_gives_another_page_fails(rich_bundle, tmp_path):
    def stale_label(pdf):
        with pdf.open_outline() as outline:
            first_document = outline.root[1].children[0]
            first_document.title = first_document.title.rsplit("(p.", 1)[0] + "(p. 99)"
    path = altered(rich_bundle.output, tmp_path, stale_label)
    assert failed(path) == {"bookmarks resolve"}
    assert "not the page its label gives" in results(path)["bookmarks resolve"].detail


# Small PDFs built by hand, one rule's input at a time.

def at(x, y, text):
    """Content drawing `text` with its origin at (x, y)."""
    return f"BT /F1 11 Tf {x} {y} Td ({text}) Tj ET "


BODY = at(100, 400, "Body text")


def made_pdf(path, pages, outline=(), **root):
    """A PDF whose pages have the given content streams (a string, or (string, page keys)) with Helvetica as /F1;
    `outline` is [(title, page index or a destination or None, [children])]; `root` entries go on the catalog."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    for page in pages:
        content, keys = (page, {}) if isinstance(page, str) else page
        pdf.pages.append(pikepdf.Page(Dictionary(Type=Name.Page, MediaBox=Array([0, 0, 595, 842]),
                                                 Resources=Dictionary(Font=Dictionary(F1=font)),
                                                 Contents=pdf.make_stream(content.encode()))))
        for key, value in keys.items():
            pdf.pages[-1].obj[Name("/" + key)] = value
    for key, value in root.items():
        pdf.Root[Name("/" + key)] = value(pdf) if callable(value) else value
    if outline:
        with pdf.open_outline() as tree:
            tree.root.extend(_items(pdf, outline))
    pdf.save(path)
    return path


def _items(pdf, specs):
    items = []
    for title, target, children in specs:
        item = pikepdf.OutlineItem(title, target(pdf) if callable(target) else target)
        item.children.extend(_items(pdf, children))
        items.append(item)
    return items


def numbered(count, skip=()):
    """`count` pages each with body text and its own number at the foot, except the pages in `skip`."""
    return [BODY + ("" if n in skip else at(290, 10, str(n))) for n in range(1, count + 1)]


NUMBERS = "page numbers equal PDF page numbers"


def test_opening_a_password_protected_file_fails_saying_so(tmp_path):
    path = encrypted_pdf(tmp_path / "locked.pdf", text_pdf(tmp_path / "p.pdf", 1, "x"), user="pw")
    assert check_bundle(path) == [RuleResult("opens without a password", False,
                                             "the file is protected with a password")]


def test_a_file_that_opens_but_is_encrypted_fails_the_first_rule_and_the_others_are_still_checked(tmp_path):
    path = encrypted_pdf(tmp_path / "owner.pdf", made_pdf(tmp_path / "p.pdf", numbered(2)), user="")
    found = check_bundle(path)
    assert found[0] == RuleResult("opens without a password", False,
                                  "encrypted: remove the protection before sending")
    assert [r.rule for r in found[1:]] == [
        NUMBERS, "no page labels that differ", "index entries are links", "bookmarks resolve",
        "every page is A4", "opens at 100% with bookmarks shown", "no active content", "text on every page"]
    assert found[1].passed


def test_a_file_qpdf_cannot_read_gives_one_result_with_the_reason(tmp_path):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\nstartxref\n" + b"9" * 40 + b"\n%%EOF")
    [result] = check_bundle(path)
    assert result.rule == "opens without a password" and not result.passed
    assert result.detail.startswith("the file cannot be opened: ")


def test_our_bundle_passes_each_rule_with_its_own_words(rich_bundle):
    assert [(r.rule, r.passed, r.detail) for r in check_bundle(rich_bundle.output, manifest=rich_bundle.manifest)] == [
        ("opens without a password", True, "opens; 18 pages"),
        (NUMBERS, True, "pages 1\u201318 each carry their own number"),
        ("no page labels that differ", True, "no /PageLabels: viewers show the PDF page numbers"),
        ("index entries are links", True, "16 links on page 2, all to pages in this file"),
        ("bookmarks resolve", True, "17 bookmarks (6 top-level), all to pages in this file"),
        ("every page is A4", True, "all pages are A4, portrait or landscape"),
        ("opens at 100% with bookmarks shown", True, "opens at 100% with the bookmarks panel"),
        ("no active content", True,
         "no JavaScript, launch or remote actions, forms, XFA, media or embedded files"),
        ("text on every page", True, "every page has text besides its number"),
        ("page budgets", True, "within limits: A 5/100, B 3/150, C 3/25, D 1/100, E 4/100")]


def test_without_a_manifest_there_is_no_budget_rule(rich_bundle):
    assert "page budgets" not in results(rich_bundle.output)
    assert len(check_bundle(rich_bundle.output)) == 9


def test_a_long_index_spread_over_pages_is_counted_page_by_page(long_index_bundle):
    path, report, manifest, template = long_index_bundle
    found = results(path, manifest=manifest, template=template)
    assert found["index entries are links"].detail == "72 links on pages 2\u20135, all to pages in this file"
    assert found["bookmarks resolve"].detail == "73 bookmarks (3 top-level), all to pages in this file"
    assert found["page budgets"] == RuleResult("page budgets", False, (
        "section A (Core) has 35 pages, 34 over its limit of 1: add an accompanying note or ask for a change "
        "(SEND7)"))


@pytest.mark.parametrize("number", ["1", "Page 1", "PAGE 1", "page  1", " 1 ", "1 of 9", "1of9", "1/9",
                                    "1 / 9", "Page 1 of 9", "1 OF 9"])
def test_a_page_number_is_read_in_its_usual_forms(tmp_path, number):
    path = made_pdf(tmp_path / "n.pdf", [BODY + at(290, 10, number)])
    assert results(path)[NUMBERS] == RuleResult(NUMBERS, True, "pages 1\u20131 each carry their own number")


@pytest.mark.parametrize("number", ["p1", "1a", "Page 1 of", "No. 1", "Page", "1 2", "of 1", "11"])
def test_text_that_is_not_just_a_page_number_is_not_read_as_one(tmp_path, number):
    path = made_pdf(tmp_path / "n.pdf", [BODY + at(290, 10, number)])
    assert not results(path)[NUMBERS].passed


@pytest.mark.parametrize("y, found", [(39.5, True), (40, False), (-5, True), (802, False), (802.5, True),
                                      (830, True), (400, False)])
def test_a_page_number_counts_only_within_40_pt_of_the_top_or_bottom_edge(tmp_path, y, found):
    path = made_pdf(tmp_path / "n.pdf", [BODY + at(290, y, "1")])
    assert results(path)[NUMBERS].passed is found


@pytest.mark.parametrize("rotate, x, y, found", [
    (90, 570, 421, True), (90, 550, 421, False), (90, 30, 421, True), (90, 300, 15, False),
    (180, 290, 830, True), (180, 290, 10, True), (180, 290, 780, False), (180, 10, 421, False),
    (270, 10, 421, True), (270, 570, 421, True), (270, 50, 421, False), (270, 300, 15, False)])
def test_a_page_number_is_read_at_the_top_or_foot_of_the_page_as_it_is_shown(tmp_path, rotate, x, y, found):
    path = made_pdf(tmp_path / "n.pdf", [(BODY + at(x, y, "1"), {"Rotate": rotate})])
    assert results(path)[NUMBERS].passed is found


@pytest.mark.parametrize("y, found", [(130, True), (150, False), (90, True), (200, False), (920, True)])
def test_a_page_number_is_placed_on_a_media_box_that_does_not_start_at_zero(tmp_path, y, found):
    path = made_pdf(tmp_path / "n.pdf", [(BODY + at(290, y, "1"), {"MediaBox": Array([0, 100, 595, 942])})])
    assert results(path)[NUMBERS].passed is found


@pytest.mark.parametrize("cm, a, b, rotate, found", [
    # y = 0.6a + 0.8b + 10 on the page: the number's origin through both the text and the current matrix
    ("0.8 0.6 -0.6 0.8 100 10", 25, 12.5, 0, True),   # y 35
    ("0.8 0.6 -0.6 0.8 100 10", 30, 20, 0, False),    # y 44
    ("0.8 0.6 -0.6 0.8 100 500", 200, 250, 0, True),  # y 820
    ("0.8 0.6 -0.6 0.8 100 500", 200, 200, 0, False),  # y 780
    ("0.6 0.8 -0.8 0.6 0 0", 20, 20, 0, True),        # y 28
    ("0.6 0.8 -0.8 0.6 0 0", 40, 20, 0, False),       # y 44
    # turned a quarter, the shown foot is the right edge, 40 pt from it x > 555: x = 0.8a - 0.6b + e
    ("0.8 0.6 -0.6 0.8 560 10", 25, 12.5, 90, True),   # x 572.5
    ("0.8 0.6 -0.6 0.8 560 10", 25, 60, 90, False),    # x 544
    ("0.8 0.6 -0.6 0.8 580 10", 20, 30, 90, True),     # x 578
    ("0.8 0.6 -0.6 0.8 540 10", 20, 30, 90, False),    # x 538
])
def test_a_page_number_drawn_through_a_transform_is_placed_where_it_lands(tmp_path, cm, a, b, rotate, found):
    content = f"q {cm} cm BT /F1 11 Tf {a} {b} Td (1) Tj ET Q " + BODY
    path = made_pdf(tmp_path / "n.pdf", [(content, {"Rotate": rotate})])
    assert results(path)[NUMBERS].passed is found


def test_pages_showing_other_numbers_are_listed_with_what_the_first_shows(tmp_path):
    pages = numbered(7)
    pages[1] = BODY + at(290, 10, "7") + at(290, 820, "9")
    pages[2] = BODY + at(290, 10, "2")
    pages[3] = BODY
    pages[5] = BODY + at(290, 400, "6")
    path = made_pdf(tmp_path / "n.pdf", pages)
    assert results(path)[NUMBERS] == RuleResult(NUMBERS, False, (
        "pages 2\u20134, 6 do not show their PDF page number (page 2 shows 7, 9); renumber the bundle from 1 on "
        "its first page"))


def test_one_page_without_its_number_is_named_alone(tmp_path):
    path = made_pdf(tmp_path / "n.pdf", numbered(3, skip={3}))
    assert results(path)[NUMBERS].detail == (
        "page 3 does not show its PDF page number (page 3 shows no number); renumber the bundle from 1 on its "
        "first page")


def test_a_page_whose_only_text_is_its_number_has_no_text_layer(tmp_path):
    pages = numbered(6)
    pages[1] = at(290, 10, "2")
    pages[2] = at(290, 820, "3") + at(100, 400, "   ")
    pages[4] = at(290, 10, "5")
    path = made_pdf(tmp_path / "n.pdf", pages)
    found = results(path)
    assert found[NUMBERS].passed
    assert found["text on every page"] == RuleResult("text on every page", False, (
        "pages 2\u20133, 5 have no text layer: run OCR (bundler build --ocr)"))


def test_a_number_in_the_middle_of_a_page_is_text_not_a_page_number(tmp_path):
    path = made_pdf(tmp_path / "n.pdf", [at(290, 400, "1")])
    found = results(path)
    assert not found[NUMBERS].passed and found["text on every page"].passed


LABELS = "no page labels that differ"


def test_page_labels_that_run_like_the_pdf_page_numbers_pass_saying_so(tmp_path):
    path = made_pdf(tmp_path / "l.pdf", numbered(3), PageLabels=Dictionary(Nums=Array([0, Dictionary(S=Name.D)])))
    assert results(path)[LABELS] == RuleResult(LABELS, True, "page labels run 1, 2, 3 \u2026 like the PDF page numbers")


def test_page_labels_starting_at_two_fail_on_the_first_page(tmp_path):
    path = made_pdf(tmp_path / "l.pdf", numbered(3),
                    PageLabels=Dictionary(Nums=Array([0, Dictionary(S=Name.D, St=2)])))
    assert results(path)[LABELS] == RuleResult(LABELS, False, (
        "page 1 is labelled '2', so viewers show numbers that differ from the PDF page numbers; remove the "
        "/PageLabels"))


def test_page_labels_that_differ_only_on_the_last_page_fail_naming_it(tmp_path):
    path = made_pdf(tmp_path / "l.pdf", numbered(3),
                    PageLabels=Dictionary(Nums=Array([0, Dictionary(S=Name.D), 2, Dictionary(P="Annex ")])))
    assert results(path)[LABELS].detail.startswith("page 3 is labelled 'Annex ', so viewers")


LINKS = "index entries are links"


def link(rect_x=0, **keys):
    return Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([rect_x, 0, rect_x + 50, 50]), **keys)


def linked_pdf(path, *per_page, pages=4, **root):
    made_pdf(path, numbered(pages), **root)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page, annots in zip(pdf.pages, per_page, strict=False):
            made = annots(pdf)
            if made:
                page.obj.Annots = Array(made)
        pdf.save(path)
    return path


def to_page(n):
    return lambda pdf: Array([pdf.pages[n - 1].obj, Name.Fit])


def test_links_on_several_pages_are_counted_and_the_pages_listed(tmp_path):
    path = linked_pdf(tmp_path / "k.pdf",
                      lambda pdf: [link(Dest=to_page(3)(pdf)), link(60, Dest=to_page(4)(pdf))],
                      lambda pdf: [link(A=Dictionary(S=Name.GoTo, D=to_page(1)(pdf)))],
                      lambda pdf: [],
                      lambda pdf: [link(Dest=to_page(2)(pdf))])
    assert results(path)[LINKS] == RuleResult(LINKS, True, "4 links on pages 1\u20132, 4, all to pages in this file")


def test_web_links_and_other_annotations_are_not_index_entries(tmp_path):
    path = linked_pdf(tmp_path / "k.pdf", lambda pdf: [
        link(A=Dictionary(S=Name.URI, URI=pikepdf.String("https://www.gov.uk/"))),
        Dictionary(Type=Name.Annot, Subtype=Name.Text, Rect=Array([0, 0, 9, 9]), Dest=to_page(2)(pdf))])
    assert results(path)[LINKS] == RuleResult(LINKS, False, (
        "no internal links: make every index entry a link to its document"))


@pytest.mark.parametrize("make, reason", [
    (lambda pdf: link(Dest=Array([3, Name.Fit])), "uses a bare page number instead of a page object"),
    (lambda pdf: link(Dest=Array([pdf.make_indirect(Dictionary(Type=Name.Page)), Name.Fit])),
     "points at a page that is not in this file"),
    (lambda pdf: link(), "has no destination"),
    (lambda pdf: link(Dest=Array()), "has no destination"),
    (lambda pdf: link(A=Dictionary(S=Name.GoTo)), "has no destination"),
    (lambda pdf: link(Dest=pikepdf.String("nowhere")), "has no destination"),
    (lambda pdf: link(Dest=5), "has no destination"),
])
def test_a_broken_link_is_counted_and_the_first_is_described(tmp_path, make, reason):
    path = linked_pdf(tmp_path / "k.pdf", lambda pdf: [link(Dest=to_page(2)(pdf))],
                      lambda pdf: [], lambda pdf: [make(pdf), make(pdf)], lambda pdf: [link()])
    assert results(path)[LINKS] == RuleResult(LINKS, False, f"3 broken: a link on page 3 {reason}; link to the "
                                                            "page object")


def name_tree(pdf, key, value):
    return Dictionary(Dests=Dictionary(Names=Array([pikepdf.String(key), value])))


@pytest.mark.parametrize("dest, root", [
    (pikepdf.String("chapter"), {"Names": lambda pdf: name_tree(pdf, "chapter", to_page(2)(pdf))}),
    (pikepdf.String("chapter"), {"Names": lambda pdf: name_tree(pdf, "chapter", Dictionary(D=to_page(2)(pdf)))}),
    (Name("/chapter"), {"Dests": lambda pdf: Dictionary(chapter=to_page(2)(pdf))}),
    (pikepdf.String("chapter"), {"Dests": lambda pdf: Dictionary(chapter=Dictionary(D=to_page(2)(pdf)))}),
    (pikepdf.String("chapter"), {"Names": Dictionary(), "Dests": lambda pdf: Dictionary(chapter=to_page(2)(pdf))}),
], ids=["name tree", "name tree /D", "name in /Dests", "string in /Dests", "/Names without /Dests"])
def test_a_link_to_a_named_destination_is_followed_to_its_page(tmp_path, dest, root):
    path = linked_pdf(tmp_path / "k.pdf", lambda pdf: [link(Dest=dest)], **root)
    assert results(path)[LINKS] == RuleResult(LINKS, True, "1 links on page 1, all to pages in this file")


@pytest.mark.parametrize("root", [
    {"Names": lambda pdf: name_tree(pdf, "other", to_page(2)(pdf))},
    {"Dests": lambda pdf: Dictionary(other=to_page(2)(pdf))},
    {"Dests": lambda pdf: Dictionary(chapter=Dictionary(Dx=to_page(2)(pdf)))},
    {},
], ids=["name tree", "/Dests", "no /D", "no names at all"])
def test_a_link_to_a_name_that_is_not_defined_has_no_destination(tmp_path, root):
    path = linked_pdf(tmp_path / "k.pdf", lambda pdf: [link(Dest=pikepdf.String("chapter"))], **root)
    assert results(path)[LINKS].detail == "1 broken: a link on page 1 has no destination; link to the page object"


MARKS = "bookmarks resolve"


def test_a_file_without_bookmarks_fails_the_bookmark_rule(tmp_path):
    assert results(made_pdf(tmp_path / "b.pdf", numbered(2)))[MARKS] == RuleResult(
        MARKS, False, "no bookmarks: add one for each section and document")


def test_bookmarks_are_counted_with_the_top_level_apart(tmp_path):
    outline = [("Index (p. 1)", 0, []),
               ("A. Core (p. 2)", 1, [("Letter (p. 2)", 1, []), ("Plan (pp. 3\u20134)", 2, [("Part (p.4)", 3, [])])]),
               ("B. Evidence", None, [])]
    path = made_pdf(tmp_path / "b.pdf", numbered(4), outline)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        with pdf.open_outline() as tree:
            tree.root[2].action = Dictionary(S=Name.GoTo, D=Array([pdf.pages[3].obj, Name.Fit]))
        pdf.save(path)
    assert results(path)[MARKS] == RuleResult(MARKS, True, "6 bookmarks (3 top-level), all to pages in this file")


@pytest.mark.parametrize("spec, reason", [
    (("Letter", None, []), "'Letter' has no destination"),
    (("Letter", lambda pdf: Array([2, Name.Fit]), []), "'Letter' uses a bare page number instead of a page object"),
    (("Letter (p. 3)", 1, []), "'Letter (p. 3)' opens page 2, not the page its label gives"),
    (("Letter (pp. 3\u20134)", 1, []), "'Letter (pp. 3\u20134)' opens page 2, not the page its label gives"),
])
def test_a_bookmark_that_does_not_resolve_is_counted_and_the_first_described(tmp_path, spec, reason):
    outline = [("Index (p. 1)", 0, [spec, spec])]
    path = made_pdf(tmp_path / "b.pdf", numbered(4), outline)
    assert results(path)[MARKS] == RuleResult(MARKS, False, f"2 of 3 bookmarks do not resolve: {reason}")


def test_a_bookmark_with_a_web_link_action_has_no_destination(tmp_path):
    path = made_pdf(tmp_path / "b.pdf", numbered(2), [("Site", None, [])])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        with pdf.open_outline() as tree:
            tree.root[0].action = Dictionary(S=Name.URI, URI=pikepdf.String("https://www.gov.uk/"),
                                             D=Array([pdf.pages[0].obj, Name.Fit]))
        pdf.save(path)
    assert results(path)[MARKS].detail == "1 of 1 bookmarks do not resolve: 'Site' has no destination"


A4_RULE = "every page is A4"


@pytest.mark.parametrize("box, passes", [
    ([0, 0, 595.276, 841.89], True), ([0, 0, 841.89, 595.276], True), ([100, 200, 695.276, 1041.89], True),
    ([0, 0, 598.176, 841.89], True), ([0, 0, 592.376, 841.89], True), ([0, 0, 595.276, 844.79], True),
    ([0, 0, 595.276, 838.99], True), ([0, 0, 598.276, 844.89], True), ([0, 0, 592.276, 838.89], True),
    ([0, 0, 598.376, 841.89], False), ([0, 0, 592.176, 841.89], False), ([0, 0, 595.276, 844.99], False),
    ([0, 0, 595.276, 838.79], False), ([0, 0, 844.99, 595.276], False), ([0, 0, 841.89, 598.376], False),
])
def test_a_page_is_a4_either_way_round_to_within_3_pt_on_each_side_3_pt_included(tmp_path, box, passes):
    path = made_pdf(tmp_path / "a.pdf", [(BODY, {"MediaBox": Array(box)})])
    assert results(path)[A4_RULE].passed is passes


def test_pages_that_are_not_a4_are_listed_with_the_first_ones_size(tmp_path):
    pages = numbered(5)
    pages[1] = (pages[1], {"MediaBox": Array([10, 20, 802, 632])})
    pages[2] = (pages[2], {"MediaBox": Array([0, 0, 612, 792])})
    pages[4] = (pages[4], {"MediaBox": Array([0, 0, 595, 842]), "CropBox": Array([0, 0, 500, 842])})
    path = made_pdf(tmp_path / "a.pdf", pages)
    assert results(path)[A4_RULE] == RuleResult(A4_RULE, False, (
        "pages 2\u20133, 5 are not A4 (page 2 is 792 x 612 pt; A4 is 595 x 842 pt)"))


def test_one_page_that_is_not_a4_is_named_alone(tmp_path):
    path = made_pdf(tmp_path / "a.pdf", [(BODY, {"MediaBox": Array([0, 0, 420, 595])})])
    assert results(path)[A4_RULE].detail == "page 1 is not A4 (page 1 is 420 x 595 pt; A4 is 595 x 842 pt)"


VIEW = "opens at 100% with bookmarks shown"


def opening(zoom_action, mode):
    root = {} if mode is None else {"PageMode": mode}
    if zoom_action is not None:
        root["OpenAction"] = zoom_action
    return root


@pytest.mark.parametrize("action, mode, detail", [
    (lambda pdf: Array([pdf.pages[0].obj, Name.XYZ, None, None, 1]), Name.UseOutlines, None),
    (lambda pdf: Array([pdf.pages[0].obj, Name.XYZ, 0, 842, 1.0]), Name.UseOutlines, None),
    (lambda pdf: Array([pdf.pages[0].obj, Name.XYZ, None, None, 1]), Name.UseThumbs, "the bookmarks panel"),
    (lambda pdf: Array([pdf.pages[0].obj, Name.XYZ, None, None, 1]), None, "the bookmarks panel"),
    (lambda pdf: Array([pdf.pages[0].obj, Name.XYZ, None, None, 2]), Name.UseOutlines, "a 100% zoom"),
    (lambda pdf: Array([pdf.pages[0].obj, Name.XYZ, None, None, None]), Name.UseOutlines, "a 100% zoom"),
    (lambda pdf: Array([pdf.pages[0].obj, Name.XYZ, None, 1]), Name.UseOutlines, "a 100% zoom"),
    (lambda pdf: Array([pdf.pages[0].obj, Name.XYZ, None, None, 1, 1]), Name.UseOutlines, "a 100% zoom"),
    (lambda pdf: Array([pdf.pages[0].obj, Name.FitR, 0, 0, 1]), Name.UseOutlines, "a 100% zoom"),
    (lambda pdf: Dictionary(S=Name.GoTo, D=Array([pdf.pages[0].obj, Name.XYZ, None, None, 1])), Name.UseOutlines,
     "a 100% zoom"),
    (None, Name.UseOutlines, "a 100% zoom"),
    (None, None, "a 100% zoom or the bookmarks panel"),
])
def test_the_opening_view_needs_a_100_percent_zoom_and_the_bookmarks_panel(tmp_path, action, mode, detail):
    path = made_pdf(tmp_path / "v.pdf", numbered(1), **opening(action, mode))
    expected = (RuleResult(VIEW, True, "opens at 100% with the bookmarks panel") if detail is None
                else RuleResult(VIEW, False, f"the file does not open with {detail}"))
    assert results(path)[VIEW] == expected


ACTIVE = "no active content"


def changed_pdf(path, change, pages=3):
    made_pdf(path, numbered(pages))
    with pikepdf.open(path, allow_overwriting_input=True) as pdf, warnings.catch_warnings():
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)  # a widget without a form is the point
        change(pdf)
        pdf.save(path)
    return path


def on_page(n, *annots):
    def change(pdf):
        pdf.pages[n - 1].obj.Annots = Array([a(pdf) if callable(a) else a for a in annots])
    return change


def found_active(path):
    result = results(path)[ACTIVE]
    assert not result.passed
    assert result.detail.startswith("found ") and result.detail.endswith(": rebuild the bundle without them")
    return result.detail[len("found "):-len(": rebuild the bundle without them")]


@pytest.mark.parametrize("action", ["JavaScript", "Launch", "ImportData", "SubmitForm", "ResetForm", "Rendition",
                                    "GoToE", "GoToR", "Sound", "Movie", "RichMediaExecute", "Hide", "SetOCGState"])
def test_each_action_that_runs_or_reaches_outside_is_named(tmp_path, action):
    path = changed_pdf(tmp_path / "x.pdf", on_page(2, link(A=Dictionary(S=Name("/" + action)))))
    assert found_active(path) == f"{action} action (page 2)"


@pytest.mark.parametrize("action", ["GoTo", "URI", "Named", "Thread"])
def test_actions_that_stay_in_the_file_or_only_link_to_the_web_pass(tmp_path, action):
    path = changed_pdf(tmp_path / "x.pdf", on_page(2, link(A=Dictionary(S=Name("/" + action)))))
    assert results(path)[ACTIVE] == RuleResult(
        ACTIVE, True, "no JavaScript, launch or remote actions, forms, XFA, media or embedded files")


def test_script_without_an_action_type_is_a_javascript_action(tmp_path):
    path = changed_pdf(tmp_path / "x.pdf", on_page(1, link(A=Dictionary(JS=pikepdf.String("app.alert(1)")))))
    assert found_active(path) == "JavaScript action (page 1)"


@pytest.mark.parametrize("subtype, what", [("RichMedia", "RichMedia annotation"), ("Movie", "Movie annotation"),
                                           ("Sound", "Sound annotation"), ("Screen", "Screen annotation"),
                                           ("3D", "3D annotation"), ("FileAttachment", "FileAttachment annotation"),
                                           ("Widget", "form field")])
@pytest.mark.parametrize("keys", [{"Rect": Array([0, 0, 9, 9])}, {"Type": Name.Annot}], ids=["rect", "type"])
def test_each_media_attachment_or_form_annotation_is_named(tmp_path, subtype, what, keys):
    path = changed_pdf(tmp_path / "x.pdf", on_page(3, Dictionary(Subtype=Name("/" + subtype), **keys)))
    assert found_active(path) == f"{what} (page 3)"


def test_a_media_subtype_on_something_that_is_not_an_annotation_passes(tmp_path):
    path = changed_pdf(tmp_path / "x.pdf", on_page(3, Dictionary(Subtype=Name.Sound, Type=Name.Sound),
                                                     Dictionary(Subtype=Name.Text, Rect=Array([0, 0, 9, 9]))))
    assert results(path)[ACTIVE].passed


@pytest.mark.parametrize("change, found", [
    (lambda pdf: setattr(pdf.Root, "AcroForm", Dictionary(Fields=Array([Dictionary(T=pikepdf.String("f"))]))),
     "form field (the form)"),
    (lambda pdf: setattr(pdf.Root, "AcroForm", Dictionary(XFA=Array())), "XFA form (the form)"),
    (lambda pdf: setattr(pdf.Root, "Names", Dictionary(JavaScript=Dictionary(Names=Array()))),
     "document JavaScript (the name trees)"),
    (lambda pdf: setattr(pdf.Root, "Names", Dictionary(EmbeddedFiles=Dictionary(Names=Array([
        pikepdf.String("a.txt"), Dictionary(Type=Name.Filespec, EF=Dictionary())])))),
     "embedded file (the name trees)"),
    (lambda pdf: setattr(pdf.Root, "Extra", pdf.make_stream(b"MZ", Type=Name.EmbeddedFile)),
     "embedded file (the document's Extra)"),
    (lambda pdf: setattr(pdf.Root, "OpenAction", Dictionary(S=Name.Launch)), "Launch action (the opening action)"),
    (lambda pdf: setattr(pdf.Root, "AA", Dictionary(WC=Dictionary(S=Name.JavaScript))),
     "JavaScript action (document actions)"),
    (lambda pdf: setattr(pdf.trailer, "Info", Dictionary(S=Name.Launch)), "Launch action (document information)"),
    (lambda pdf: setattr(pdf.trailer, "Odd", Dictionary(S=Name.Launch)), "Launch action (the trailer's Odd)"),
])
def test_active_content_outside_the_pages_is_named_by_where_it_is(tmp_path, change, found):
    assert found_active(changed_pdf(tmp_path / "x.pdf", change)) == found


@pytest.mark.parametrize("change", [
    lambda pdf: setattr(pdf.Root, "AcroForm", Dictionary(Fields=Array())),
    lambda pdf: setattr(pdf.Root, "P", Dictionary(S=Name.Launch)),
    lambda pdf: setattr(pdf.Root, "Parent", Dictionary(S=Name.Launch)),
    lambda pdf: setattr(pdf.pages[0].obj, "P", Dictionary(S=Name.Launch)),
    lambda pdf: setattr(pdf.Root, "Extra", Array([1, Name.Launch, pikepdf.String("JS")])),
], ids=["empty form", "root /P", "root /Parent", "page /P", "plain values"])
def test_an_empty_form_and_what_only_points_back_up_the_tree_pass(tmp_path, change):
    assert results(changed_pdf(tmp_path / "x.pdf", change))[ACTIVE].passed


def test_what_a_page_holds_is_named_by_that_page_and_pages_come_in_number_order(tmp_path):
    def change(pdf):
        pdf.pages[9].obj.AA = Dictionary(O=Dictionary(S=Name.JavaScript))
        pdf.pages[1].obj.AA = Dictionary(O=pdf.make_indirect(Dictionary(S=Name.JavaScript)))
        on_page(1, link(Dest=Array([pdf.pages[9].obj, Name.Fit])),  # a link to page 10 walks nothing of it
                Dictionary(Subtype=Name.Widget, Rect=Array([0, 0, 9, 9]), P=pdf.pages[5].obj))(pdf)
        pdf.pages[5].obj.Annots = Array([link(A=Dictionary(S=Name.Launch))])
        pdf.Root.OpenAction = Dictionary(S=Name.JavaScript)
        pdf.Root.AA = Dictionary(WC=Dictionary(S=Name.JavaScript))
    path = changed_pdf(tmp_path / "x.pdf", change, pages=11)
    assert found_active(path) == ("JavaScript action (page 2, page 10, document actions, the opening action); "
                                  "Launch action (page 6); form field (page 1)")


def test_an_indirect_object_reached_twice_is_named_where_it_is_first_met(tmp_path):
    def change(pdf):
        script = pdf.make_indirect(Dictionary(S=Name.JavaScript))
        pdf.pages[2].obj.AA = Dictionary(O=script)
        pdf.Root.OpenAction = script
    assert found_active(changed_pdf(tmp_path / "x.pdf", change)) == "JavaScript action (page 3)"


def test_a_stream_dictionary_is_looked_into(tmp_path):
    def change(pdf):
        pdf.pages[0].obj.Resources.XObject = Dictionary(X=pdf.make_stream(b"", AA=Dictionary(S=Name.Launch)))
    assert found_active(changed_pdf(tmp_path / "x.pdf", change)) == "Launch action (page 1)"


BUDGETS = "page budgets"
BUDGET_TEMPLATE = load_template("""
[appeal_types]
contents = "Contents"
other = "Other"
[extended]
evidence_budget = 3
evidence_sections = ["core", "ehcp"]
combine = "added"
[[sections]]
key = "core"
letter = "A"
title = "Core"
budget = { contents = 3, other = 4 }
[[sections]]
key = "la_evidence"
letter = "BC"
title = "LA evidence"
[[sections]]
key = "ehcp"
letter = "C"
title = "Plan"
budget = { contents = 1, other = 2 }
""")


def budget_manifest(appeal_type="contents", extended=()):
    case = CaseDetails(**{**CASE, "appeal_type": appeal_type, "hearing_date": None}, extended=extended)
    return Manifest(case=case, documents=())


# Sections A pp. 2-5, BC pp. 6-8, C pp. 9-10; the unknown Z and a supplement end the sections before them.
SECTIONED = [("Index", 0, []), ("BC. LA evidence", 5, []), ("A. Core", 1, [("Letter", 1, [])]),
             ("C. Plan", 8, []), ("Z. Unknown", 10, []), ("Supplement", 11, [])]


@pytest.mark.parametrize("appeal, extended, passed, detail", [
    ("contents", (), False, "section A (Core) has 4 pages, 1 over its limit of 3; section C (Plan) has 2 pages, 1 "
                            "over its limit of 1: add an accompanying note or ask for a change (SEND7)"),
    ("other", (), True, "within limits: A 4/4, BC 3, C 2/2"),
    ("contents", ("C",), True, "within limits: A 4/6, BC 3, C 2/4"),
])
def test_each_section_is_measured_from_its_bookmark_to_the_next_top_level_one(tmp_path, appeal, extended, passed,
                                                                              detail):
    path = made_pdf(tmp_path / "s.pdf", numbered(12), SECTIONED)
    found = results(path, manifest=budget_manifest(appeal, extended), template=BUDGET_TEMPLATE)
    assert found[BUDGETS] == RuleResult(BUDGETS, passed, detail)


def test_the_last_section_runs_to_the_last_page(tmp_path):
    path = made_pdf(tmp_path / "s.pdf", numbered(6), [("A. Core", 2, [])])
    assert results(path, manifest=budget_manifest("other"), template=BUDGET_TEMPLATE)[BUDGETS].detail == (
        "within limits: A 4/4")


def test_a_section_bookmark_opened_by_a_goto_action_counts(tmp_path):
    path = made_pdf(tmp_path / "s.pdf", numbered(4), [("A. Core", None, [])])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        with pdf.open_outline() as tree:
            tree.root[0].action = Dictionary(S=Name.GoTo, D=Array([pdf.pages[1].obj, Name.Fit]))
        pdf.save(path)
    assert results(path, manifest=budget_manifest("other"), template=BUDGET_TEMPLATE)[BUDGETS].detail == (
        "within limits: A 3/4")


def test_without_top_level_section_bookmarks_the_budgets_cannot_be_measured(tmp_path):
    outline = [("Index", 0, [("A. Core", 1, [])]), ("A.Core", 1, []), ("a. Core", 1, []), ("ABC. Core", 1, []),
               ("A. Core", None, []), ("D. Unknown", 2, [])]
    path = made_pdf(tmp_path / "s.pdf", numbered(4), outline)
    assert results(path, manifest=budget_manifest(), template=BUDGET_TEMPLATE)[BUDGETS] == RuleResult(
        BUDGETS, False, "no section bookmarks ('A. Core documents' and so on) to measure sections by")


def test_the_default_template_is_used_when_none_is_given(tmp_path):
    path = made_pdf(tmp_path / "s.pdf", numbered(3), [("A. Core documents", 0, [])])
    assert results(path, manifest=budget_manifest())[BUDGETS].detail == "within limits: A 3/100"


def test_the_first_bookmark_that_does_not_resolve_is_the_first_in_the_panel(tmp_path):
    outline = [("Index (p. 1)", 0, [("First (p. 3)", 1, []), ("Second", None, [("Deeper", None, [])])]),
               ("Top", None, [])]
    path = made_pdf(tmp_path / "b.pdf", numbered(3), outline)
    assert results(path)[MARKS].detail == (
        "4 of 5 bookmarks do not resolve: 'First (p. 3)' opens page 2, not the page its label gives")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        with pdf.open_outline() as tree:
            tree.root[0].children[0].title = "First (p. 2)"
        pdf.save(path)
    assert results(path)[MARKS].detail == "3 of 5 bookmarks do not resolve: 'Second' has no destination"


def test_a_section_bookmark_to_a_named_destination_is_followed(tmp_path):
    path = made_pdf(tmp_path / "s.pdf", numbered(4), [("A. Core", pikepdf.String("core"), [])],
                    Names=lambda pdf: name_tree(pdf, "core", to_page(3)(pdf)))
    found = results(path, manifest=budget_manifest("other"), template=BUDGET_TEMPLATE)
    assert found[BUDGETS].detail == "within limits: A 2/4"
    assert found[MARKS].passed
