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
                     "10 Feb 2026", "Appeal: Contents of the EHC plan"):
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


def test_the_report_lists_every_section_and_document_with_its_pages_file_and_budget(rich_bundle):
    folder = str(rich_bundle.folder)
    got = [(s.key, s.letter, s.title, s.first_page, s.last_page, s.page_count, s.budget, s.overrun,
            [(d.id, d.title, d.date.isoformat(), d.file, d.first_page, d.last_page, d.page_count, d.section)
             for d in s.documents]) for s in rich_bundle.report.sections]
    assert got == [
        ("core", "A", "Core documents", 3, 7, 5, 100, 0, [
            (None, "Decision letter", "2025-09-01", f"{folder}/decision.pdf", 3, 3, 1, "core"),
            ("doc-1", "Appeal form", "2025-10-01", f"{folder}/appeal.pdf", 4, 6, 3, "core"),
            (None, "Registration letter", "2025-10-01", f"{folder}/registration.pdf", 7, 7, 1, "core")]),
        ("ehcp", "B", "EHC plan and Section K appendices", 8, 10, 3, 150, 0, [
            (None, "Final EHC plan (rotated)", "2025-06-01", f"{folder}/plan.pdf", 8, 9, 2, "ehcp"),
            (None, "Landscape chart", "2025-06-02", f"{folder}/wide.pdf", 10, 10, 1, "ehcp")]),
        ("working_document", "C", "Working document", 11, 13, 3, 25, 0, [
            (None, "Working document", "2025-11-01", f"{folder}/offset.pdf", 11, 11, 1, "working_document"),
            (None, "Reversed crop box", "2025-11-02", f"{folder}/reversed.pdf", 12, 12, 1, "working_document"),
            (None, "Negative rotation", "2025-11-03", f"{folder}/neg.pdf", 13, 13, 1, "working_document")]),
        ("appellant_evidence", "D", "Appellant's evidence", 14, 14, 1, 100, 0, [
            (None, "Parental views form", "2025-08-01", f"{folder}/views.pdf", 14, 14, 1, "appellant_evidence")]),
        ("la_evidence", "E", "Local authority's evidence", 15, 18, 4, 100, 0, [
            (None, "Owner-locked report", "2025-07-01", f"{folder}/owner.pdf", 15, 16, 2, "la_evidence"),
            (None, "Repaired report", "2025-07-02", f"{folder}/damaged.pdf", 17, 18, 2, "la_evidence")])]
    assert (rich_bundle.report.page_count, rich_bundle.report.front_matter_pages) == (18, 2)
    assert rich_bundle.report.note_placeholders == []


def test_the_warnings_name_each_problem_word_for_word_in_document_order(rich_bundle):
    assert rich_bundle.report.warnings == [
        "'Parental views form' (views.pdf) has 1 attached file(s) that are not in the bundle: school-notes.txt; "
        "add any that are evidence as documents",
        "damaged.pdf was damaged and has been repaired; check its pages in the bundle"]


def test_a_stored_report_reads_back_as_it_was_built(rich_bundle):
    from bundler.engine.assemble import BundleReport
    data = json.loads(json.dumps(rich_bundle.report.to_dict()))
    assert data["sections"][0]["documents"][0]["date"] == "2025-09-01"
    again = BundleReport.from_dict(data)
    assert again == rich_bundle.report
    assert again.sections[0].documents[0].date == rich_bundle.report.sections[0].documents[0].date
    del data["warnings"]
    assert BundleReport.from_dict(data).warnings == []


def test_the_index_rows_are_each_section_heading_then_its_documents_with_tabs(rich_bundle):
    from datetime import date

    from bundler.engine.assemble import index_rows
    from bundler.engine.front_matter import IndexRow
    rows = index_rows(load_template(), rich_bundle.report)
    assert rows[:5] == [
        IndexRow("", "A. Core documents", None, 3, 7, is_section=True),
        IndexRow("A1", "Decision letter", date(2025, 9, 1), 3, 3),
        IndexRow("A2", "Appeal form", date(2025, 10, 1), 4, 6),
        IndexRow("A3", "Registration letter", date(2025, 10, 1), 7, 7),
        IndexRow("", "B. EHC plan and Section K appendices", None, 8, 10, is_section=True)]
    assert [row.tab for row in rows] == ["", "A1", "A2", "A3", "", "B1", "B2", "", "C1", "C2", "C3", "", "D1",
                                         "", "E1", "E2"]


def test_the_bundle_opens_on_its_first_page_with_bookmarks_title_language_and_producer(rich_bundle):
    with pikepdf.open(rich_bundle.output) as pdf:
        root = pdf.Root
        assert sorted(root.keys()) == ["/Lang", "/OpenAction", "/Outlines", "/PageMode", "/Pages", "/Type",
                                       "/ViewerPreferences"]
        assert str(root.Lang) == "en-GB"
        assert dict(root.ViewerPreferences.items()) == {"/DisplayDocTitle": True}
        assert {k: str(v) for k, v in pdf.docinfo.items()} == {"/Title": "Hearing bundle EH936/25/01234",
                                                              "/Producer": "bundler"}


def test_every_bookmark_shows_its_whole_page(rich_bundle):
    with pikepdf.open(rich_bundle.output) as pdf:
        with pdf.open_outline() as outline:
            items = [item for top in outline.root for item in [top, *top.children]]
            assert len(items) == 1 + 5 + 11
            assert all(list(item.destination)[1:] == [Name.Fit] for item in items)


def test_index_links_are_borderless_rectangles_going_to_the_top_of_their_page(rich_bundle):
    with pikepdf.open(rich_bundle.output) as pdf:
        annots = list(pdf.pages[1].obj.Annots)
        assert len(annots) == 5 + 11
        for annot in annots:
            assert annot.is_indirect
            assert set(annot.keys()) == {"/Type", "/Subtype", "/Rect", "/Border", "/Dest"}
            assert annot.Type == Name.Annot and list(annot.Border) == [0, 0, 0]
            assert list(annot.Dest)[1:] == [Name.XYZ, None, None, None]
            x0, y0, x1, y1 = (float(v) for v in annot.Rect)
            assert 0 < x0 < x1 < A4[0] and 0 < y0 < y1 < A4[1]
        assert all("/Annots" not in page.obj for n, page in enumerate(pdf.pages) if n != 1)


def test_progress_is_called_once_for_each_page_in_order(rich_bundle):
    assert rich_bundle.progress == [(n, 18) for n in range(1, 19)]


def test_front_matter_is_numbered_in_place_and_documents_are_fitted(rich_bundle):
    with pikepdf.open(rich_bundle.output) as pdf:
        prefixes = [page.obj.Contents[1].read_bytes() for page in pdf.pages]
    identity = b"q 1 0 0 1 0 0 cm 0 0 595.276 841.89 re W n q q q\n"
    assert prefixes[:2] == [identity, identity]
    assert all(not prefix.startswith(b"q 1 0 0 1 0 0 cm") for prefix in prefixes[2:])


LIMITS = load_template(
    '[appeal_types]\ncontents = "Contents appeal"\nsection_i = "Placement appeal"\n'
    '[[sections]]\nkey = "core"\nletter = "A"\ntitle = "Core"\nbudget = 2\n'
    '[[sections]]\nkey = "ehcp"\nletter = "B"\ntitle = "Plan"\n'
    '[[sections]]\nkey = "la_evidence"\nletter = "C"\ntitle = "LA evidence"\n'
    '[sections.budget]\ncontents = 1\n')


def limits_manifest(folder, *, la_pages=1, notes=None, appeal_type="contents"):
    """Core: 3 pages against a limit of 2. Plan: no limit. LA evidence: `la_pages` against a limit of 1 (for a
    contents appeal; none for a placement appeal)."""
    from dataclasses import replace
    text_pdf(folder / "core.pdf", 3, "Core")
    text_pdf(folder / "plan.pdf", 4, "Plan")
    text_pdf(folder / "la.pdf", la_pages, "LA")
    path = write_manifest(folder, [doc("core", "Appeal", "2025-01-01", "core.pdf"),
                                   doc("ehcp", "Plan", "2025-01-02", "plan.pdf"),
                                   doc("la_evidence", "Report", "2025-01-03", "la.pdf")],
                          case={**CASE, "appeal_type": appeal_type})
    return replace(load_manifest(path, template=LIMITS), notes=notes or {})


def front_text(path, report) -> str:
    return " ".join(" ".join(page_texts(path)[:report.front_matter_pages]).split())


INTRO = ("Practice Direction No. 1 of 2025 asks for an accompanying note explaining why going over a page limit is "
         "necessary. This bundle is over the following limits:")


@pytest.mark.parametrize("note,reason,send7,placeholder", [
    (None, "[explain why each document is needed and why it cannot be shortened]",
     "[say whether a request for change (SEND7) has been made, and when]", True),
    (dict(reason=" the appeal form has three parts. ", send7_made=True, send7_date="2026-02-03"),
     "the appeal form has three parts", "A request for change (SEND7) was made on 3 Feb 2026.", False),
    (dict(reason="it cannot be shortened.", send7_made=False), "it cannot be shortened",
     "A request for change (SEND7) will be made.", False),
    (dict(reason="", send7_made=False), "[explain why each document is needed and why it cannot be shortened]",
     "A request for change (SEND7) will be made.", True),
    (dict(reason="it is set out in Annex X.", send7_made=True), "it is set out in Annex X",
     "[say whether a request for change (SEND7) has been made, and when]", True),
    (dict(reason="it is needed", send7_date="2026-02-03"), "it is needed",
     "[say whether a request for change (SEND7) has been made, and when]", True),
], ids=["nothing written", "made on a date", "to be made", "no reason", "made without a date", "date alone"])
def test_a_section_over_its_limit_gets_a_note_with_the_officers_reason_and_send7(tmp_path, note, reason, send7,
                                                                                 placeholder):
    from datetime import date

    from bundler.engine.manifest import SectionNote
    if note and "send7_date" in note:
        note = {**note, "send7_date": date.fromisoformat(note["send7_date"])}
    notes = {"core": SectionNote(**note)} if note is not None else {}
    manifest = limits_manifest(tmp_path, notes=notes)
    report = build_bundle(manifest, tmp_path / "b.pdf", template=LIMITS)
    core, plan, la = report.sections
    assert [(s.page_count, s.budget, s.overrun) for s in report.sections] == [(3, 2, 1), (4, None, 0), (1, 1, 0)]
    assert report.warnings == ["Section A (Core) has 3 pages, 1 over its limit of 2"]
    assert report.note_placeholders == (["core"] if placeholder else [])
    assert plan_bundle(manifest, LIMITS).note_placeholders == report.note_placeholders
    text = front_text(tmp_path / "b.pdf", report)
    assert ("Accompanying note on page limits " + INTRO + " Section A (Core) has 3 pages. The limit for this type "
            "of appeal, Contents appeal, is 2 pages, so it is 1 pages over. The local authority asks the Tribunal "
            f"to accept the extra pages because {reason}. {send7}") in text
    assert "Section C" not in text


def test_each_section_over_its_limit_gets_its_own_paragraph_and_warning(tmp_path):
    from bundler.engine.manifest import SectionNote
    manifest = limits_manifest(tmp_path, la_pages=2, notes={"la_evidence": SectionNote("it is long", False)})
    report = build_bundle(manifest, tmp_path / "b.pdf", template=LIMITS)
    assert report.warnings == ["Section A (Core) has 3 pages, 1 over its limit of 2",
                               "Section C (LA evidence) has 2 pages, 1 over its limit of 1"]
    assert report.note_placeholders == ["core"]
    text = front_text(tmp_path / "b.pdf", report)
    assert text.count(INTRO) == 1
    assert ("so it is 1 pages over. The local authority asks the Tribunal to accept the extra pages because [explain "
            "why each document is needed and why it cannot be shortened]. [say whether a request for change (SEND7) "
            "has been made, and when] Section C (LA evidence) has 2 pages. The limit for this type of appeal, "
            "Contents appeal, is 1 pages, so it is 1 pages over. The local authority asks the Tribunal to accept "
            "the extra pages because it is long. A request for change (SEND7) will be made.") in text


def test_a_stored_report_still_names_the_sections_whose_note_is_a_placeholder(tmp_path):
    from bundler.engine.assemble import BundleReport
    report = plan_bundle(limits_manifest(tmp_path), LIMITS)
    assert report.note_placeholders == ["core"]
    stored = json.loads(json.dumps(report.to_dict()))
    assert BundleReport.from_dict(stored) == report
    del stored["note_placeholders"]  # a report stored before the notes were checked
    assert BundleReport.from_dict(stored).note_placeholders == []


def test_a_section_within_its_limit_or_without_one_needs_no_note(tmp_path):
    (tmp_path / "x").mkdir()
    manifest = limits_manifest(tmp_path / "x", la_pages=2, appeal_type="section_i")
    report = build_bundle(manifest, tmp_path / "b.pdf", template=LIMITS)
    assert [(s.budget, s.overrun) for s in report.sections] == [(2, 1), (None, 0), (None, 0)]
    assert report.warnings == ["Section A (Core) has 3 pages, 1 over its limit of 2"]
    text_pdf(tmp_path / "core.pdf", 2, "Core")
    from dataclasses import replace
    within = replace(manifest, documents=(replace(manifest.documents[0], file=tmp_path / "core.pdf"),
                                          *manifest.documents[1:]))
    report = build_bundle(within, tmp_path / "c.pdf", template=LIMITS)
    assert [(s.page_count, s.budget, s.overrun) for s in report.sections] == [(2, 2, 0), (4, None, 0), (2, None, 0)]
    assert report.warnings == [] and report.note_placeholders == []
    assert "Accompanying note" not in front_text(tmp_path / "c.pdf", report)


def test_an_extended_appeal_flags_both_figures_for_each_evidence_section(tmp_path):
    text_pdf(tmp_path / "a.pdf", 1, "Letter")
    manifest = load_manifest(write_manifest(tmp_path, [doc("core", "Letter", "2025-01-01", "a.pdf")],
                                            case={**CASE, "extended": ["C"]}))
    note = ("Checked against 100 pages, the limit for the appeal itself. Schedule One also gives 75 pages for an "
            "extended appeal; whether that is added to the 100 is unconfirmed (up to 175) until someone reads "
            "Schedule One.")
    assert plan_bundle(manifest).warnings == [f"Section D (Appellant's evidence), extended appeal: {note}",
                                              f"Section E (Local authority's evidence), extended appeal: {note}"]
    report = build_bundle(manifest, tmp_path / "b.pdf")
    assert [s.budget for s in report.sections] == [100, 150, 25, 100, 100]


@pytest.fixture(scope="module")
def supplement(tmp_path_factory):
    """An issued bundle of 5 pages (2 of front matter), and a supplement of three late documents given out of
    date order, one a form with an attachment."""
    folder = tmp_path_factory.mktemp("supplement")
    text_pdf(folder / "issued-letter.pdf", 1, "Issued letter")
    text_pdf(folder / "issued-report.pdf", 2, "Issued report")
    issued = build_bundle(load_manifest(write_manifest(folder, [
        doc("core", "Issued letter", "2025-10-01", "issued-letter.pdf"),
        doc("la_evidence", "Issued report", "2025-10-02", "issued-report.pdf")], name="issued.json")),
        folder / "issued.pdf")
    text_pdf(folder / "late-report.pdf", 2, "Late report")
    text_pdf(folder / "late-letter.pdf", 1, "Late letter")
    form_pdf(folder / "late-form.pdf")
    manifest = load_manifest(write_manifest(folder, [
        doc("la_evidence", "Late report", "2025-12-05", "late-report.pdf", id="late-1"),
        doc("core", "Late letter", "2025-12-01", "late-letter.pdf"),
        doc("appellant_evidence", "Late form", "2025-12-03", "late-form.pdf")], name="late.json"))
    calls = []
    report = build_supplement(folder / "issued.pdf", manifest, folder / "supplement.pdf", title="Late evidence",
                              progress=lambda done, total: calls.append((done, total)))
    return folder, issued, report, calls


def test_a_supplement_reports_its_late_documents_in_date_order_numbered_on_from_the_issued_bundle(supplement):
    folder, issued, report, _ = supplement
    assert issued.page_count == 5
    assert [(s.letter, s.first_page, s.last_page, s.page_count, len(s.documents)) for s in issued.sections] == [
        ("A", 3, 3, 1, 1), ("B", None, None, 0, 0), ("C", None, None, 0, 0), ("D", None, None, 0, 0),
        ("E", 4, 5, 2, 1)]
    assert (report.page_count, report.front_matter_pages) == (10, 6)
    (section,) = report.sections
    assert (section.key, section.letter, section.title, section.first_page, section.last_page, section.page_count,
            section.budget, section.overrun) == ("late_evidence", "L", "Late evidence", 7, 10, 4, None, 0)
    assert [(d.id, d.title, d.date.isoformat(), d.file, d.first_page, d.last_page, d.page_count, d.section)
            for d in section.documents] == [
        (None, "Late letter", "2025-12-01", f"{folder}/late-letter.pdf", 7, 7, 1, "core"),
        (None, "Late form", "2025-12-03", f"{folder}/late-form.pdf", 8, 8, 1, "appellant_evidence"),
        ("late-1", "Late report", "2025-12-05", f"{folder}/late-report.pdf", 9, 10, 2, "la_evidence")]
    assert report.warnings == ["'Late form' (late-form.pdf) has 1 attached file(s) that are not in the bundle: "
                               "school-notes.txt; add any that are evidence as documents"]
    assert report.note_placeholders == []


def test_a_supplement_keeps_the_issued_pages_and_numbers_only_its_own(supplement):
    folder, _, report, calls = supplement
    texts, issued_texts = page_texts(folder / "supplement.pdf"), page_texts(folder / "issued.pdf")
    assert texts[:5] == issued_texts
    assert ["Late letter page 1" in texts[6], "FIELD-VALUE-42" in texts[7], "Late report page 2" in texts[9]] == [
        True, True, True]
    pages = placed_text(folder / "supplement.pdf")
    assert [[t for t, x, y, _ in p if y < BAND and t.isdigit()] for p in pages] == [[str(n)] for n in range(1, 11)]
    assert calls == [(n, 5) for n in range(1, 6)]
    with pikepdf.open(folder / "supplement.pdf") as pdf, pikepdf.open(folder / "issued.pdf") as before:
        assert [len(p.obj.Contents) for p in pdf.pages[:5]] == [len(p.obj.Contents) for p in before.pages]
        assert pdf.pages[5].obj.Contents[1].read_bytes().startswith(b"q 1 0 0 1 0 0 cm ")
        assert all(not p.obj.Contents[1].read_bytes().startswith(b"q 1 0 0 1 0 0 cm ") for p in pdf.pages[6:])
        assert not pdf.attachments and "/AcroForm" not in pdf.Root


def test_a_supplement_index_lists_and_links_its_documents(supplement):
    folder, _, report, _ = supplement
    index = " ".join(page_texts(folder / "supplement.pdf")[5].split())
    assert ("A supplementary part of the hearing bundle. Pages 1 to 5 are the bundle as issued, unchanged; this part "
            "is numbered on from page 6, so every reference to the issued bundle stays right.") in index
    assert index.endswith("pp. 7\u201310 Late evidence L1 1 Dec 2025 7 Late letter L2 3 Dec 2025 8 Late form "
                          "L3 5 Dec 2025 9\u201310 Late report")
    with pikepdf.open(folder / "supplement.pdf") as pdf:
        number = {p.obj.objgen: n for n, p in enumerate(pdf.pages, 1)}
        targets = [number[a.Dest[0].objgen] for a in pdf.pages[5].obj.Annots]
        issued_targets = [number[a.Dest[0].objgen] for a in pdf.pages[1].obj.Annots]
        assert all(list(a.Border) == [0, 0, 0] for a in pdf.pages[5].obj.Annots)
    assert targets == [7, 7, 8, 9]
    assert issued_targets == [3, 3, 4, 4]


def test_a_supplement_adds_its_bookmarks_after_the_issued_bundles(supplement):
    folder, _, _, _ = supplement
    with pikepdf.open(folder / "supplement.pdf") as pdf:
        number = {p.obj.objgen: n for n, p in enumerate(pdf.pages, 1)}
        with pdf.open_outline() as outline:
            tree = [(item.title, number[item.destination[0].objgen], list(item.destination)[1:],
                     [(c.title, number[c.destination[0].objgen]) for c in item.children]) for item in outline.root]
    assert tree[:3] == [("Index (p. 2)", 2, [Name.Fit], []),
                        ("A. Core documents (p. 3)", 3, [Name.Fit], [("Issued letter, 1 Oct 2025 (p. 3)", 3)]),
                        ("E. Local authority's evidence (p. 4)", 4, [Name.Fit],
                         [("Issued report, 2 Oct 2025 (p. 4)", 4)])]
    assert tree[3] == ("Late evidence (p. 6)", 6, [Name.Fit], [
        ("Late letter, 1 Dec 2025 (p. 7)", 7), ("Late form, 3 Dec 2025 (p. 8)", 8),
        ("Late report, 5 Dec 2025 (p. 9)", 9)])
    assert len(tree) == 4


def test_a_long_supplement_index_runs_over_pages_and_the_numbers_follow_it(supplement, tmp_path):
    folder = supplement[0]
    text_pdf(tmp_path / "one.pdf", 1, "Late note")
    manifest = load_manifest(write_manifest(tmp_path, [doc("la_evidence", f"Late note {n}", "2025-12-01", "one.pdf")
                                                       for n in range(60)]))
    report = build_supplement(folder / "issued.pdf", manifest, tmp_path / "s.pdf", title="Further evidence")
    index_pages = report.front_matter_pages - 5
    assert index_pages == 2
    assert report.page_count == 5 + index_pages + 60
    assert report.sections[0].first_page == 8 and report.sections[0].documents[-1].last_page == 67
    assert report.warnings == ["the same file appears 60 times: " + ", ".join(f"'Late note {n}'" for n in range(60))
                               + "; remove the copies unless each is needed where it is"]
    pages = placed_text(tmp_path / "s.pdf")
    assert all([t for t, x, y, _ in p if y < BAND and t.isdigit()] == [str(n)] for n, p in enumerate(pages, 1))
    with pikepdf.open(tmp_path / "s.pdf") as pdf:
        number = {p.obj.objgen: n for n, p in enumerate(pdf.pages, 1)}
        targets = [number[a.Dest[0].objgen] for p in pdf.pages[5:7] for a in p.obj.Annots]
    assert targets == [8] + list(range(8, 68))


@pytest.mark.parametrize("passes,settles", [(1, False), (2, True)])
def test_the_index_must_settle_within_the_allowed_layout_passes(supplement, tmp_path, monkeypatch, passes, settles):
    import bundler.engine.assemble as assemble
    monkeypatch.setattr(assemble, "MAX_LAYOUT_PASSES", passes)
    folder = supplement[0]
    manifest = load_manifest(folder / "late.json")
    if settles:
        assert build_bundle(manifest, tmp_path / "b.pdf").front_matter_pages == 2
        assert build_supplement(folder / "issued.pdf", manifest, tmp_path / "s.pdf", title="Late").page_count == 10
        return
    with pytest.raises(RuntimeError) as bundle_error:
        build_bundle(manifest, tmp_path / "b.pdf")
    assert str(bundle_error.value) == "the index did not settle on a page count"
    with pytest.raises(RuntimeError) as supplement_error:
        build_supplement(folder / "issued.pdf", manifest, tmp_path / "s.pdf", title="Late")
    assert str(supplement_error.value) == "the supplementary index did not settle on a page count"
    assert not (tmp_path / "b.pdf").exists() and not (tmp_path / "s.pdf").exists()


def test_a_plan_and_a_supplement_convert_what_is_not_a_pdf_and_say_when_a_name_lies(tmp_path, supplement):
    from PIL import Image
    Image.new("RGB", (620, 877), "white").save(tmp_path / "photo.png")
    Image.new("RGB", (877, 620), "white").save(tmp_path / "Disguised.PDF", format="PNG")
    manifest = load_manifest(write_manifest(tmp_path, [doc("core", "Photo", "2025-01-01", "photo.png"),
                                                       doc("core", "Chart", "2025-01-02", "Disguised.PDF")]))
    report = plan_bundle(manifest)
    assert [d.page_count for d in report.sections[0].documents] == [1, 1]
    assert report.warnings == ["Disguised.PDF is really a PNG file, not a PDF; it was converted as one"]
    late = build_supplement(supplement[0] / "issued.pdf", manifest, tmp_path / "s.pdf", title="Late")
    assert (late.page_count, late.warnings) == (8, report.warnings)


def test_the_bundle_is_dated_today_unless_a_date_is_given(tmp_path, monkeypatch):
    from datetime import date

    from bundler import dates
    monkeypatch.setattr(dates, "today", lambda: date(2026, 1, 15))
    text_pdf(tmp_path / "a.pdf", 1, "Letter")
    manifest = load_manifest(write_manifest(tmp_path, [doc("core", "Letter", "2025-01-01", "a.pdf")]))
    build_bundle(manifest, tmp_path / "today.pdf")
    build_bundle(manifest, tmp_path / "given.pdf", bundle_date=date(2026, 2, 10))
    assert "Bundle date: 15 Jan 2026" in page_texts(tmp_path / "today.pdf")[0]
    assert "3 pages. The number at the foot of each page is its PDF page number." in " ".join(
        page_texts(tmp_path / "today.pdf")[0].split())
    assert "Bundle date: 10 Feb 2026" in page_texts(tmp_path / "given.pdf")[0]


def test_a_section_the_template_lacks_is_named_with_the_sections_it_has(tmp_path):
    text_pdf(tmp_path / "a.pdf", 1, "Letter")
    manifest = load_manifest(write_manifest(tmp_path, [doc("core", "Letter", "2025-01-01", "a.pdf"),
                                                       doc("ehcp", "Plan", "2025-01-01", "a.pdf")]))
    template = load_template('[appeal_types]\ncontents = "C"\n[[sections]]\nkey = "core"\nletter = "A"\n'
                             'title = "Core"\n[[sections]]\nkey = "la_evidence"\nletter = "B"\ntitle = "LA"\n')
    with pytest.raises(ManifestError) as error:
        plan_bundle(manifest, template)
    assert str(error.value) == ("section 'ehcp' of 'Plan' is not in the bundle template; use one of core, "
                                "la_evidence")


@pytest.mark.parametrize("reason,sentence", [("it covers the rest...", "it covers the rest."),
                                             ("it introduces Annex X", "it introduces Annex X.")])
def test_the_order_note_ends_the_reason_with_one_full_stop(tmp_path, reason, sentence):
    for name in ("a", "b"):
        text_pdf(tmp_path / f"{name}.pdf", 1, name)
    manifest = load_manifest(write_manifest(tmp_path, [
        doc("core", "Late cover", "2025-06-01", "a.pdf", keep_here=reason),
        doc("core", "Early", "2025-01-01", "b.pdf")]))
    report = build_bundle(manifest, tmp_path / "bundle.pdf")
    assert [d.title for d in report.sections[0].documents] == ["Late cover", "Early"]
    text = front_text(tmp_path / "bundle.pdf", report)
    assert f"Note on the order of documents 'Late cover' (1 Jun 2025) is kept out of date order: {sentence}" in text
    assert f"{sentence}." not in text


def test_duplicate_warnings_follow_the_first_documents_own_and_only_identical_files_count(tmp_path):
    from .conftest import damaged_pdf
    damaged_pdf(tmp_path / "first.pdf", text_pdf(tmp_path / "f-src.pdf", 1, "First"))
    damaged_pdf(tmp_path / "last.pdf", text_pdf(tmp_path / "l-src.pdf", 1, "Last"))
    data = text_pdf(tmp_path / "b.pdf", 1, "Letter").read_bytes()
    (tmp_path / "c.pdf").write_bytes(data)
    (tmp_path / "d.pdf").write_bytes(data)
    (tmp_path / "same-size-1.pdf").write_bytes(data + b"%AAAA\n")
    (tmp_path / "same-size-2.pdf").write_bytes(data + b"%BBBB\n")
    manifest = load_manifest(write_manifest(tmp_path, [
        doc("core", "First", "2025-01-01", "first.pdf"), doc("core", "Letter", "2025-01-02", "b.pdf"),
        doc("core", "Copy", "2025-01-03", "c.pdf"), doc("la_evidence", "Copy again", "2025-01-04", "d.pdf"),
        doc("core", "Near 1", "2025-01-05", "same-size-1.pdf"), doc("core", "Near 2", "2025-01-06", "same-size-2.pdf"),
        doc("core", "Last", "2025-01-07", "last.pdf")]))
    assert plan_bundle(manifest).warnings == [
        "first.pdf was damaged and has been repaired; check its pages in the bundle",
        "the same file appears 3 times: 'Letter', 'Copy', 'Copy again'; remove the copies unless each is needed "
        "where it is",
        "last.pdf was damaged and has been repaired; check its pages in the bundle"]


def test_files_attached_to_a_document_or_its_pages_are_each_named(tmp_path):
    from pikepdf import Array, Dictionary, String
    text_pdf(tmp_path / "notes.pdf", 2, "Notes")
    with pikepdf.open(tmp_path / "notes.pdf", allow_overwriting_input=True) as pdf:
        pdf.attachments["embedded.txt"] = pikepdf.AttachedFileSpec(pdf, b"x", mime_type="text/plain")

        def attachment(fs):
            return Dictionary(Type=Name.Annot, Subtype=Name.FileAttachment, Rect=Array([0, 0, 10, 10]), FS=fs)
        pdf.pages[1].obj.Annots = Array([
            attachment(Dictionary(Type=Name.Filespec, UF=String("both-uf.txt"), F=String("both-f.txt"))),
            Dictionary(Type=Name.Annot, Subtype=Name.Text, Rect=Array([0, 0, 10, 10]), Contents=String("note")),
            attachment(Dictionary(Type=Name.Filespec, F=String("only-f.txt"))),
            attachment(String("loose.txt"))])
        pdf.save(tmp_path / "notes.pdf")
    text_pdf(tmp_path / "plain.pdf", 1, "Plain")
    manifest = load_manifest(write_manifest(tmp_path, [doc("core", "Notes", "2025-01-01", "notes.pdf"),
                                                       doc("core", "Plain", "2025-01-02", "plain.pdf")]))
    assert plan_bundle(manifest).warnings == [
        "'Notes' (notes.pdf) has 4 attached file(s) that are not in the bundle: embedded.txt, both-uf.txt, "
        "only-f.txt, unnamed; add any that are evidence as documents"]


def small_form(path, value, pages=1):
    """A form whose one text field, on its first page, holds `value`; any further pages are plain."""
    import io as _io

    from reportlab.lib.pagesizes import A4 as PAGE
    from reportlab.pdfgen import canvas
    buffer = _io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=PAGE)
    c.acroForm.textfield(name="field", value=value, x=72, y=600, width=300, height=24)
    for n in range(pages):
        c.drawString(72, 760, f"Form page {n + 1}")
        c.showPage()
    c.save()
    path.write_bytes(buffer.getvalue())
    return path


def test_each_form_keeps_its_own_values_when_several_are_flattened(tmp_path):
    small_form(tmp_path / "one.pdf", "VALUE-ONE", pages=2)
    small_form(tmp_path / "two.pdf", "VALUE-TWO")
    text_pdf(tmp_path / "plain.pdf", 1, "Plain letter")
    manifest = load_manifest(write_manifest(tmp_path, [doc("core", "One", "2025-01-01", "one.pdf"),
                                                       doc("core", "Plain", "2025-01-02", "plain.pdf"),
                                                       doc("core", "Two", "2025-01-03", "two.pdf")]))
    report = build_bundle(manifest, tmp_path / "b.pdf")
    texts = page_texts(tmp_path / "b.pdf")[report.front_matter_pages:]
    assert ["VALUE-ONE" in texts[0], "Form page 2" in texts[1], "Plain letter page 1" in texts[2],
            "VALUE-TWO" in texts[3]] == [True] * 4
    assert "VALUE-TWO" not in texts[0] and "VALUE-ONE" not in texts[3]
    assert report.warnings == []


def test_the_bundle_takes_the_newest_pdf_version_of_its_inputs(tmp_path, supplement):
    text_pdf(tmp_path / "old.pdf", 1, "Old")
    with pikepdf.open(text_pdf(tmp_path / "src.pdf", 1, "New")) as pdf:
        pdf.save(tmp_path / "new.pdf", force_version="2.0")
    manifest = load_manifest(write_manifest(tmp_path, [doc("core", "Old", "2025-01-01", "old.pdf"),
                                                       doc("core", "New", "2025-01-02", "new.pdf"),
                                                       doc("core", "Old again", "2025-01-03", "old.pdf")]))
    build_bundle(manifest, tmp_path / "b.pdf")
    build_supplement(supplement[0] / "issued.pdf", manifest, tmp_path / "s.pdf", title="Late")
    for name in ("b.pdf", "s.pdf"):
        with pikepdf.open(tmp_path / name) as pdf:
            assert pdf.pdf_version == "2.0"


def test_links_a_document_carries_land_on_its_pages_in_the_bundle_and_bad_ones_are_dropped(tmp_path):
    from dataclasses import replace

    from bundler.engine.manifest import PageLink
    text_pdf(tmp_path / "statement.pdf", 2, "Statement")
    text_pdf(tmp_path / "report.pdf", 1, "Report")
    manifest = load_manifest(write_manifest(tmp_path, [doc("la_evidence", "Report", "2025-01-01", "report.pdf"),
                                                       doc("core", "Statement", "2025-02-01", "statement.pdf")]))
    report_entry, statement = manifest.documents
    statement = replace(statement, links=(
        PageLink(0, (10, 20, 30, 40), 5), PageLink(1, (1, 2, 3, 4), 1), PageLink(2, (5, 5, 9, 9), 3),
        PageLink(0, (5, 5, 9, 9), 0), PageLink(0, (5, 5, 9, 9), 6), PageLink(1, (50, 60, 70, 80), 4)))
    report_entry = replace(report_entry, links=(PageLink(0, (11, 12, 13, 14), 3), PageLink(1, (5, 5, 9, 9), 3)))
    report = build_bundle(replace(manifest, documents=(report_entry, statement)), tmp_path / "b.pdf")
    assert [d.first_page for s in report.sections for d in s.documents] == [3, 5]
    with pikepdf.open(tmp_path / "b.pdf") as pdf:
        number = {p.obj.objgen: n for n, p in enumerate(pdf.pages, 1)}
        links = {n: [([float(v) for v in a.Rect], number[a.Dest[0].objgen], list(a.Border), list(a.Dest)[1:])
                     for a in page.obj.get("/Annots", [])] for n, page in enumerate(pdf.pages, 1) if n > 2}
    fit = [Name.XYZ, None, None, None]
    assert links == {3: [([10, 20, 30, 40], 5, [0, 0, 0], fit)],
                     4: [([1, 2, 3, 4], 1, [0, 0, 0], fit), ([50, 60, 70, 80], 4, [0, 0, 0], fit)],
                     5: [([11, 12, 13, 14], 3, [0, 0, 0], fit)]}



def test_a_supplement_with_no_documents_is_its_index_alone(supplement, tmp_path):
    from dataclasses import replace
    folder = supplement[0]
    manifest = replace(load_manifest(folder / "late.json"), documents=())
    report = build_supplement(folder / "issued.pdf", manifest, tmp_path / "s.pdf", title="Nothing late")
    (section,) = report.sections
    assert (report.page_count, report.front_matter_pages, report.warnings) == (6, 6, [])
    assert (section.first_page, section.last_page, section.page_count, section.documents) == (None, None, 0, [])
    with pikepdf.open(tmp_path / "s.pdf") as pdf:
        assert len(pdf.pages) == 6 and "/Annots" not in pdf.pages[5].obj
        with pdf.open_outline() as outline:
            last = outline.root[-1]
            assert (last.title, last.destination[0].objgen, len(last.children)) == (
                "Nothing late (p. 6)", pdf.pages[5].obj.objgen, 0)
    assert " ".join(page_texts(tmp_path / "s.pdf")[5].split()).endswith("Tab Document Date Pages none Nothing late")


def test_warnings_come_as_the_documents_own_then_limits_then_extended_appeal_flags(tmp_path):
    from .conftest import damaged_pdf
    template = load_template(
        '[appeal_types]\ncontents = "Contents appeal"\n'
        '[extended]\nevidence_budget = 1\nevidence_sections = ["la_evidence"]\ncombine = "added"\n'
        '[[sections]]\nkey = "core"\nletter = "A"\ntitle = "Core"\nbudget = 5\n'
        '[[sections]]\nkey = "la_evidence"\nletter = "C"\ntitle = "LA evidence"\nbudget = 1\n')
    damaged_pdf(tmp_path / "damaged.pdf", text_pdf(tmp_path / "src.pdf", 1, "Letter"))
    text_pdf(tmp_path / "la.pdf", 3, "Report")
    manifest = load_manifest(write_manifest(tmp_path, [doc("core", "Letter", "2025-01-01", "damaged.pdf"),
                                                       doc("la_evidence", "Report", "2025-01-02", "la.pdf")],
                                            case={**CASE, "extended": ["C"]}), template=template)
    report = plan_bundle(manifest, template)
    assert [(s.budget, s.overrun) for s in report.sections] == [(5, 0), (2, 1)]
    assert report.warnings == ["damaged.pdf was damaged and has been repaired; check its pages in the bundle",
                               "Section C (LA evidence) has 3 pages, 1 over its limit of 2",
                               "Section C (LA evidence), extended appeal: 1 for the appeal plus 1 for the extended "
                               "part"]
    assert report.note_placeholders == ["la_evidence"]
