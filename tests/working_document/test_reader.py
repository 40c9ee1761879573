"""Reading a returned file as Word writes it: formatting from styles, tables, footnote marks, outline levels, and the
exact words of each refusal."""
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, RGBColor

from bundler.working_document.ooxml import add_bookmark, mark_header_row
from bundler.working_document.proposals import Segment
from bundler.working_document.reader import (
    ASK_BLACK,
    ASK_CLEAN,
    ASK_NO_COMMENTS,
    WorkingDocumentRefused,
    read_working_document,
)

from .helpers import styled_document, wrap_in_content_control

ASK_ONE_STYLE = "Ask the sender to mark each change with exactly one style from the key."
KEY_SUMMARY = ("normal: original plan wording; underlined: amendment agreed by both parties; underlined "
               "strikethrough: deletion agreed by both parties; bold: parent's or young person's proposed addition; "
               "bold strikethrough: parent's or young person's proposed deletion; italic: local authority's proposed "
               "addition; italic strikethrough: local authority's proposed deletion")


def xml_run(paragraph, text: str = "", rpr: str = "", inner: str = "") -> None:
    """A run written as Word writes it, with run properties python-docx has no API for."""
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:rPr>{rpr}</w:rPr>{inner}'
                                  + (f'<w:t xml:space="preserve">{text}</w:t>' if text else "") + "</w:r>"))


def read(tmp_path, build, **kwargs):
    return [(p.index, p.section, p.item_key, p.cell, p.segments)
            for p in read_working_document(styled_document(tmp_path, build, **kwargs))]


def refusal(tmp_path, build, **kwargs) -> str:
    with pytest.raises(WorkingDocumentRefused) as refused:
        read_working_document(styled_document(tmp_path, build, **kwargs))
    return str(refused.value)


def original(text):
    return [Segment("original", text)]


def test_a_table_styles_bold_is_read_and_header_rows_are_counted_but_not_read(tmp_path):
    def build(document):
        style = document.styles.add_style("Parent table", WD_STYLE_TYPE.TABLE)
        style.font.bold = True
        styled = document.add_table(rows=2, cols=3)
        styled.style = style
        mark_header_row(styled.rows[0])
        for cell, title in zip(styled.rows[0].cells, ("Provision", "Who", "How often"), strict=True):
            xml_run(cell.paragraphs[0], title, "<w:i/>")  # bold + italic: refused if read as wording
        for cell, text in zip(styled.rows[1].cells, ("SALT", "a SALT", "weekly"), strict=True):
            cell.text = text
        document.add_table(rows=1, cols=1).cell(0, 0).text = "Plain table"
    assert read(tmp_path, build) == [
        (5, "F", None, 0, [Segment("appellant_addition", "SALT")]),
        (6, "F", None, 1, [Segment("appellant_addition", "a SALT")]),
        (7, "F", None, 2, [Segment("appellant_addition", "weekly")]),
        (8, "F", None, 0, original("Plain table")),
    ]


def test_a_rows_item_bookmark_holds_for_every_cell_past_a_bookmark_with_no_name(tmp_path):
    def build(document):
        cells = document.add_table(rows=1, cols=2).rows[0].cells
        cells[0].text, cells[1].text = "SALT", "weekly"
        p = cells[0].paragraphs[0]._p
        p.insert(0, parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="8" w:name="_WD_F_01"/>'))
        p.insert(0, parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="7"/>'))
        p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="8"/>'))
    assert [(key, cell) for _, _, key, cell, _ in read(tmp_path, build)] == [("F-01", 0), ("F-01", 1)]


def test_a_footnote_or_endnote_mark_is_not_wording_even_a_custom_one(tmp_path):
    def build(document):
        paragraph = document.add_paragraph("Sam needs SALT")
        xml_run(paragraph, "*", '<w:vertAlign w:val="superscript"/>',
                '<w:footnoteReference w:customMarkFollows="1" w:id="1"/>')
        xml_run(paragraph, "\u2020", '<w:vertAlign w:val="superscript"/>',
                '<w:endnoteReference w:customMarkFollows="1" w:id="1"/>')
        paragraph.add_run(" weekly.")
    assert read(tmp_path, build) == [(2, "F", None, None, original("Sam needs SALT weekly."))]


def test_white_automatic_or_no_shading_no_highlight_and_colour_without_a_value_are_black_text(tmp_path):
    def build(document):
        paragraph = document.add_paragraph()
        for fill in ('w:fill="auto"', 'w:fill="FFFFFF"', 'w:fill="ffffff"', ""):
            xml_run(paragraph, "Sam ", f'<w:shd w:val="clear" w:color="auto" {fill}/>')
        xml_run(paragraph, "reads ", '<w:highlight w:val="none"/>')
        xml_run(paragraph, "well.", '<w:color w:themeColor="text1"/>')
    assert read(tmp_path, build) == [(2, "F", None, None, original("Sam Sam Sam Sam reads well."))]


def test_shaded_text_is_refused_in_these_words_quoting_the_paragraph_as_shown(tmp_path):
    def build(document):
        paragraph = document.add_paragraph()
        xml_run(paragraph, inner="<w:t/>")  # an empty text element shows nothing
        xml_run(paragraph, "Weekly SALT", '<w:shd w:val="clear" w:color="auto" w:fill="FFFF00"/>')
    assert refusal(tmp_path, build) == ('The working document has shaded (highlighted) text in paragraph 2 '
                                        f'("Weekly SALT") in Section F. {ASK_BLACK}')


@pytest.mark.parametrize("rpr, problem", [
    ('<w:color w:val="FF0000"/>', "coloured text (colour FF0000)"),
    ('<w:highlight w:val="yellow"/>', "highlighted text (yellow)"),
])
def test_colour_and_highlight_are_refused_in_these_words_before_any_section(tmp_path, rpr, problem):
    def build(document):
        document.add_paragraph("First.")
        xml_run(document.add_paragraph(), "Weekly SALT", rpr)
    assert refusal(tmp_path, build, heading=None) == \
        f'The working document has {problem} in paragraph 2 ("Weekly SALT"). {ASK_BLACK}'


def test_a_combination_outside_the_key_is_refused_naming_the_key(tmp_path):
    def build(document):
        xml_run(document.add_paragraph(), "Weekly SALT", "<w:b/><w:i/>")
    assert refusal(tmp_path, build) == (
        'The working document has bold + italic together, which is not in the typographic key '
        f'({KEY_SUMMARY}) in paragraph 2 ("Weekly SALT") in Section F. {ASK_ONE_STYLE}')


@pytest.mark.parametrize("tag, problem", [("ins", "a tracked insertion"), ("del", "a tracked deletion"),
                                          ("moveFrom", "a tracked move"), ("moveTo", "a tracked move")])
def test_a_tracked_change_between_paragraphs_is_refused_naming_the_next_paragraph(tmp_path, tag, problem):
    def build(document):
        document.add_paragraph("First.")
        document.element.body.append(parse_xml(f'<w:{tag} {nsdecls("w")} w:id="1" w:author="Parent"/>'))
    assert refusal(tmp_path, build) == f"The working document has {problem} in paragraph 3 in Section F. {ASK_CLEAN}"


@pytest.mark.parametrize("length, shown", [(60, None), (61, 59)])
def test_a_long_paragraph_is_shortened_to_60_characters_in_a_refusal(tmp_path, length, shown):
    text = ("Sam will have speech and language therapy " * 2)[:length]
    expected = text if shown is None else text[:shown] + "\u2026"

    def build(document):
        xml_run(document.add_paragraph(), text, '<w:color w:val="0000FF"/>')
    assert f'paragraph 2 ("{expected}") in Section F.' in refusal(tmp_path, build)


def test_spaces_in_a_mark_outside_the_key_join_the_text_before_them(tmp_path):
    def build(document):
        paragraph = document.add_paragraph()
        xml_run(paragraph, " ", "<w:b/><w:i/>")
        paragraph.add_run("Sam ")
        xml_run(paragraph, "often", "<w:b/>")
        paragraph.add_run(" reads ")
        xml_run(paragraph, "well", "<w:i/>")
        xml_run(paragraph, " ", "<w:b/><w:i/>")
        paragraph.add_run(".")
    assert read(tmp_path, build)[0][4] == [
        Segment("original", " Sam "), Segment("appellant_addition", "often"), Segment("original", " reads "),
        Segment("la_addition", "well "), Segment("original", ".")]


def test_formatting_comes_from_direct_properties_over_styles_and_through_based_on_chains(tmp_path):
    def build(document):
        plain = document.styles.add_style("Plain character", WD_STYLE_TYPE.CHARACTER)
        plain.font.name = "Arial"
        parent = document.styles.add_style("Bold parent", WD_STYLE_TYPE.PARAGRAPH)
        parent.font.bold = True
        child = document.styles.add_style("Parent wording", WD_STYLE_TYPE.PARAGRAPH)
        child.base_style = parent
        paragraph = document.add_paragraph("Sam ")
        paragraph.add_run("often", style="Plain character").bold = True
        inherited = document.add_paragraph("Sam ", style="Parent wording")
        for value in ("0", "false", "off"):
            xml_run(inherited, f"reads {value} ", f'<w:b w:val="{value}"/>')
    assert [segments for *_, segments in read(tmp_path, build)] == [
        [Segment("original", "Sam "), Segment("appellant_addition", "often")],
        [Segment("appellant_addition", "Sam "), Segment("original", "reads 0 reads false reads off ")],
    ]


def test_a_missing_style_or_styles_based_on_each_other_still_read(tmp_path):
    def build(document):
        first = document.styles.add_style("Loop one", WD_STYLE_TYPE.PARAGRAPH)
        second = document.styles.add_style("Loop two", WD_STYLE_TYPE.PARAGRAPH)
        second.font.italic = True
        first.base_style, second.base_style = second, first
        document.add_paragraph("Reviewed termly.", style="Loop one")
        missing = document.add_paragraph("Sam reads.")
        missing._p.get_or_add_pPr().append(parse_xml(f'<w:pStyle {nsdecls("w")} w:val="NotInTheStyles"/>'))
    assert [segments for *_, segments in read(tmp_path, build)] == [
        [Segment("la_addition", "Reviewed termly.")], original("Sam reads.")]


def test_outline_levels_below_9_are_headings_whatever_the_style_is_called(tmp_path):
    def build(document):
        part = document.styles.add_style("Plan part", WD_STYLE_TYPE.PARAGRAPH)
        part.paragraph_format.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="1"/>'))
        for text, level in (("Section B: needs", ' w:val="0"'), ("Level 9 is body text", ' w:val="9"'),
                            ("No level is body text", ""), ("A level that is no number", ' w:val="x"')):
            document.add_paragraph(text)._p.get_or_add_pPr().append(
                parse_xml(f'<w:outlineLvl {nsdecls("w")}{level}/>'))
        document.add_paragraph("Section I: Placement", style="Plan part")
        document.add_paragraph("Riverside Primary School")
    assert [(index, section, segments[0].text) for index, section, *_, segments in read(tmp_path, build)] == [
        (3, "B", "Level 9 is body text"), (4, "B", "No level is body text"),
        (5, "B", "A level that is no number"), (7, "I", "Riverside Primary School")]


def test_a_file_that_is_not_a_docx_is_refused_naming_it_and_what_to_ask_for(tmp_path):
    path = tmp_path / "returned.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises(WorkingDocumentRefused) as refused:
        read_working_document(path)
    assert str(refused.value) == (
        f"returned.docx: this is not a Word .docx file that can be opened (PackageNotFoundError: Package not found "
        f"at '{path}'). Ask the sender to save it from Word as .docx and send it again.")


@pytest.mark.parametrize("tag", ["commentRangeStart", "commentReference"])
def test_a_comment_is_refused_in_these_words(tmp_path, tag):
    def build(document):
        paragraph = document.add_paragraph("Weekly SALT")
        paragraph._p.append(parse_xml(f'<w:{tag} {nsdecls("w")} w:id="0"/>'))
    assert refusal(tmp_path, build) == \
        f'The working document has a comment in paragraph 2 ("Weekly SALT") in Section F. {ASK_NO_COMMENTS}'


def test_paragraphs_before_any_section_heading_have_no_section(tmp_path):
    assert read(tmp_path, lambda document: document.add_paragraph("Sam likes trains."), heading=None) == \
        [(1, None, None, None, original("Sam likes trains."))]


def test_a_style_based_on_a_heading_is_a_heading_unless_it_sets_body_text_level(tmp_path):
    def build(document):
        part = document.styles.add_style("Plan section", WD_STYLE_TYPE.PARAGRAPH)
        part.base_style = document.styles["Heading 1"]
        body = document.styles.add_style("Heading as body", WD_STYLE_TYPE.PARAGRAPH)
        body.base_style = document.styles["Heading 1"]
        body.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="9"/>'))
        body.font.color.rgb = RGBColor(0, 0, 0)
        unnamed = document.styles.add_style("Unnamed", WD_STYLE_TYPE.PARAGRAPH)
        del unnamed.element.find(qn("w:name")).attrib[qn("w:val")]  # a name with no value is no heading name
        document.add_paragraph("Section B: Special educational needs", style="Plan section")
        document.add_paragraph("Sam finds busy rooms hard.", style="Heading as body")
        document.add_paragraph("Sam likes trains.", style=unnamed)
    assert [(index, section, segments[0].text) for index, section, *_, segments in read(tmp_path, build)] == [
        (3, "B", "Sam finds busy rooms hard."), (4, "B", "Sam likes trains.")]


def test_an_item_bookmark_over_several_paragraphs_holds_for_each_and_words_own_bookmarks_are_ignored(tmp_path):
    def build(document):
        first, second = document.add_paragraph("Sam needs SALT"), document.add_paragraph("weekly.")
        first._p.insert(0, parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="1" w:name="_WD_F_01"/>'))
        second._p.insert(0, parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="2" w:name="_GoBack"/>'))
        second._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="2"/>'))
        second._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="1"/>'))
        document.add_paragraph("Reviewed termly.")._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="9"/>'))
    assert [(index, key) for index, _, key, *_ in read(tmp_path, build)] == [(2, "F-01"), (3, "F-01"), (4, None)]


def test_wording_inside_content_controls_is_read_in_place_with_its_table_style_cell_and_row(tmp_path):
    def build(document):
        _add_content_control(document, "Sam likes trains.")
        style = document.styles.add_style("Parent table", WD_STYLE_TYPE.TABLE)
        style.font.bold = True
        table = document.add_table(rows=1, cols=2)
        table.style = style
        first, second = table.rows[0].cells
        first.text = "SALT"
        add_bookmark(first.paragraphs[0], "_WD_F_01", 1)
        second._tc.remove(second.paragraphs[0]._p)
        second._tc.append(_content_control("weekly"))
        _add_content_control(document, "")  # a content control Word left empty
    assert read(tmp_path, build) == [
        (2, "F", None, None, original("Sam likes trains.")),
        (3, "F", "F-01", 0, [Segment("appellant_addition", "SALT")]),
        (4, "F", "F-01", 1, [Segment("appellant_addition", "weekly")]),
    ]


def _add_content_control(document, text: str) -> None:
    """A rich-text content control (w:sdt) holding one paragraph; empty text gives one with no content."""
    placeholder = document.add_paragraph()._p
    placeholder.addnext(_content_control(text))
    placeholder.getparent().remove(placeholder)


def _content_control(text: str):
    content = f'<w:sdtContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:sdtContent>' if text else ""
    return parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="Wording"/></w:sdtPr>{content}</w:sdt>')


@pytest.mark.parametrize("default, mark", [("1", "appellant_addition"), ("true", "appellant_addition"),
                                           (None, "original")])
def test_a_paragraph_with_no_style_takes_the_default_paragraph_style_wherever_it_is_listed(tmp_path, default, mark):
    def build(document):
        normal = document.styles["Normal"]
        normal.font.bold = True
        if default is None:
            del normal.element.attrib[qn("w:default")]
        else:
            normal.element.set(qn("w:default"), default)
        document.styles.element.append(normal.element)  # listed last, after the other paragraph styles
        document.add_paragraph("Sam likes trains.")
    assert read(tmp_path, build) == [(2, "F", None, None, [Segment(mark, "Sam likes trains.")])]


def test_the_documents_default_run_formatting_applies_under_every_style(tmp_path):
    def build(document):
        document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}").append(
            parse_xml(f'<w:i {nsdecls("w")}/>'))
        paragraph = document.add_paragraph("Sam reads ")
        xml_run(paragraph, "daily.", '<w:i w:val="0"/>')
    assert read(tmp_path, build)[0][4] == [Segment("la_addition", "Sam reads "), Segment("original", "daily.")]


def test_any_underline_but_none_is_underlined_even_over_an_underlined_style(tmp_path):
    def build(document):
        plain = document.add_paragraph()
        for value in ("", ' w:val="single"', ' w:val="double"', ' w:val="words"'):
            xml_run(plain, "Sam ", f"<w:u{value}/>")
        underlined = document.styles.add_style("Agreed wording", WD_STYLE_TYPE.PARAGRAPH)
        underlined.font.underline = True
        paragraph = document.add_paragraph("Sam ", style=underlined)
        xml_run(paragraph, "reads.", '<w:u w:val="none"/>')
    assert [segments for *_, segments in read(tmp_path, build)] == [
        [Segment("agreed_addition", "Sam Sam Sam Sam ")],
        [Segment("agreed_addition", "Sam "), Segment("original", "reads.")]]


def test_tabs_breaks_and_non_breaking_hyphens_are_read_as_text_and_tab_stops_are_not(tmp_path):
    def build(document):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(2))
        xml_run(paragraph, inner="<w:t/><w:t>Sam</w:t><w:tab/><w:t>reads</w:t><w:br/><w:t>non</w:t>"
                                 "<w:noBreakHyphen/><w:t>fiction</w:t><w:cr/><w:t>daily.</w:t>")
    assert read(tmp_path, build)[0][4] == original("Sam\treads\nnon-fiction\ndaily.")


def test_rows_and_cells_inside_content_controls_are_read_not_dropped(tmp_path):
    """Word wraps each row of a repeating section, and a cell given a content control, in a w:sdt."""
    def build(document):
        table = document.add_table(rows=2, cols=2)
        for row, texts in zip(table.rows, (("SALT", "weekly"), ("OT", "termly")), strict=True):
            for cell, text in zip(row.cells, texts, strict=True):
                cell.text = text
        first, second = table.rows
        wrap_in_content_control(first._tr)
        wrap_in_content_control(second.cells[1]._tc)
    assert [(index, cell, segments) for index, _, _, cell, segments in read(tmp_path, build)] == [
        (2, 0, original("SALT")), (3, 1, original("weekly")), (4, 0, original("OT")), (5, 1, original("termly"))]
