"""The light markup officers write each part in, parsed into the document model.

    A paragraph of text.           numbered automatically (1., 2., ... across the whole statement)
    ~ A paragraph.                 not numbered
    > Quoted words.                an indented quotation, not numbered
    ## Ground 1: Section F         a sub-heading
    - item / * item                a bulleted list
    1. item / (a) item             a numbered list, shown as (a), (b), (c) under its paragraph
    **bold**  *italic*             emphasis; \\* writes a literal asterisk
    1\\. The panel                 a backslash keeps a paragraph that begins like a list item: \\. \\( \\)
    [[doc:42]]                     a reference to bundle document 42: its title, date and pages, or only its
                                   pages where the sentence already names it
    [[doc:42|short]]               title and pages; [[doc:42|long]] title, date and pages; [[doc:42|pages]] pages

Blocks are separated by a blank line; the lines of one paragraph are joined. In the heading and signature parts
each line is its own unnumbered paragraph, because line breaks there are layout.
"""
from __future__ import annotations

import re

from .model import Block, Heading, Inline, ListBlock, Paragraph, Reference, Span

CITATION_FORMS = ("short", "long", "pages")
REFERENCE_TOKEN = re.compile(r"\[\[doc:([A-Za-z0-9_-]+)(?:\|(short|long|pages))?\]\]")
_ESCAPE = re.compile(r"\\[\\*\[\]~>#.()-]")
_INLINE_TOKENS = re.compile(rf"({_ESCAPE.pattern}|\[\[doc:[A-Za-z0-9_-]+(?:\|(?:short|long|pages))?\]\]|\*\*|\*)")
_BULLET = re.compile(r"^[-*]\s+(.*)$")
_ORDERED = re.compile(r"^(?:\d+[.)]|\([a-z]{1,3}\))\s+(.*)$")


def reference_token(key: str, form: str = "") -> str:
    """The token a writer inserts to cite a document; `form` is short, long or pages (none: chosen by context)."""
    return f"[[doc:{key}|{form}]]" if form else f"[[doc:{key}]]"


def referenced_keys(text: str) -> list[str]:
    """Document keys cited in a part's text, in order of first appearance."""
    return list(dict.fromkeys(key for key, _ in REFERENCE_TOKEN.findall(text)))


def parse_inlines(text: str) -> tuple[Inline, ...]:
    pieces = [p for p in _INLINE_TOKENS.split(text) if p]
    # A marker with no partner is literal text, so an odd one out does not embolden the rest of the paragraph.
    usable = {marker: _balanced_count(pieces, marker) for marker in ("**", "*")}
    seen = {"**": 0, "*": 0}
    bold = italic = False
    out: list[Inline] = []
    for piece in pieces:
        if piece in seen and seen[piece] < usable[piece]:
            seen[piece] += 1
            if piece == "**":
                bold = not bold
            else:
                italic = not italic
            continue
        match = REFERENCE_TOKEN.fullmatch(piece)
        if match:
            out.append(Reference(match.group(1), bold, italic, match.group(2) or ""))
            continue
        if _ESCAPE.fullmatch(piece):
            piece = piece[1]
        _append_text(out, piece, bold, italic)
    return tuple(out)


def _balanced_count(pieces: list[str], marker: str) -> int:
    count = pieces.count(marker)
    return count - count % 2


def _append_text(out: list[Inline], text: str, bold: bool, italic: bool) -> None:
    last = out[-1] if out else None
    if isinstance(last, Span) and (last.bold, last.italic) == (bold, italic):
        out[-1] = Span(last.text + text, bold, italic)
    else:
        out.append(Span(text, bold, italic))


def parse_body(text: str) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for chunk in _chunks(text):
        blocks.extend(_parse_chunk(chunk))
    return tuple(blocks)


def parse_lines(text: str) -> tuple[Block, ...]:
    """Heading and signature parts: every non-empty line is one unnumbered paragraph."""
    return tuple(Paragraph(parse_inlines(line.strip()), "plain") for line in text.splitlines() if line.strip())


def _chunks(text: str) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip():
            chunks[-1].append(line.strip())
        elif chunks[-1]:
            chunks.append([])
    return [c for c in chunks if c]


def _parse_chunk(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    prose: list[str] = []
    items: list[list[str]] = []
    ordered = False
    for line in lines:
        if line.startswith("## "):
            blocks.extend(_flush(prose, items, ordered))
            prose, items = [], []
            blocks.append(Heading(parse_inlines(line[3:].strip())))
            continue
        bullet, numbered = _BULLET.match(line), _ORDERED.match(line)
        marker = bullet or numbered
        if marker and (not items or bool(numbered) == ordered):
            if not items:
                blocks.extend(_flush(prose, [], ordered))
                prose = []
            ordered = bool(numbered)
            items.append([marker.group(1)])
        elif marker:  # a list of the other kind starts straight after this one
            blocks.extend(_flush([], items, ordered))
            ordered, items = bool(numbered), [[marker.group(1)]]
        elif items:
            items[-1].append(line)  # continuation of the last item
        else:
            prose.append(line)
    blocks.extend(_flush(prose, items, ordered))
    return blocks


def _flush(prose: list[str], items: list[list[str]], ordered: bool) -> list[Block]:
    blocks: list[Block] = []
    if prose:
        blocks.append(_paragraph(prose))
    if items:
        blocks.append(ListBlock(ordered, tuple(parse_inlines(" ".join(item)) for item in items)))
    return blocks


def _paragraph(lines: list[str]) -> Paragraph:
    first = lines[0]
    if first.startswith(">"):
        return Paragraph(parse_inlines(_joined(line[1:].strip() if line.startswith(">") else line
                                               for line in lines)), "quote")
    if first.startswith("~ ") or first == "~":
        return Paragraph(parse_inlines(_joined([first[1:].strip()] + lines[1:])), "plain")
    return Paragraph(parse_inlines(_joined(lines)), "numbered")


def _joined(lines) -> str:
    """A paragraph's lines as one, a bare ">" or "~" line adding no space."""
    return " ".join(line for line in lines if line)
