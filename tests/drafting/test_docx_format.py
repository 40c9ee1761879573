"""The Word document's layout read back from the file: page, styles, fonts, numbering, footer, properties."""
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _lvl(document, num_id, level):
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
    return abstract, next(lv for lv in abstract.findall(qn("w:lvl")) if lv.get(qn("w:ilvl")) == str(level))


def _style_num(style):
    num_pr = style.element.pPr.numPr
    return num_pr.numId.val, num_pr.ilvl.val


def test_page_is_portrait_a4_with_25mm_margins(statement):
    section = statement[0].sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert section._sectPr.find(qn("w:pgSz")).get(qn("w:orient")) in (None, "portrait")
    assert [round(m.mm) for m in (section.left_margin, section.right_margin, section.top_margin,
                                  section.bottom_margin)] == [25, 25, 25, 25]


def test_normal_style_is_arial_12_with_spacing(statement):
    normal = statement[0].styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Arial", Pt(12))
    assert normal.paragraph_format.space_after == Pt(8) and normal.paragraph_format.line_spacing == 1.15


def test_headings_are_black_bold_upright_arial(statement):
    styles = statement[0].styles
    for name, size in (("Heading 1", 13), ("Heading 2", 12)):
        font, spacing = styles[name].font, styles[name].paragraph_format
        assert (font.name, font.size, font.bold, font.italic) == ("Arial", Pt(size), True, False), name
        assert font.color.rgb == RGBColor(0, 0, 0), name
        assert (spacing.space_before, spacing.space_after) == (Pt(12), Pt(6)), name


def test_quote_style_is_black_and_indented_an_inch_each_side(statement):
    quote = statement[0].styles["Quote"]
    assert quote.font.name == "Arial" and quote.font.color.rgb == RGBColor(0, 0, 0)
    assert quote.paragraph_format.left_indent == quote.paragraph_format.right_indent == Pt(72)


def test_tribunal_heading_style_is_centred_normal_with_small_gap(statement):
    style = statement[0].styles["Tribunal Heading"]
    assert style.base_style.name == "Normal"
    assert style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert style.paragraph_format.space_after == Pt(4)


def test_every_style_font_is_arial_in_all_slots_without_theme_fonts(statement):
    rfonts = list(statement[0].styles.element.iter(qn("w:rFonts")))
    assert rfonts
    for element in rfonts:
        assert {name: element.get(qn(f"w:{name}")) for name in ("ascii", "hAnsi", "eastAsia", "cs")} == dict.fromkeys(
            ("ascii", "hAnsi", "eastAsia", "cs"), "Arial")
        assert not [key for key in element.attrib if key.lower().endswith("theme")]
    others = [e.tag for e in statement[0].styles.element.iter() if e.tag != qn("w:rFonts") and "Arial" in e.values()]
    assert others == []  # only font elements name the font (a language's eastAsia slot stays a language)


def test_numbered_styles_carry_their_numbering_and_plain_style_ids(statement):
    document, _ = statement
    styles = document.styles
    paragraph_num, _ = _style_num(styles["Numbered Paragraph"])
    assert _style_num(styles["Numbered Paragraph"]) == (paragraph_num, 0)
    assert _style_num(styles["Numbered Sub-paragraph"]) == (paragraph_num, 1)
    bullet_num, bullet_level = _style_num(styles["Bulleted Item"])
    assert bullet_num != paragraph_num and bullet_level == 0
    assert [styles[name].style_id for name in ("Numbered Paragraph", "Numbered Sub-paragraph", "Bulleted Item")] == [
        "NumberedParagraph", "NumberedSub-paragraph", "BulletedItem"]
    bullets = [p for p in document.paragraphs if p.style.name == "Bulleted Item"]
    assert bullets and {(p._p.pPr.numPr.numId.val, p._p.pPr.numPr.ilvl.val) for p in bullets} == {(bullet_num, 0)}


def test_numbering_definitions_link_styles_and_indent_by_half_inches(statement):
    document, _ = statement
    paragraph_num, _ = _style_num(document.styles["Numbered Paragraph"])
    bullet_num, _ = _style_num(document.styles["Bulleted Item"])
    expected = [(paragraph_num, 0, "multilevel", "NumberedParagraph", "%1.", "720"),
                (paragraph_num, 1, "multilevel", "NumberedSub-paragraph", "(%2)", "1440"),
                (bullet_num, 0, "singleLevel", "BulletedItem", "\u2022", "1440")]
    for num_id, level, kind, style_id, text, left in expected:
        abstract, lvl = _lvl(document, num_id, level)
        assert abstract.find(qn("w:multiLevelType")).get(qn("w:val")) == kind
        assert lvl.find(qn("w:pStyle")).get(qn("w:val")) == style_id
        assert lvl.find(qn("w:lvlText")).get(qn("w:val")) == text
        assert lvl.find(qn("w:start")).get(qn("w:val")) == "1"
        ind = lvl.find(qn("w:pPr")).find(qn("w:ind"))
        assert (ind.get(qn("w:left")), ind.get(qn("w:hanging"))) == (left, "720")
    assert len(_lvl(document, paragraph_num, 0)[0].findall(qn("w:lvl"))) == 2


def test_new_numbering_ids_are_fresh_and_definitions_precede_every_num(statement):
    numbering = statement[0].part.numbering_part.element
    children = [child.tag for child in numbering]
    assert W + "abstractNum" not in children[children.index(W + "num"):]  # the schema's order
    assert not [e.tag for e in numbering.iter() if (e.text or "").strip() or (e.tail or "").strip()]  # no stray text
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    assert len(set(abstract_ids)) == len(abstract_ids) and min(abstract_ids) >= 0
    assert len(set(num_ids)) == len(num_ids) and min(num_ids) >= 1
    styles = statement[0].styles
    assert {_style_num(styles[name])[0] for name in ("Numbered Paragraph", "Bulleted Item")} <= set(num_ids)


def test_footer_is_centred_page_x_of_y_fields(statement):
    footer = statement[0].sections[0].footer.paragraphs[0]
    assert footer.alignment == WD_ALIGN_PARAGRAPH.CENTER
    codes = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
    assert codes == ["PAGE", "NUMPAGES"] and footer.text.startswith("Page ") and " of " in footer.text


def test_properties_name_the_authority_or_a_local_authority_and_have_no_comments(write_document):
    unnamed = write_document({"response": "Text."}).core_properties
    assert (unnamed.author, unnamed.last_modified_by, unnamed.comments) == ("Local authority", "Local authority", "")
    named = write_document({"response": "Text."}, author="Exampleshire County Council").core_properties
    assert named.author == named.last_modified_by == "Exampleshire County Council"


def test_no_banner_by_default_and_a_given_banner_is_a_bold_tribunal_heading_first(write_document):
    plain = write_document({"response": "Text."})
    assert [p.text for p in plain.paragraphs] == ["The local authority's response to the grounds", "Text."]
    first = write_document({"response": "Text."}, banner="ANNOTATED COPY").paragraphs[0]
    assert first.text == "ANNOTATED COPY" and first.style.name == "Tribunal Heading"
    assert first.runs[0].bold is True


def test_body_part_titles_are_level_1_headings_and_empty_body_parts_are_left_out(write_document):
    document = write_document({"grounds": "", "response": "## Ground 1\n\nText.", "signature": "Signed"})
    assert [(p.style.name, p.text) for p in document.paragraphs] == [
        ("Heading 1", "The local authority's response to the grounds"), ("Heading 2", "Ground 1"),
        ("Numbered Paragraph", "Text."), ("Normal", "Signed")]


def test_unnumbered_body_paragraphs_are_indented_half_an_inch_and_signature_lines_are_not(write_document):
    document = write_document({"response": "~ Unnumbered note.", "signature": "Jo Smith"})
    paragraphs = {p.text: p for p in document.paragraphs}
    assert paragraphs["Unnumbered note."].style.name == "Normal"
    assert paragraphs["Unnumbered note."].paragraph_format.left_indent == Pt(36)
    assert paragraphs["Jo Smith"].style.name == "Normal"
    assert paragraphs["Jo Smith"].paragraph_format.left_indent is None
