"""The working document rules: write, read back, refuse what the key forbids, count pages, import a plan."""
import json
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import RGBColor

from bundler.drafting.references import BundleLayout, DocumentPlace, ReferenceResolver
from bundler.working_document.align import map_to_items
from bundler.working_document.commands import working_document
from bundler.working_document.key import MARKS
from bundler.working_document.ooxml import bookmark_name
from bundler.working_document.plan import EhcPlan, PlanItem, PlanSection, Provision
from bundler.working_document.plan_import import PlanImportError, import_plan
from bundler.working_document.proposals import (
    Proposal,
    Segment,
    proposals_from_segments,
    render_segments,
    rendered_text,
)
from bundler.working_document.reader import (
    WorkingDocumentRefused,
    read_working_document,
)
from bundler.working_document.writer import TitleBlock, write_working_document

from .helpers import styled_document, wrap_in_content_control

RESOLVER = ReferenceResolver(BundleLayout({"3": DocumentPlace("EP advice", date(2025, 6, 2), 45, 53)}, version=1))
TITLE = TitleBlock("EH123/25/00001", "Sam Example", 2, "SEND team", date(2025, 9, 1))
ORIGINAL = "Sam has difficulty following spoken instructions in class."
PLAN = EhcPlan((
    PlanSection("B", "Special educational needs", (PlanItem("B-CI-01", "1", ORIGINAL,
                                                            heading="Communication and interaction"),)),
    PlanSection("F", "Special educational provision",
                (PlanItem("F-01", "1", provision=Provision("Speech and language therapy", "an HCPC SALT",
                                                           "weekly")),), ("what", "who", "how_often")),
))


def mark_proposal(mark: str) -> Proposal:
    party, kind = mark.rsplit("_", 1)
    by = "appellant" if party == "appellant" else "la"
    status = "agreed" if party == "agreed" else "proposed"
    if kind == "addition":
        return Proposal("B-CI-01", 4, 4, "often ", by, status)
    return Proposal("B-CI-01", 4, 8, "", by, status)


def write(tmp_path, proposals, plan=PLAN) -> Path:
    out = tmp_path / "wd.docx"
    write_working_document(plan, proposals, out, title=TITLE, resolve=RESOLVER.resolve)
    return out


def item_segments(paragraphs, key):
    segments = [s for p in paragraphs if p.item_key == key and p.cell is None for s in p.segments]
    first = segments[0]
    _, _, rest = first.text.partition("\t")  # the item's number, written before a tab
    return [Segment(first.mark, rest)] + segments[1:]


def test_the_title_block_sub_headings_and_bookmarks_are_written_as_the_reader_needs(tmp_path):
    plan = EhcPlan((PlanSection("B", "Special educational needs", (
        PlanItem("B-01", "1", "Sam finds instructions hard.", heading="Communication"),
        PlanItem("B-02", "2", "Sam needs visuals.", heading="Communication"),
        PlanItem("B-03", "3", "Sam tires by noon.", heading="Physical"))),))
    document = Document(str(write(tmp_path, [], plan)))
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.style.name != "Normal"]
    assert styled[:4] == [
        ("Title", "First-tier Tribunal (Health, Education and Social Care Chamber): Special Educational Needs and "
                  "Disability"),
        ("Subtitle", "Tribunal reference: EH123/25/00001"), ("Subtitle", "Child or young person: Sam Example"),
        ("Subtitle", "Working document, version 2, 1 September 2025, prepared by SEND team")]
    assert [text for style, text in styled if style == "Heading 2"] == ["Communication", "Physical"]
    bookmarks = [(b.get(qn("w:id")), b.get(qn("w:name"))) for b in document.element.body.iter(qn("w:bookmarkStart"))]
    assert bookmarks == [(str(number), bookmark_name(key)) for number, key in enumerate(("B-01", "B-02", "B-03"), 1)]


@pytest.mark.parametrize("mark", [m for m in MARKS if m != "original"])
def test_each_mark_round_trips(tmp_path, mark):
    proposal = mark_proposal(mark)
    paragraphs = read_working_document(write(tmp_path, [proposal]))
    segments = item_segments(paragraphs, "B-CI-01")
    assert mark in {s.mark for s in segments}
    back = proposals_from_segments("B-CI-01", segments)
    expected_by = "la" if proposal.status == "agreed" else proposal.by
    assert [(p.action, p.start, p.end, p.text, p.by, p.status) for p in back] == \
        [(proposal.action, proposal.start, proposal.end, proposal.text, expected_by, proposal.status)]


def test_original_round_trips_and_rendered_text_applies_proposals(tmp_path):
    replace = Proposal("B-CI-01", 4, 7, "finds it hard", "la")
    paragraphs = read_working_document(write(tmp_path, [replace]))
    back = proposals_from_segments("B-CI-01", item_segments(paragraphs, "B-CI-01"))
    assert [(p.action, p.start, p.end, p.text) for p in back] == [("replace", 4, 7, "finds it hard")]
    assert rendered_text(ORIGINAL, back).startswith("Sam finds it hard difficulty")
    withdrawn = Proposal("B-CI-01", 4, 7, "x", "la", "withdrawn")
    assert rendered_text(ORIGINAL, [withdrawn]) == ORIGINAL


def test_rendering_joins_neighbouring_pieces_of_one_mark_and_refuses_overlaps_or_overruns():
    replace = Proposal("B-01", 4, 9, "reads", "la")
    insert = Proposal("B-01", 9, 9, " often", "la")
    assert render_segments("Sam likes books.", [insert, replace]) == [
        Segment("original", "Sam "), Segment("la_deletion", "likes"), Segment("la_addition", "reads often"),
        Segment("original", " books.")]
    for clash, where in ((Proposal("B-01", 6, 8, "", "appellant"), "6-8"),
                         (Proposal("B-01", 12, 17, "", "appellant"), "12-17")):
        with pytest.raises(ValueError) as refused:
            render_segments("Sam likes books.", [replace, clash])
        assert str(refused.value) == f"Proposals on B-01 overlap or run past its wording ({where})"


def test_provision_table_rows_map_back_by_bookmark(tmp_path):
    proposal = Proposal("F-01", 0, 0, "fortnightly and ", "appellant", field="how_often")
    paragraphs = read_working_document(write(tmp_path, [proposal]))
    cells = {p.cell: p.segments for p in paragraphs if p.item_key == "F-01"}
    assert cells[3] == [Segment("appellant_addition", "fortnightly and "), Segment("original", "weekly")]
    assert all(p.section == "F" for p in paragraphs if p.item_key == "F-01")


@pytest.mark.parametrize("mark", [m for m in MARKS if m != "original"])
def test_each_mark_round_trips_inside_a_provision_table_cell(tmp_path, mark):
    """The key's bold, italic, underline and strikethrough hold in Section F's table as in a paragraph."""
    party, kind = mark.rsplit("_", 1)
    by, status = ("appellant" if party == "appellant" else "la"), ("agreed" if party == "agreed" else "proposed")
    text, end = ("fortnightly and ", 0) if kind == "addition" else ("", len("weekly"))
    proposal = Proposal("F-01", 0, end, text, by, status, field="how_often")
    paragraphs = read_working_document(write(tmp_path, [proposal]))
    cell = next(p.segments for p in paragraphs if p.item_key == "F-01" and p.cell == 3)
    assert mark in {segment.mark for segment in cell}
    back = proposals_from_segments("F-01", cell, field="how_often")
    assert [(p.action, p.start, p.end, p.text, p.by, p.status, p.field) for p in back] == \
        [(proposal.action, 0, end, text, "la" if status == "agreed" else by, status, "how_often")]


def test_written_package_is_black_with_footnotes_footer_and_nothing_forbidden(tmp_path):
    cited = Proposal("B-CI-01", 4, 4, "often [[doc:3]]", "appellant")
    out = write(tmp_path, [cited])
    with zipfile.ZipFile(out) as package:
        xml = {name: package.read(name).decode() for name in package.namelist() if name.endswith(".xml")}
    footnotes = xml["word/footnotes.xml"]
    assert "EP advice, 2 June 2025 [pp. 45\u201353]" in footnotes
    assert '<w:footnoteReference w:id="1"/>' in xml["word/document.xml"]
    assert "footnotes.xml" in zipfile.ZipFile(out).read("word/_rels/document.xml.rels").decode()
    footer = next(text for name, text in xml.items() if "footer" in name)
    assert "PAGE" in footer and "NUMPAGES" in footer and "Page " in footer
    for name, text in xml.items():
        assert not re.search(r'w:color w:val="(?!auto")', text), name
        assert "<w:highlight" not in text and "<w:ins " not in text and "<w:comment" not in text, name
    assert "_WD_B_CI_01" in xml["word/document.xml"]


def run_cli(*args):
    return CliRunner().invoke(working_document, list(args))


def test_marks_from_character_and_paragraph_styles_and_black_text(tmp_path):
    def build(document):
        bold_style = document.styles.add_style("Parent addition", WD_STYLE_TYPE.CHARACTER)
        bold_style.font.bold = True
        italic_para = document.styles.add_style("LA wording", WD_STYLE_TYPE.PARAGRAPH)
        italic_para.font.italic = True
        coloured_unused = document.styles.add_style("Unused red", WD_STYLE_TYPE.PARAGRAPH)
        coloured_unused.font.color.rgb = RGBColor(255, 0, 0)
        paragraph = document.add_paragraph("Weekly SALT ")
        paragraph.add_run("and OT", style="Parent addition")
        black = paragraph.add_run(" for a term.")
        black.font.color.rgb = RGBColor(0, 0, 0)
        document.add_paragraph("Reviewed termly.", style="LA wording")
        document.add_heading("Section I is a sub-heading of any level", level=3)
    result = run_cli("read", str(styled_document(tmp_path, build)), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {"section": "F", "mark": "original", "text": "Weekly SALT "},
        {"section": "F", "mark": "appellant_addition", "text": "and OT"},
        {"section": "F", "mark": "original", "text": " for a term."},
        {"section": "F", "mark": "la_addition", "text": "Reviewed termly."},
    ]


def test_tracked_insertion_is_refused_naming_its_paragraph(tmp_path):
    def build(document):
        document.add_paragraph("First paragraph.")
        paragraph = document.add_paragraph("Second ")
        paragraph._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="Parent" '
                                      f'w:date="2025-09-01T00:00:00Z"><w:r><w:t>added</w:t></w:r></w:ins>'))
    result = run_cli("read", str(styled_document(tmp_path, build)), "--json")
    assert result.exit_code != 0
    assert "tracked insertion" in result.output and 'paragraph 3 ("Second added")' in result.output
    assert "accept or reject" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("problem, build", [
    ("comment", lambda d: d.add_paragraph("Text")._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:commentReference w:id="0"/></w:r>'))),
    ("highlighted", lambda d: setattr(d.add_paragraph().add_run("Text").font, "highlight_color",
                                      WD_COLOR_INDEX.YELLOW)),
    ("coloured", lambda d: setattr(d.add_paragraph().add_run("Text").font.color, "rgb", RGBColor(0, 0, 255))),
    (r"bold \+ italic together", lambda d: _bold_italic(d.add_paragraph().add_run("Text"))),
])
def test_comments_colour_highlight_and_combinations_outside_the_key_are_refused(tmp_path, problem, build):
    with pytest.raises(WorkingDocumentRefused, match=problem):
        read_working_document(styled_document(tmp_path, build))


def _bold_italic(run):
    run.bold = run.italic = True


def test_plan_import_finds_sections_items_and_provision_rows(tmp_path):
    document = Document()
    document.add_heading("Section B: Special educational needs", level=1)
    document.add_paragraph("Sam has difficulty following spoken instructions.")
    document.add_paragraph("Sam finds reading hard.")
    document.add_heading("Section F: Special educational provision", level=1)
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Provision", "Who", "How often"), strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("SALT", "an HCPC SALT", "weekly"), strict=True):
        cell.text = text
    document.add_heading("Section I: Placement", level=1)
    document.add_paragraph("Example Primary School")
    document.save(tmp_path / "plan.docx")
    plan = import_plan(tmp_path / "plan.docx")
    assert [s.code for s in plan.sections] == ["B", "F", "I"]
    assert [i.key for i in plan.section("B").items] == ["B-01", "B-02"]
    assert plan.item("F-01").provision == Provision("SALT", "an HCPC SALT", "weekly")
    assert plan.section("F").provision_columns == ("what", "who", "how_often")
    (tmp_path / "none.docx").write_bytes((tmp_path / "plan.docx").read_bytes())
    empty = Document()
    empty.add_paragraph("No headings here")
    empty.save(tmp_path / "none.docx")
    with pytest.raises(PlanImportError) as refused:
        import_plan(tmp_path / "none.docx")
    assert str(refused.value) == ('none.docx: no section headings found (each section should start with a heading '
                                  'such as "Section B: Special educational needs")')


def test_plan_import_reads_a_table_outside_section_f_as_one_item_a_row(tmp_path):
    document = Document()
    document.add_heading("Section B: Special educational needs", level=1)
    table = document.add_table(rows=3, cols=2)
    table.rows[0].cells[0].text = "Communication"
    table.rows[0].cells[1].paragraphs[0].add_run("Sam finds ")
    table.rows[0].cells[1].paragraphs[0].add_run("instructions hard.")
    table.rows[0].cells[1].add_paragraph("He needs visuals.")
    table.rows[2].cells[1].text = "Sam tires by noon."
    document.save(tmp_path / "plan.docx")
    items = import_plan(tmp_path / "plan.docx").section("B").items
    assert [(i.key, i.number, i.text) for i in items] == [
        ("B-01", "1", "Communication | Sam finds instructions hard. He needs visuals."),
        ("B-02", "2", "Sam tires by noon.")]
    assert [i.fields() for i in items] == [{"text": i.text} for i in items]


def test_plan_import_reads_sections_rows_and_cells_inside_content_controls(tmp_path):
    """Council plan templates put sections, repeating rows and form cells in content controls (w:sdt)."""
    document = Document()
    heading = document.add_heading("Section B: Special educational needs", level=1)
    need = document.add_paragraph("Sam finds reading hard.")
    document.add_heading("Section F: Special educational provision", level=1)
    table = document.add_table(rows=3, cols=2)
    for row, texts in zip(table.rows, (("Provision", "How often"), ("SALT", "weekly"), ("OT", "termly")),
                          strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    _, salt, ot = table.rows
    for element in (heading._p, need._p, salt._tr, ot.cells[1]._tc):
        wrap_in_content_control(element)
    document.save(tmp_path / "plan.docx")
    plan = import_plan(tmp_path / "plan.docx")
    assert [(s.code, [i.text for i in s.items]) for s in plan.sections] == [
        ("B", ["Sam finds reading hard."]), ("F", ["", ""])]
    assert [plan.item(key).provision for key in ("F-01", "F-02")] == [
        Provision("SALT", how_often="weekly"), Provision("OT", how_often="termly")]


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice is not installed: apt-get install libreoffice-writer-nogui")


@needs_soffice
def test_a_26_page_document_fails_the_check_naming_the_longest_section(tmp_path):
    long_text = "Sam will receive speech and language therapy in a small group. " * 40
    items = tuple(PlanItem(f"F-{n:02d}", str(n), long_text) for n in range(1, 80))
    plan = EhcPlan((PlanSection("B", "Needs", (PlanItem("B-01", "1", "Short."),)),
                    PlanSection("F", "Provision", items)))
    out = write(tmp_path, [], plan)
    result = run_cli("check", str(out))
    pages = int(re.search(r"(\d+) pages", result.output).group(1))
    assert pages >= 26 and result.exit_code == 1
    assert "Longest: Section F" in result.output


@needs_soffice
def test_short_document_passes_the_check_through_the_installed_script(tmp_path):
    script = shutil.which("bundler", path=str(Path(sys.executable).parent))
    out = write(tmp_path, [mark_proposal("la_addition")])
    checked = subprocess.run([script, "working-document", "check", str(out)], capture_output=True, text=True,
                             check=False, timeout=300)
    assert checked.returncode == 0, checked.stderr
    assert "1 page (the limit is 25)" in checked.stdout
    read = subprocess.run([script, "working-document", "read", str(out), "--json"], capture_output=True, check=False,
                          text=True, timeout=60)
    assert {"section": "B", "mark": "la_addition", "text": "often "} in json.loads(read.stdout)


def test_paragraphs_whose_bookmarks_were_lost_map_by_alignment(tmp_path):
    plan = EhcPlan((PlanSection("B", "Needs", (
        PlanItem("B-01", "1", ORIGINAL), PlanItem("B-02", "2", "Sam finds reading and spelling hard."))),))
    out = write(tmp_path, [Proposal("B-02", 4, 9, "struggles with", "appellant")], plan)
    with zipfile.ZipFile(out) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["word/document.xml"] = re.sub(rb"<w:bookmark(Start|End)[^>]*/>", b"", parts["word/document.xml"])
    stripped = tmp_path / "no-bookmarks.docx"
    with zipfile.ZipFile(stripped, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    paragraphs = read_working_document(stripped)
    assert all(p.item_key is None for p in paragraphs)
    previous = {item.key: ("B", item.text) for _, item in plan.items()}
    matches = map_to_items(paragraphs, previous)
    assert [(m.item_key, m.doubtful) for m in matches] == [("B-01", False), ("B-02", False)]
    unrelated = map_to_items(paragraphs[:1], {"B-09": ("B", "Placement at a residential school.")})
    assert unrelated[0].doubtful
