"""Writes the statement as a Word document with real Word numbering and heading styles.

Numbered paragraphs, their (a), (b) sub-lists and bullets use numbering definitions added to the document's
numbering part, and paragraph styles that carry them, so legal services can keep working on the file in Word.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from ..files import save_atomically
from .model import Heading, ListBlock, Paragraph, Part, Reference
from .references import ReferenceResolver, ResolvedReference

FONT = "Arial"
PARAGRAPH_STYLE = "Numbered Paragraph"
SUB_PARAGRAPH_STYLE = "Numbered Sub-paragraph"
BULLET_STYLE = "Bulleted Item"
TRIBUNAL_HEADING_STYLE = "Tribunal Heading"
INDENT = 720  # twentieths of a point: half an inch per level, as tribunal documents are laid out


@dataclass(frozen=True)
class RenderReport:
    """The references the statement cites, each with its rendered text and any problem to flag."""
    references: tuple[ResolvedReference, ...]

    @property
    def flagged(self) -> tuple[ResolvedReference, ...]:
        return tuple(ref for ref in self.references if ref.problem)


def write_docx(parts: Sequence[Part], resolver: ReferenceResolver, output: Path, *, title: str,
               banner: str, author: str) -> RenderReport:
    """Write the statement to `output` atomically and report its references. `banner`, unless empty, is a note
    printed above the heading (an annotated copy says so); `author` (the authority, or empty for "Local authority")
    goes in the document's properties."""
    document = Document()
    _set_up_page(document)
    paragraph_num, bullet_num = _add_numbering(document)
    _set_up_styles(document, paragraph_num, bullet_num)
    _page_numbers(document)
    properties = document.core_properties
    properties.title = title
    properties.author = properties.last_modified_by = author or "Local authority"
    properties.comments = ""
    resolved: dict[str, ResolvedReference] = {}
    writer = _Writer(document, resolver, resolved, paragraph_num, bullet_num)
    if banner:
        document.add_paragraph(style=TRIBUNAL_HEADING_STYLE).add_run(banner).bold = True
    for part in parts:
        writer.part(part)
    save_atomically(document, Path(output))
    return RenderReport(tuple(resolved.values()))


class _Writer:
    def __init__(self, document, resolver, resolved, paragraph_num, bullet_num):
        self.document = document
        self.resolver = resolver
        self.resolved = resolved
        self.paragraph_num = paragraph_num
        self.bullet_num = bullet_num

    def part(self, part: Part) -> None:
        if part.layout == "body" and not part.blocks:
            return  # a part the document does not use (a reg 45 notice has no grounds) gets no heading
        if part.layout == "body":
            self.document.add_heading(part.title, level=1)
        for block in part.blocks:
            self.block(block, part.layout)

    def block(self, block, layout: str) -> None:
        if isinstance(block, Heading):
            self.inlines(self.document.add_paragraph(style="Heading 2"), block.inlines)
        elif isinstance(block, ListBlock):
            style, num_id, level = ((SUB_PARAGRAPH_STYLE, self.paragraph_num, 1) if block.ordered
                                    else (BULLET_STYLE, self.bullet_num, 0))
            for item in block.items:
                paragraph = self.document.add_paragraph(style=style)
                _number(paragraph, num_id, level)
                self.inlines(paragraph, item)
        elif layout == "heading":
            self.inlines(self.document.add_paragraph(style=TRIBUNAL_HEADING_STYLE), block.inlines)
        else:
            self.paragraph(block, layout)

    def paragraph(self, block: Paragraph, layout: str) -> None:
        if block.kind == "numbered" and layout == "body":
            paragraph = self.document.add_paragraph(style=PARAGRAPH_STYLE)
            _number(paragraph, self.paragraph_num, 0)
        elif block.kind == "quote":
            paragraph = self.document.add_paragraph(style="Quote")
        else:
            paragraph = self.document.add_paragraph(style="Normal")
            paragraph.paragraph_format.left_indent = Pt(INDENT / 20) if layout == "body" else None
        self.inlines(paragraph, block.inlines)

    def inlines(self, paragraph, inlines) -> None:
        for inline, text in zip(inlines, self.resolver.cite(inlines), strict=True):
            if isinstance(inline, Reference):
                ref = self.resolved.setdefault(inline.key, self.resolver.resolve(inline.key))
                run = paragraph.add_run(text)
                if ref.problem:
                    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            else:
                run = paragraph.add_run(inline.text)
            run.bold = inline.bold or None
            run.italic = inline.italic or None


def _number(paragraph, num_id: int, level: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def _page_numbers(document) -> None:
    """"Page X of Y" in the footer of every page, with Word fields (HESC filings travel on their own)."""
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def _field(paragraph, code: str) -> None:
    for xml in (f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>',
                f'<w:instrText {nsdecls("w")} xml:space="preserve"> {code} </w:instrText>',
                f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>', f'<w:t {nsdecls("w")}>1</w:t>',
                f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'):
        paragraph.add_run()._r.append(parse_xml(xml))


def _one_font(document) -> None:
    """Every style in FONT: theme fonts on a style (the default template's headings use them) win over its
    font name in Word, so they are removed, and the East Asian and complex-script slots set too."""
    for rfonts in document.styles.element.iter(qn("w:rFonts")):
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attribute), None)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(attribute), FONT)


def _set_up_page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)


def _add_numbering(document) -> tuple[int, int]:
    """Add one multi-level definition (1. then (a)) and one bullet definition; return their numIds."""
    numbering = document.part.numbering_part.element
    next_abstract = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))),
                            default=-1)
    next_num = 1 + max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0)
    paragraphs = _abstract_num(next_abstract, "multilevel", [
        ("decimal", "%1.", PARAGRAPH_STYLE), ("lowerLetter", "(%2)", SUB_PARAGRAPH_STYLE)])
    bullets = _abstract_num(next_abstract + 1, "singleLevel", [("bullet", "\u2022", BULLET_STYLE)], depth=2)
    first_num = numbering.find(qn("w:num"))
    for abstract in (paragraphs, bullets):  # the schema wants every abstractNum before the first num
        if first_num is None:
            numbering.append(abstract)
        else:
            first_num.addprevious(abstract)
    for offset in (0, 1):
        numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{next_num + offset}">'
            f'<w:abstractNumId w:val="{next_abstract + offset}"/></w:num>'))
    return next_num, next_num + 1


def _abstract_num(abstract_id: int, kind: str, levels: list[tuple[str, str, str]], depth: int = 1):
    """`depth` is the indent of the first level in INDENT steps (bullets sit under a paragraph's text)."""
    xml_levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:pStyle w:val="{style.replace(" ", "")}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{INDENT * (level + depth)}" w:hanging="{INDENT}"/></w:pPr></w:lvl>'
        for level, (fmt, text, style) in enumerate(levels))
    return parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                     f'<w:multiLevelType w:val="{kind}"/>{xml_levels}</w:abstractNum>')


def _set_up_styles(document, paragraph_num: int, bullet_num: int) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(12)
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Heading 1", 13), ("Heading 2", 12)):
        heading = styles[name]
        heading.font.name, heading.font.size, heading.font.bold = FONT, Pt(size), True
        heading.font.italic = False
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading.paragraph_format.space_before, heading.paragraph_format.space_after = Pt(12), Pt(6)
    quote = styles["Quote"]
    quote.font.name, quote.font.color.rgb = FONT, RGBColor(0, 0, 0)
    quote.paragraph_format.left_indent = quote.paragraph_format.right_indent = Pt(2 * INDENT / 20)
    for name, num_id, level in ((PARAGRAPH_STYLE, paragraph_num, 0), (SUB_PARAGRAPH_STYLE, paragraph_num, 1),
                                (BULLET_STYLE, bullet_num, 0)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.element.get_or_add_pPr()
        num_pr = style.element.pPr.get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num_id
    heading_style = styles.add_style(TRIBUNAL_HEADING_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    heading_style.base_style = normal
    heading_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading_style.paragraph_format.space_after = Pt(4)
    _one_font(document)
