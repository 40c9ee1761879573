"""The built bundle, opened and read: pages, numbers, index, links, bookmarks, geometry, active content."""
import json
import re

import pikepdf
import pytest
from click.testing import CliRunner
from pikepdf import Name

from bundler.engine.assemble import build_bundle, build_supplement, plan_bundle
from bundler.engine.check import check_bundle
from bundler.engine.commands import build
from bundler.engine.errors import ManifestError
from bundler.engine.front_matter import FONT_DIR
from bundler.engine.manifest import load_manifest
from bundler.engine.stamp import A4, BAND
from bundler.engine.template import load_template

from .conftest import CASE, doc, form_pdf, marker_pdf, page_texts, placed_text, text_pdf, write_manifest

FONT = FONT_DIR / "LiberationSans-Regular.ttf"

INPUT_PAGES = 3 + 1 + 1 + 2 + 1 + 1 + 1 + 1 + 1 + 2 + 2


def test_page_count_is_front_matter_plus_every_input_page(rich_bundle):
    with pikepdf.open(rich_bundle.output) as pdf:
        assert len(pdf.pages) == rich_bundle.report.page_count
    assert rich_bundle.report.page_count == rich_bundle.report.front_matter_pages + INPUT_PAGES
    assert rich_bundle.report.front_matter_pages == 2


def test_every_page_is_a4_and_landscape_inputs_stay_landscape(rich_bundle):
    landscape_titles = {"Final EHC plan (rotated)", "Landscape chart", "Negative rotation"}
    landscape_pages = {n for title in landscape_titles for n in range(
        rich_bundle.document(title).first_page, rich_bundle.document(title).last_page + 1)}
    with pikepdf.open(rich_bundle.output) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            width, height = (float(v) for v in page.mediabox[2:])
            assert [float(v) for v in page.mediabox[:2]] == [0, 0]
            assert int(page.obj.get("/Rotate", 0)) == 0
            expected = (A4[1], A4[0]) if n in landscape_pages else A4
            assert (width, height) == pytest.approx(expected, abs=0.01), f"page {n}"


def test_each_page_prints_its_pdf_page_number_upright_in_the_footer_band(rich_bundle):
    pages = placed_text(rich_bundle.output)
    for n, pieces in enumerate(pages, 1):
        footer = [(text, direction) for text, x, y, direction in pieces if y < BAND and re.fullmatch(r"\d+", text)]
        assert footer == [(str(n), (1.0, 0.0))], f"page {n}: {footer}"


def test_rotated_input_content_turns_with_the_page_but_its_number_does_not(rich_bundle):
    first = rich_bundle.document("Final EHC plan (rotated)").first_page
    pieces = placed_text(rich_bundle.output)[first - 1]
    content = next(p for p in pieces if p[0].startswith("Rotated plan page 1"))
    a, b = content[3]
    assert a == pytest.approx(0, abs=1e-6) and b < 0  # text runs down the page, as /Rotate 90 displays it
    number = next(p for p in pieces if p[0] == str(first))
    assert number[3] == (1.0, 0.0)


def test_rotated_page_renders_landscape_with_number_at_the_bottom(rich_bundle, tmp_path):
    import shutil
    import subprocess
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm missing: apt-get install poppler-utils")
    from PIL import Image
    first = rich_bundle.document("Final EHC plan (rotated)").first_page
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-png", "-f", str(first), "-l", str(first),
                    str(rich_bundle.output), str(tmp_path / "p")], check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    assert image.width > image.height
    band = image.crop((0, image.height - int(BAND * 40 / 72), image.width, image.height))
    assert band.getextrema()[0] < 128  # something dark (the number) in the footer band


@pytest.mark.parametrize("title", ["Decision letter", "Working document", "Reversed crop box", "Negative rotation"])
def test_odd_boxes_are_scaled_not_cropped_so_corner_markers_survive(rich_bundle, title):
    page = rich_bundle.document(title).first_page
    pieces = placed_text(rich_bundle.output)[page - 1]
    with pikepdf.open(rich_bundle.output) as pdf:
        width, height = (float(v) for v in pdf.pages[page - 1].mediabox[2:])
    markers = {text: (x, y) for text, x, y, _ in pieces if text.startswith("MARK-") and text != "MARK-OUT"}
    assert set(markers) == {"MARK-NW", "MARK-NE", "MARK-SW", "MARK-SE"}
    for name, (x, y) in markers.items():
        assert 0 <= x <= width and BAND <= y <= height, f"{name} at {(x, y)} is off the page or in the band"


def test_reversed_crop_box_clips_to_the_crop_box_not_the_media_box(rich_bundle):
    page = rich_bundle.document("Reversed crop box").first_page
    pieces = placed_text(rich_bundle.output)[page - 1]
    x, y = next((x, y) for text, x, y, _ in pieces if text == "MARK-OUT")
    # the crop box is what is fitted to the page; what lies outside it stays outside (and clipped)
    assert not (0 <= x <= A4[0] and 0 <= y <= A4[1])


def test_index_lists_case_details_sections_and_documents_with_page_ranges(rich_bundle):
    texts = page_texts(rich_bundle.output, layout=True)
    cover, index = texts[0], texts[1]
    for expected in ("EH936/25/01234", "Sam Smith", "Alex Smith", "Surrey County Council", "2 Mar 2026",
                     "10 Feb 2026"):
        assert expected in cover
    appeal = rich_bundle.document("Appeal form")
    assert re.search(rf"A1\s+Decision letter\s+1 Sep 2025\s+{rich_bundle.document('Decision letter').first_page}",
                     index)
    assert re.search(rf"Appeal form\s+1 Oct 2025\s+{appeal.first_page}\u2013{appeal.last_page}", index)
    assert "A. Core documents" in index and "E. Local authority's evidence" in index
    assert re.search(r"C\. Working document\s+pp\. \d+\u2013\d+", index)


def test_documents_are_in_date_order_within_sections_and_ties_keep_manifest_order(rich_bundle):
    core = rich_bundle.report.sections[0]
    assert [d.title for d in core.documents] == ["Decision letter", "Appeal form", "Registration letter"]
    starts = [d.first_page for s in rich_bundle.report.sections for d in s.documents]
    assert starts == sorted(starts)
    texts = page_texts(rich_bundle.output)
    assert "Appeal form page 1" in texts[rich_bundle.document("Appeal form").first_page - 1]
    assert "Registration letter page 1" in texts[rich_bundle.document("Registration letter").first_page - 1]


def test_every_index_entry_links_to_the_page_object_of_its_first_page(rich_bundle):
    with pikepdf.open(rich_bundle.output) as pdf:
        targets = []
        for annot in pdf.pages[1].obj.Annots:
            assert annot.Subtype == Name.Link
            dest = annot.Dest
            assert isinstance(dest[0], pikepdf.Dictionary)  # a page object, never a bare number
            targets.append(next(n for n, p in enumerate(pdf.pages, 1) if p.obj.objgen == dest[0].objgen))
    sections = [s for s in rich_bundle.report.sections]
    expected = []
    for section in sections:
        if section.first_page is not None:
            expected.append(section.first_page)
        expected.extend(d.first_page for d in section.documents)
    assert targets == expected


def test_bookmarks_name_each_section_and_document_with_date_and_page(rich_bundle):
    with pikepdf.open(rich_bundle.output) as pdf:
        pages = {p.obj.objgen: n for n, p in enumerate(pdf.pages, 1)}
        with pdf.open_outline() as outline:
            tree = [(item.title, pages[item.destination[0].objgen],
                     [(c.title, pages[c.destination[0].objgen]) for c in item.children]) for item in outline.root]
        assert pdf.Root.PageMode == Name.UseOutlines
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.docinfo.Title) == "Hearing bundle EH936/25/01234"
        assert list(pdf.Root.OpenAction)[1:] == [Name.XYZ, None, None, 1]
        assert pdf.Root.OpenAction[0].objgen == pdf.pages[0].obj.objgen
    assert tree[0] == ("Index (p. 2)", 2, [])
    core = rich_bundle.report.sections[0]
    assert tree[1][0] == f"A. Core documents (p. {core.first_page})"
    assert tree[1][2] == [(f"{d.title}, {d.date.day} {d.date:%b %Y} (p. {d.first_page})", d.first_page)
                          for d in core.documents]
    appellant = rich_bundle.report.sections[3]
    assert (f"D. Appellant's evidence (p. {appellant.first_page})", appellant.first_page) == tree[4][:2]
    assert len(tree) == 1 + sum(1 for s in rich_bundle.report.sections if s.documents)


def test_form_field_values_stay_visible_and_no_active_content_survives(rich_bundle):
    page = rich_bundle.document("Parental views form").first_page
    assert "FIELD-VALUE-42" in page_texts(rich_bundle.output)[page - 1]
    with pikepdf.open(rich_bundle.output) as pdf:
        root = pdf.Root
        assert "/AcroForm" not in root and "/Names" not in root
        assert isinstance(root.OpenAction, pikepdf.Array)
        assert not pdf.attachments
        for obj in pdf.objects:
            if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                assert obj.get("/S") != Name.JavaScript and "/JS" not in obj
                assert obj.get("/Subtype") != Name.Widget and "/AA" not in obj


def test_attached_files_left_out_are_named_in_a_warning(rich_bundle):
    assert any("school-notes.txt" in w and "Parental views form" in w for w in rich_bundle.report.warnings)


def test_owner_locked_and_repaired_inputs_are_bundled(rich_bundle):
    texts = page_texts(rich_bundle.output)
    assert "Owner locked page 2" in texts[rich_bundle.document("Owner-locked report").last_page - 1]
    assert "Repaired report page 1" in texts[rich_bundle.document("Repaired report").first_page - 1]
    assert any("damaged.pdf" in w and "repaired" in w for w in rich_bundle.report.warnings)
    with pikepdf.open(rich_bundle.output) as pdf:
        assert not pdf.is_encrypted


def test_progress_reaches_every_page(rich_bundle):
    total = rich_bundle.report.page_count
    assert rich_bundle.progress[-1] == (total, total)
    assert [done for done, _ in rich_bundle.progress] == sorted(done for done, _ in rich_bundle.progress)


def test_plan_predicts_exactly_the_layout_the_build_produced(rich_bundle):
    plan = plan_bundle(rich_bundle.manifest)
    built = rich_bundle.report.to_dict()
    assert plan.to_dict() == built
    assert plan.page_count == len(page_texts(rich_bundle.output))


def test_report_json_has_sections_documents_pages_budgets_and_warnings(rich_bundle, tmp_path):
    out, report = tmp_path / "b.pdf", tmp_path / "r.json"
    result = CliRunner().invoke(build, [str(rich_bundle.manifest_path), "-o", str(out), "--report", str(report)])
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text())
    assert data["page_count"] == rich_bundle.report.page_count
    assert data["front_matter_pages"] == 2
    assert [s["key"] for s in data["sections"]] == [s.key for s in load_template().sections]
    core = data["sections"][0]
    assert (core["budget"], core["overrun"], core["page_count"]) == (100, 0, 5)
    assert core["documents"][1] | {"file": None} == {
        "id": "doc-1", "title": "Appeal form", "date": "2025-10-01", "file": None,
        "first_page": core["first_page"] + 1, "last_page": core["first_page"] + 3, "page_count": 3,
        "section": "core"}
    assert data["warnings"] == rich_bundle.report.warnings
    assert report.read_text(encoding="utf-8") == json.dumps(data, indent=2)  # indented two spaces, for reading
    assert result.output.splitlines()[:2] == [f"Wrote {out}: {data['page_count']} pages (2 of front matter).",
                                              "  A. Core documents: 5 pages of 100"]


def test_long_index_runs_over_several_pages_and_numbers_and_links_stay_right(long_index_bundle):
    path, report, _, _ = long_index_bundle
    assert report.front_matter_pages > 3
    assert report.page_count == report.front_matter_pages + 70
    pages = placed_text(path)
    assert all([t for t, x, y, _ in p if y < BAND] == [str(n)] for n, p in enumerate(pages, 1))
    with pikepdf.open(path) as pdf:
        index = {p.obj.objgen: n for n, p in enumerate(pdf.pages, 1)}
        targets = [index[a.Dest[0].objgen] for page in pdf.pages[:report.front_matter_pages]
                   for a in page.obj.get("/Annots") or []]
    assert len(targets) == 70 + 2
    assert sorted(set(targets)) == list(range(report.front_matter_pages + 1, report.page_count + 1))


def test_budget_overrun_is_warned_and_explained_in_an_accompanying_note(long_index_bundle):
    path, report, _, _ = long_index_bundle
    core = report.sections[0]
    assert (core.page_count, core.budget, core.overrun) == (35, 1, 34)
    assert any("Section A (Core) has 35 pages, 34 over its limit of 1" in w for w in report.warnings)
    front = " ".join(page_texts(path)[:report.front_matter_pages])
    assert "Accompanying note on page limits" in front
    assert "34 pages over" in front.replace("\n", " ")


@pytest.mark.skipif(not FONT.is_file(), reason="fonts-liberation is not installed: apt-get install fonts-liberation")
def test_index_shows_names_beyond_latin_1(tmp_path):
    text_pdf(tmp_path / "a.pdf", 1, "Letter")
    case = {**CASE, "child": "\u0141ukasz \u017b\u00f3\u0142\u0107"}
    title = "Zo\u00eb's \u201cviews\u201d \u2013 \u0142\u00f3d\u017a"
    manifest = write_manifest(tmp_path, [doc("core", title, "2025-01-01", "a.pdf")], case=case)
    build_bundle(load_manifest(manifest), tmp_path / "b.pdf")
    cover, index = page_texts(tmp_path / "b.pdf")[:2]
    assert "\u0141ukasz \u017b\u00f3\u0142\u0107" in cover
    assert title in index


def test_section_missing_from_a_custom_template_is_a_manifest_error(tmp_path):
    text_pdf(tmp_path / "a.pdf", 1, "Letter")
    manifest = load_manifest(write_manifest(tmp_path, [doc("ehcp", "Plan", "2025-01-01", "a.pdf")]))
    template = load_template('[appeal_types]\ncontents = "C"\n[[sections]]\nkey = "core"\nletter = "A"\n'
                             'title = "Core"\n')
    with pytest.raises(ManifestError, match="section 'ehcp' of 'Plan' is not in the bundle template"):
        build_bundle(manifest, tmp_path / "b.pdf", template=template)
    assert not (tmp_path / "b.pdf").exists()


@pytest.mark.parametrize("before,after", [("Q Q ", ""), ("", " q 4 0 0 4 0 0 cm q"), ("Q ", " q q q q q")])
def test_unbalanced_q_and_Q_in_an_input_neither_move_the_number_nor_uncrop_the_content(tmp_path, before, after):
    box = (0, 0, 612, 792)
    marker_pdf(tmp_path / "odd.pdf", box)
    with pikepdf.open(tmp_path / "odd.pdf") as pdf:
        page = pdf.pages[0].obj
        page.Contents = pdf.make_stream(before.encode() + page.Contents.read_bytes() + after.encode())
        pdf.save(tmp_path / "unbalanced.pdf")
    manifest = write_manifest(tmp_path, [doc("core", "Unbalanced", "2025-01-01", "unbalanced.pdf")])
    build_bundle(load_manifest(manifest), tmp_path / "b.pdf")
    pieces = placed_text(tmp_path / "b.pdf")[-1]
    assert [(t, y) for t, x, y, _ in pieces if y < BAND] == [("3", 10.0)]
    markers = [(x, y) for t, x, y, _ in pieces if t.startswith("MARK-")]
    assert len(markers) == 4 and all(0 <= x <= A4[0] and BAND <= y <= A4[1] for x, y in markers)


def test_an_earlier_bundle_can_be_bundled_again_with_fresh_numbers(rich_bundle, tmp_path):
    manifest = write_manifest(tmp_path, [doc("la_evidence", "Previous bundle", "2025-01-01",
                                             rich_bundle.output)])
    report = build_bundle(load_manifest(manifest), tmp_path / "again.pdf")
    assert report.page_count == report.front_matter_pages + rich_bundle.report.page_count
    pages = placed_text(tmp_path / "again.pdf")
    assert all([t for t, x, y, _ in p if y < BAND and t.isdigit()] == [str(n)] for n, p in enumerate(pages, 1))
    assert all(r.passed for r in check_bundle(tmp_path / "again.pdf"))


def test_the_same_file_listed_twice_is_named_in_a_warning(tmp_path):
    text_pdf(tmp_path / "a.pdf", 1, "Letter")
    (tmp_path / "copy.pdf").write_bytes((tmp_path / "a.pdf").read_bytes())
    text_pdf(tmp_path / "other.pdf", 1, "Other letter")
    manifest = load_manifest(write_manifest(tmp_path, [
        doc("core", "Decision letter", "2025-01-01", "a.pdf"), doc("la_evidence", "Other", "2025-01-02", "other.pdf"),
        doc("la_evidence", "Decision letter (again)", "2025-01-03", "copy.pdf")]))
    warnings = plan_bundle(manifest).warnings
    assert warnings == ["the same file appears 2 times: 'Decision letter', 'Decision letter (again)'; remove the "
                        "copies unless each is needed where it is"]


def test_one_file_listed_twice_is_bundled_twice_each_page_with_its_own_number(tmp_path):
    """qpdf's page merge opens a file once however often it is listed: each listing still gets pages of its own."""
    text_pdf(tmp_path / "a.pdf", 2, "Letter")
    manifest = load_manifest(write_manifest(tmp_path, [
        doc("core", "Decision letter", "2025-01-01", "a.pdf"), doc("la_evidence", "Again", "2025-01-03", "a.pdf")]))
    report = build_bundle(manifest, tmp_path / "b.pdf")
    texts = page_texts(tmp_path / "b.pdf")[report.front_matter_pages:]
    assert ["Letter page 1" in texts[0], "Letter page 2" in texts[3]] == [True, True]
    pages = placed_text(tmp_path / "b.pdf")
    assert all([t for t, x, y, _ in p if y < BAND and t.isdigit()] == [str(n)] for n, p in enumerate(pages, 1))
    with pikepdf.open(tmp_path / "b.pdf") as pdf:
        assert len({page.obj.objgen for page in pdf.pages}) == len(pdf.pages) == report.page_count
    assert all(r.passed for r in check_bundle(tmp_path / "b.pdf"))


def test_a_long_unbroken_title_wraps_inside_the_title_column(tmp_path):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from bundler.engine.front_matter import DATE_X, SIZE, TITLE_X, fonts

    text_pdf(tmp_path / "a.pdf", 1, "Letter")
    title = "EP_report_final_v3_signed_scanned_2025_10_01_copy_of_copy_FINAL_FINAL_really_final.pdf"
    manifest = write_manifest(tmp_path, [doc("core", title, "2025-01-01", "a.pdf")])
    build_bundle(load_manifest(manifest), tmp_path / "b.pdf")
    index = placed_text(tmp_path / "b.pdf")[1]
    lines = [text for text, x, y, _ in index if abs(x - TITLE_X) < 0.5 and text in title]
    assert "".join(lines) == title and len(lines) > 1
    assert all(TITLE_X + stringWidth(line, fonts()[0], SIZE) < DATE_X for line in lines)


def test_form_value_without_an_appearance_stream_is_drawn_before_flattening(tmp_path):
    form_pdf(tmp_path / "form.pdf")
    with pikepdf.open(tmp_path / "form.pdf") as pdf:
        for annot in pdf.pages[0].obj.Annots:
            if "/AP" in annot:
                del annot["/AP"]
        pdf.Root.AcroForm.NeedAppearances = True
        pdf.save(tmp_path / "no-appearance.pdf")
    manifest = write_manifest(tmp_path, [doc("core", "Form", "2025-01-01", "no-appearance.pdf")])
    build_bundle(load_manifest(manifest), tmp_path / "b.pdf")
    assert "FIELD-VALUE-42" in page_texts(tmp_path / "b.pdf")[-1]


def annotated_pdf(path):
    """Two pages, each with a link out of the bundle and a reviewer's note: neither has an appearance, so
    flattening leaves both; only dropping them keeps them out of the bundle."""
    text_pdf(path, 2, "Letter")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            page.obj.Annots = pdf.make_indirect(pikepdf.Array([
                pikepdf.Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=pikepdf.Array([0, 0, 99, 20]),
                                   A=pikepdf.Dictionary(S=Name.URI, URI=pikepdf.String("https://example.com"))),
                pikepdf.Dictionary(Type=Name.Annot, Subtype=Name.Text, Rect=pikepdf.Array([0, 30, 20, 50]),
                                   Contents=pikepdf.String("reviewer's note"))]))
        pdf.save(path)
    return path


@pytest.mark.parametrize("supplement", [False, True], ids=["bundle", "supplement"])
def test_input_annotations_are_dropped_from_the_copied_pages(tmp_path, supplement):
    annotated_pdf(tmp_path / "a.pdf")
    manifest = load_manifest(write_manifest(tmp_path, [doc("core", "Letter", "2025-01-01", "a.pdf")]))
    if supplement:
        text_pdf(tmp_path / "issued-source.pdf", 1, "Issued")
        issued = build_bundle(load_manifest(write_manifest(tmp_path, [
            doc("core", "Issued", "2025-01-01", "issued-source.pdf")])), tmp_path / "issued.pdf")
        report = build_supplement(tmp_path / "issued.pdf", manifest, tmp_path / "b.pdf", title="Late evidence")
        assert report.front_matter_pages > issued.page_count
    else:
        report = build_bundle(manifest, tmp_path / "b.pdf")
    with pikepdf.open(tmp_path / "b.pdf") as pdf:
        copied = pdf.pages[report.front_matter_pages:]
        assert len(copied) == 2 and all("/Annots" not in page.obj for page in copied)


def test_a_document_kept_here_stays_at_its_place_and_the_index_note_says_why(tmp_path):
    for name in ("letter", "report", "annex"):
        text_pdf(tmp_path / f"{name}.pdf", 1, name)
    manifest = load_manifest(write_manifest(tmp_path, [
        doc("la_evidence", "Covering letter", "2025-06-01", "letter.pdf",
            keep_here="it introduces the documents after it"),
        doc("la_evidence", "EP report", "2025-03-01", "report.pdf"),
        doc("la_evidence", "Annex", "2025-01-01", "annex.pdf")]))
    report = build_bundle(manifest, tmp_path / "b.pdf")
    section = next(s for s in report.sections if s.key == "la_evidence")
    assert [d.title for d in section.documents] == ["Covering letter", "Annex", "EP report"]
    index = " ".join(" ".join(page_texts(tmp_path / "b.pdf")[:report.front_matter_pages]).split())
    assert ("Note on the order of documents 'Covering letter' (1 Jun 2025) is kept out of date order: "
            "it introduces the documents after it.") in index
    pages = page_texts(tmp_path / "b.pdf")
    assert "letter page 1" in pages[report.front_matter_pages]


def test_a_kept_document_already_in_date_order_needs_no_note(tmp_path):
    for name in ("a", "b"):
        text_pdf(tmp_path / f"{name}.pdf", 1, name)
    manifest = load_manifest(write_manifest(tmp_path, [
        doc("core", "First", "2025-01-01", "a.pdf", keep_here="wanted first"),
        doc("core", "Second", "2025-02-01", "b.pdf")]))
    report = build_bundle(manifest, tmp_path / "bundle.pdf")
    assert "Note on the order" not in " ".join(page_texts(tmp_path / "bundle.pdf")[:report.front_matter_pages])


def test_pages_that_inherit_box_rotation_and_resources_from_their_page_tree_keep_them(tmp_path):
    """MediaBox, Rotate and Resources may sit on a /Pages node instead of the page; the bundle builds its own page
    tree, so each page must carry what it inherited: the font is found, the landscape page stays landscape."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    middle = pdf.make_indirect(pikepdf.Dictionary(
        Type=Name.Pages, Kids=pikepdf.Array(), Count=2, Parent=pdf.Root.Pages,
        MediaBox=pikepdf.Array([0, 0, 612, 792]), Rotate=90,
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))))
    for n in (1, 2):
        page = pdf.make_indirect(pikepdf.Dictionary(
            Type=Name.Page, Parent=middle, Contents=pdf.make_stream(f"BT /F1 14 Tf 72 700 Td (INHERITED-{n}) Tj ET"
                                                                    .encode())))
        middle.Kids.append(page)
    pdf.Root.Pages.Kids = pikepdf.Array([middle])
    pdf.Root.Pages.Count = 2
    pdf.save(tmp_path / "tree.pdf")
    manifest = load_manifest(write_manifest(tmp_path, [doc("la_evidence", "Log", "2025-01-01", "tree.pdf")]))
    report = build_bundle(manifest, tmp_path / "out.pdf")
    texts = page_texts(tmp_path / "out.pdf")[report.front_matter_pages:]
    assert ["INHERITED-1" in texts[0], "INHERITED-2" in texts[1]] == [True, True]
    with pikepdf.open(tmp_path / "out.pdf") as out:
        for page in out.pages[report.front_matter_pages:]:
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            turned = int(page.obj.get("/Rotate", 0)) % 180 == 90
            assert (x1 - x0 > y1 - y0) != turned, "a portrait page turned 90 degrees must show landscape"
            assert page.obj.Parent == out.Root.Pages
