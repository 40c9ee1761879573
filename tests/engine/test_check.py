"""`bundler check` passes our own bundles and fails the right rule on bad ones."""
import pikepdf
import pytest
from click.testing import CliRunner
from pikepdf import Array, Dictionary, Name

from bundler.engine.check import check_bundle
from bundler.engine.commands import check

from .conftest import encrypted_pdf, text_pdf


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
