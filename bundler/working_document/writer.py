"""Writes the working document .docx: title block, key, one heading per section, items marked in the key.

Runs carry only bold, italic, underline and strikethrough, as the key says; every colour is `auto` (black); no
tracked changes, comments or highlight. Evidence cited with `[[doc:N]]` becomes a real Word footnote, its text
resolved by the caller's callback (a `ReferenceResolver.resolve`, so it reads as the statement's references do).
Each item carries a hidden bookmark so the returned file maps back to the plan.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..dates import page_date
from ..drafting.markup import REFERENCE_TOKEN
from ..drafting.references import ResolvedReference
from ..files import save_atomically
from .key import TypographicKey, load_key
from .ooxml import (
    KEY_TABLE_CAPTION,
    Footnotes,
    add_bookmark,
    add_field,
    bookmark_name,
    mark_header_row,
    set_table_caption,
)
from .plan import PROVISION_HEADINGS, EhcPlan, PlanItem, PlanSection
from .proposals import Proposal, Segment, render_segments

FONT = "Arial"
TRIBUNAL = "First-tier Tribunal (Health, Education and Social Care Chamber): Special Educational Needs and Disability"
Resolve = Callable[[str], ResolvedReference]


@dataclass(frozen=True)
class TitleBlock:
    reference: str
    child_name: str
    version: int
    prepared_by: str
    dated: date


def section_heading(section: PlanSection) -> str:
    return f"Section {section.code}: {section.title}"


def write_working_document(plan: EhcPlan, proposals: Iterable[Proposal], output: Path, *, title: TitleBlock,
                           resolve: Resolve, sections: Sequence[str] | None = None,
                           key: TypographicKey | None = None) -> list[ResolvedReference]:
    """Write the document to `output` atomically; return the references cited, in order, with any problems."""
    key = key or load_key()
    by_item: dict[str, list[Proposal]] = {}
    for proposal in proposals:
        by_item.setdefault(proposal.item_key, []).append(proposal)
    document = Document()
    _set_up(document)
    writer = _Writer(document, key, resolve, by_item)
    writer.title_block(title)
    writer.key_table()
    for section in plan.sections:
        if sections is None or section.code in sections:
            writer.section(section)
    save_atomically(document, Path(output))
    return writer.cited


class _Writer:
    def __init__(self, document, key: TypographicKey, resolve: Resolve, by_item: dict[str, list[Proposal]]):
        self.document = document
        self.key = key
        self.resolve = resolve
        self.by_item = by_item
        self.footnotes = Footnotes(document)
        self.cited: list[ResolvedReference] = []
        self.bookmarks = 0

    def title_block(self, title: TitleBlock) -> None:
        self.document.add_paragraph(TRIBUNAL, style="Title")
        for line in (f"Tribunal reference: {title.reference}", f"Child or young person: {title.child_name}",
                     (f"Working document, version {title.version}, {page_date(title.dated)}, "
                      f"prepared by {title.prepared_by}")):
            self.document.add_paragraph(line, style="Subtitle")

    def key_table(self) -> None:
        table = self.document.add_table(rows=1, cols=2, style="Table Grid")
        set_table_caption(table, KEY_TABLE_CAPTION)
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Style", "Meaning"
        for entry in self.key.entries:
            cells = table.add_row().cells
            self.run(cells[0].paragraphs[0], entry.label, entry.mark)
            cells[1].paragraphs[0].add_run(entry.meaning)

    def section(self, section: PlanSection) -> None:
        self.document.add_heading(section_heading(section), level=1)
        if section.uses_table:
            self.provision_table(section)
            return
        heading = None
        for item in section.items:
            if item.heading and item.heading != heading:
                heading = item.heading
                self.document.add_heading(heading, level=2)
            paragraph = self.document.add_paragraph()
            self.item_number(paragraph, item)
            self.segments(paragraph, self.item_segments(item, "text", item.text))
            self.bookmark(paragraph, item)

    def provision_table(self, section: PlanSection) -> None:
        columns = section.provision_columns
        table = self.document.add_table(rows=1, cols=len(columns) + 1, style="Table Grid")
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        headings = ("No.",) + tuple(PROVISION_HEADINGS[c] for c in columns)
        for cell, name in zip(table.rows[0].cells, headings, strict=True):
            cell.text = name
        mark_header_row(table.rows[0])
        for item in section.items:
            cells = table.add_row().cells
            cells[0].paragraphs[0].add_run(item.number)
            fields = item.fields()
            names = columns if item.provision else ("text",)
            for cell, name in zip(cells[1:], names, strict=False):  # free text fills the first cell only
                self.segments(cell.paragraphs[0], self.item_segments(item, name, fields[name]))
            self.bookmark(cells[0].paragraphs[0], item)

    def item_number(self, paragraph, item: PlanItem) -> None:
        run = paragraph.add_run(item.number)
        run.add_tab()

    def item_segments(self, item: PlanItem, field: str, original: str) -> list[Segment]:
        return render_segments(original, [p for p in self.by_item.get(item.key, []) if p.field == field])

    def segments(self, paragraph, segments: list[Segment]) -> None:
        for segment in segments:
            position = 0
            for match in REFERENCE_TOKEN.finditer(segment.text):
                self.run(paragraph, segment.text[position:match.start()], segment.mark)
                reference = self.resolve(match.group(1))
                self.cited.append(reference)
                self.footnotes.add(paragraph, reference.text)
                position = match.end()
            self.run(paragraph, segment.text[position:], segment.mark)

    def run(self, paragraph, text: str, mark: str) -> None:
        if not text:
            return
        formatting = self.key.formatting(mark)
        run = paragraph.add_run(text)
        run.bold = formatting.bold or None
        run.italic = formatting.italic or None
        run.underline = formatting.underline or None
        run.font.strike = formatting.strike or None

    def bookmark(self, paragraph, item: PlanItem) -> None:
        self.bookmarks += 1
        add_bookmark(paragraph, bookmark_name(item.key), self.bookmarks)


def _set_up(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(20)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(11)
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2"):
        style = document.styles[name]
        style.font.name, style.font.italic = FONT, False
        style.font.bold = name != "Subtitle"
    _black_styles(document)
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    add_field(footer, "PAGE")
    footer.add_run(" of ")
    add_field(footer, "NUMPAGES")


def _black_styles(document) -> None:
    """The default template colours headings and table borders; the key allows black (`auto`) only."""
    styles = document.styles.element
    for element in styles.iter():
        if element.tag == qn("w:color") or qn("w:color") in element.attrib:
            for attribute in (qn("w:themeColor"), qn("w:themeShade"), qn("w:themeTint")):
                element.attrib.pop(attribute, None)
            element.set(qn("w:val") if element.tag == qn("w:color") else qn("w:color"), "auto")
    for rpr in styles.iter(qn("w:rPr")):
        if rpr.find(qn("w:color")) is None:
            rpr.append(rpr.makeelement(qn("w:color"), {qn("w:val"): "auto"}))
    for rel_id, rel in list(document.part.rels.items()):  # Word 2010's copy of the styles, coloured as before
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.drop_rel(rel_id)
