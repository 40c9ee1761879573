from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn


def _num(paragraph):
    num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    return (num_pr.numId.val, num_pr.ilvl.val) if num_pr is not None else None


def _level_format(document, num_id, level):
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
    lvl = next(lv for lv in abstract.findall(qn("w:lvl")) if lv.get(qn("w:ilvl")) == str(level))
    return lvl.find(qn("w:numFmt")).get(qn("w:val")), lvl.find(qn("w:lvlText")).get(qn("w:val"))


def test_part_titles_use_word_heading_styles(statement):
    document, _ = statement
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Introduction", "Background and chronology", "The decision under appeal"]
    assert "Conclusion and order sought" in headings and "Signature" not in headings
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"] == ["Ground 1"]


def test_body_paragraphs_are_numbered_by_word_numbering(statement):
    document, _ = statement
    numbered = [p for p in document.paragraphs if p.style.name == "Numbered Paragraph"]
    assert numbered[0].text.startswith("This is the response of Exampleshire County Council")
    assert {_num(p) for p in numbered} == {(_num(numbered[0])[0], 0)}  # one continuous sequence
    assert _level_format(document, _num(numbered[0])[0], 0) == ("decimal", "%1.")
    assert all("1." not in p.text[:3] for p in numbered)  # Word numbers them, not the text


def test_lists_are_sub_numbered_or_bulleted(statement):
    document, _ = statement
    items = [p for p in document.paragraphs if p.style.name == "Numbered Sub-paragraph"]
    assert [p.text for p in items][:2] == ["Section F is vague.", "Placement."]  # then the order sought
    num_id, level = _num(items[0])
    assert level == 1 and _level_format(document, num_id, 1) == ("lowerLetter", "(%2)")
    assert items[0].runs[0].italic
    bullets = [p for p in document.paragraphs if p.style.name == "Bulleted Item"]
    assert [p.text for p in bullets[-2:]] == ["one", "two"]
    assert _level_format(document, _num(bullets[0])[0], 0)[0] == "bullet"


def test_heading_quote_and_unnumbered_paragraphs(statement):
    document, _ = statement
    heading = [p.text for p in document.paragraphs if p.style.name == "Tribunal Heading"]
    assert heading[:3] == ["IN THE FIRST-TIER TRIBUNAL (HEALTH, EDUCATION AND SOCIAL CARE CHAMBER)",
                           "SPECIAL EDUCATIONAL NEEDS AND DISABILITY", "Tribunal reference: EH936/25/00012"]
    texts = {p.text: p for p in document.paragraphs}
    assert texts["Quoted advice."].style.name == "Quote"
    assert _num(texts["Unnumbered note."]) is None
    assert document.core_properties.title == "Statement EH936/25/00012"


def test_references_are_resolved_and_unresolved_ones_highlighted(statement):
    document, report = statement
    paragraph = next(p for p in document.paragraphs if p.text.startswith("See "))
    assert paragraph.text == "See EP advice, 2 June 2025 [pp. 45\u201353] and Document 99 [not in the bundle]."
    flagged = [run for run in paragraph.runs if run.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert [run.text for run in flagged] == ["Document 99 [not in the bundle]"] and flagged[0].bold
    chronology = [p.text for p in document.paragraphs if p.style.name == "Bulleted Item"]
    assert "14 March 2025: Annual review report [p. 20]" in chronology  # dated once
    assert [ref.key for ref in report.flagged] == ["99"]
    assert {ref.key for ref in report.references} == {"7", "42", "99"}


def test_page_is_a4(statement):
    document, _ = statement
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
