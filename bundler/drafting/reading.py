"""The statement as it will read in the .docx: each paragraph with the number or letter Word gives it, its emphasis,
and its references written out, so two versions can be compared as a reader sees them."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from .model import Heading, ListBlock, Reference, Span
from .parts import PARTS, parse_parts

# numbered: "12." (numbering runs on across the parts); sub: "(a)" under the numbered paragraph before it;
# bullet: "•"; plain, quote, heading and line (the heading and signature parts, one line each) have no label.
Style = Literal["numbered", "sub", "bullet", "plain", "quote", "heading", "line"]


@dataclass(frozen=True)
class ReadParagraph:
    label: str
    style: Style
    pieces: tuple[Span, ...]

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces)


def letter(n: int) -> str:
    """Word's lowerLetter numbering: a..z, then aa..zz, then aaa..."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def read_parts(texts: Mapping[str, str], resolver) -> dict[str, list[ReadParagraph]]:
    """Each part's paragraphs as the .docx reads them, keyed by part (every part, empty ones too). Paragraph
    numbers run on across the parts; the letters of a sub-list start again after each numbered paragraph, as Word's
    multi-level numbering does."""
    read: dict[str, list[ReadParagraph]] = {spec.key: [] for spec in PARTS}
    number = letters = 0
    for part in parse_parts(texts):
        paragraphs = read[part.key]
        for block in part.blocks:
            if isinstance(block, ListBlock):
                for item in block.items:
                    if block.ordered:
                        letters += 1
                    label, style = (f"({letter(letters)})", "sub") if block.ordered else ("\u2022", "bullet")
                    paragraphs.append(ReadParagraph(label, style, _pieces(item, resolver)))
            elif isinstance(block, Heading):
                paragraphs.append(ReadParagraph("", "heading", _pieces(block.inlines, resolver)))
            elif part.layout != "body":
                paragraphs.append(ReadParagraph("", "line", _pieces(block.inlines, resolver)))
            elif block.kind == "numbered":
                number, letters = number + 1, 0
                paragraphs.append(ReadParagraph(f"{number}.", "numbered", _pieces(block.inlines, resolver)))
            else:
                paragraphs.append(ReadParagraph("", block.kind, _pieces(block.inlines, resolver)))
    return read


def _pieces(inlines, resolver) -> tuple[Span, ...]:
    """The inlines' words, each reference written out as the document cites it."""
    return tuple(Span(cited if isinstance(inline, Reference) else inline.text, inline.bold, inline.italic)
                 for inline, cited in zip(inlines, resolver.cite(inlines), strict=True))

