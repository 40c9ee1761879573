"""Reads a returned working document: every run classified by its effective formatting into the key's marks.

Refused, naming the paragraph and what to ask the sender for: tracked changes, comments, coloured or highlighted
text, and combinations outside the key. Judged by what the text shows: black is not colour, a coloured style no text
uses is no problem, and headings of any level are structure, not proposals.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from docx.oxml.ns import qn

from ..packages import UnreadableDocx, open_docx
from .key import Formatting, TypographicKey, load_key
from .ooxml import KEY_TABLE_CAPTION, item_key_from_bookmark, table_caption, through_content_controls
from .proposals import Segment

SECTION_HEADING = re.compile(r"^\s*Section\s+(H1|H2|[A-K])\b", re.IGNORECASE)
_HEADING_STYLE = re.compile(r"^(heading \d|title|subtitle)$", re.IGNORECASE)
_TRACKED = {"ins": "a tracked insertion", "del": "a tracked deletion", "moveFrom": "a tracked move",
            "moveTo": "a tracked move", "rPrChange": "a tracked formatting change",
            "pPrChange": "a tracked formatting change"}
_COMMENT_TAGS = ("commentRangeStart", "commentReference")
_BLACK = (None, "auto", "000000")
_TOGGLES = {"bold": ("b",), "italic": ("i",), "strike": ("strike", "dstrike")}
ASK_CLEAN = ("Ask the sender to accept or reject every tracked change, switch Track Changes off, and send the file "
             "again with changes shown only in the typographic key.")
ASK_NO_COMMENTS = ("Ask the sender to delete the comments and send the file again; reasons belong in footnotes "
                   "citing the evidence.")
ASK_BLACK = "Ask the sender for a copy in black text only, with changes shown only in the typographic key."


class WorkingDocumentRefused(ValueError):
    """The file cannot be read as a working document; the message names the paragraph and what to ask for."""


@dataclass
class ReadParagraph:
    index: int  # 1-based, counting every paragraph in document order, table cells included
    section: str | None
    item_key: str | None
    segments: list[Segment] = field(default_factory=list)
    cell: int | None = None  # the column, for a paragraph in a table

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)


def read_working_document(path: Path, key: TypographicKey | None = None) -> list[ReadParagraph]:
    """The document's marked paragraphs in order (headings and the key table left out)."""
    path = Path(path)
    try:
        document = open_docx(path)
    except UnreadableDocx as exc:
        raise WorkingDocumentRefused(f"{path.name}: this is not a Word .docx file that can be opened ({exc}). "
                                     "Ask the sender to save it from Word as .docx and send it again.") from None
    return _Reader(document, key or load_key()).read()


def segments_as_json(paragraphs: list[ReadParagraph]) -> list[dict]:
    return [{"section": p.section, "mark": s.mark, "text": s.text} for p in paragraphs for s in p.segments]


class _Reader:
    def __init__(self, document, key: TypographicKey):
        self.key = key
        self.body = document.element.body
        self.styles = {s.get(qn("w:styleId")): s for s in document.styles.element.iter(qn("w:style"))}
        self.default_paragraph_style = next(
            (s.get(qn("w:styleId")) for s in self.styles.values()
             if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")), None)
        defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.default_rpr = defaults
        self.count = 0
        self.section: str | None = None
        self.open_bookmarks: dict[str, str] = {}
        self.out: list[ReadParagraph] = []

    def read(self) -> list[ReadParagraph]:
        self.blocks(self.body, table_style=None, cell=None)
        return self.out

    def blocks(self, parent, table_style, cell, row_key=None) -> None:
        for child in through_content_controls(parent):
            if child.tag == qn("w:p"):
                self.paragraph(child, table_style, cell, row_key)
            elif child.tag == qn("w:tbl"):
                self.table(child)
            elif child.tag in (qn("w:ins"), qn("w:del"), qn("w:moveFrom"), qn("w:moveTo")):
                self.refuse(self.count + 1, "", _TRACKED[child.tag.split("}")[1]], ASK_CLEAN)

    def table(self, tbl) -> None:
        skip = table_caption(tbl) == KEY_TABLE_CAPTION  # the key itself: examples of each mark, not proposals
        style = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
        table_style = style.get(qn("w:val")) if style is not None else None
        for row in through_content_controls(tbl, qn("w:tr")):
            header = row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None  # column titles: structure
            row_key = next((item_key_from_bookmark(b.get(qn("w:name"), "")) for b in row.iter(qn("w:bookmarkStart"))
                            if item_key_from_bookmark(b.get(qn("w:name"), ""))), None)
            for column, tc in enumerate(through_content_controls(row, qn("w:tc"))):
                if skip or header:
                    self.count += len(tc.findall(qn("w:p")))
                    continue
                self.blocks(tc, table_style, column, row_key)

    def paragraph(self, p, table_style, cell, row_key) -> None:
        self.count += 1
        index = self.count
        text_preview = "".join(t.text or "" for t in p.iter(qn("w:t")))
        self.check_clean(p, index, text_preview)
        for start in p.iter(qn("w:bookmarkStart")):
            if item_key_from_bookmark(start.get(qn("w:name"), "")):
                self.open_bookmarks[start.get(qn("w:id"))] = item_key_from_bookmark(start.get(qn("w:name")))
        item_key = row_key or next(iter(self.open_bookmarks.values()), None)
        style_id = self.paragraph_style(p)
        if self.is_heading(p, style_id):
            match = SECTION_HEADING.match(text_preview)
            if match:
                self.section = match.group(1).upper()
        else:
            read = ReadParagraph(index, self.section, item_key, cell=cell)
            for run in p.iter(qn("w:r")):
                self.run(run, style_id, table_style, read, text_preview)
            if read.segments:
                self.out.append(read)
        for end in p.iter(qn("w:bookmarkEnd")):
            self.open_bookmarks.pop(end.get(qn("w:id")), None)

    def check_clean(self, p, index: int, preview: str) -> None:
        for tag, what in _TRACKED.items():
            if p.find(f".//{qn('w:' + tag)}") is not None:
                self.refuse(index, preview, what, ASK_CLEAN)
        if any(p.find(f".//{qn('w:' + tag)}") is not None for tag in _COMMENT_TAGS):
            self.refuse(index, preview, "a comment", ASK_NO_COMMENTS)

    def run(self, r, style_id, table_style, read: ReadParagraph, preview: str) -> None:
        if r.find(qn("w:footnoteReference")) is not None or r.find(qn("w:endnoteReference")) is not None:
            return  # the evidence footnote's number, not wording
        text = _run_text(r)
        if not text:
            return
        chain = self.rpr_chain(r, style_id, table_style)
        formatting = Formatting(**{name: self.toggle(chain, tags) for name, tags in _TOGGLES.items()},
                                underline=self.underline(chain))
        visible = bool(text.strip())
        colour = self.first(chain, "color")
        if visible and colour is not None and colour.get(qn("w:val"), "auto").upper() not in ("AUTO", "000000"):
            self.refuse(read.index, preview, f"coloured text (colour {colour.get(qn('w:val'))})", ASK_BLACK)
        highlight = self.first(chain, "highlight")
        if highlight is not None and highlight.get(qn("w:val")) != "none":
            self.refuse(read.index, preview, f"highlighted text ({highlight.get(qn('w:val'))})", ASK_BLACK)
        shading = self.first(chain, "shd")
        if shading is not None and shading.get(qn("w:fill"), "auto").upper() not in ("AUTO", "FFFFFF"):
            self.refuse(read.index, preview, "shaded (highlighted) text", ASK_BLACK)
        mark = self.key.mark_for(formatting)
        if mark is None and visible:
            self.refuse(read.index, preview, f"{formatting.describe()} together, which is not in the typographic "
                                             f"key ({_key_summary(self.key)})",
                        "Ask the sender to mark each change with exactly one style from the key.")
        mark = mark or (read.segments[-1].mark if read.segments else "original")  # formatted spaces show nothing
        if read.segments and read.segments[-1].mark == mark:
            read.segments[-1] = Segment(mark, read.segments[-1].text + text)
        else:
            read.segments.append(Segment(mark, text))

    def rpr_chain(self, r, style_id, table_style) -> list:
        """Run properties from the strongest: direct, the run's character style, the paragraph style, the table
        style, then the document defaults."""
        chain = [r.find(qn("w:rPr"))]
        rstyle = r.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
        if rstyle is not None:
            chain += self.style_rprs(rstyle.get(qn("w:val")))
        chain += self.style_rprs(style_id) + self.style_rprs(table_style) + [self.default_rpr]
        return [rpr for rpr in chain if rpr is not None]

    def style_rprs(self, style_id) -> list:
        found, seen = [], set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            found.append(style.find(qn("w:rPr")))
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return found

    def paragraph_style(self, p) -> str | None:
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        return style.get(qn("w:val")) if style is not None else self.default_paragraph_style

    def is_heading(self, p, style_id) -> bool:
        if p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}") is not None:
            return _outline_level(p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")) < 9
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            name = style.find(qn("w:name"))
            if name is not None and _HEADING_STYLE.match(name.get(qn("w:val"), "")):
                return True
            level = style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
            if level is not None:
                return _outline_level(level) < 9
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return False

    @staticmethod
    def first(chain, tag: str):
        return next((found for rpr in chain if (found := rpr.find(qn("w:" + tag))) is not None), None)

    def toggle(self, chain, tags) -> bool:
        for rpr in chain:
            for tag in tags:
                element = rpr.find(qn("w:" + tag))
                if element is not None:
                    return element.get(qn("w:val"), "true").lower() not in ("0", "false", "off")
        return False

    def underline(self, chain) -> bool:
        element = self.first(chain, "u")
        return element is not None and element.get(qn("w:val"), "single") != "none"

    def refuse(self, index: int, preview: str, problem: str, ask: str):
        where = f'paragraph {index}' + (f' ("{_shorten(preview)}")' if preview.strip() else "")
        section = f" in Section {self.section}" if self.section else ""
        raise WorkingDocumentRefused(f"The working document has {problem} in {where}{section}. {ask}")


def _run_text(r) -> str:
    parts = []
    for child in r:
        if child.tag == qn("w:t"):
            parts.append(child.text or "")
        elif child.tag == qn("w:tab"):
            parts.append("\t")
        elif child.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
        elif child.tag == qn("w:noBreakHyphen"):
            parts.append("-")
    return "".join(parts)


def _outline_level(element) -> int:
    try:
        return int(element.get(qn("w:val"), "9"))
    except ValueError:
        return 9


def _key_summary(key: TypographicKey) -> str:
    return "; ".join(f"{entry.label.lower()}: {entry.meaning.lower()}" for entry in key.entries)


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"
