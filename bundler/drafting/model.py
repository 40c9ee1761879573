"""The small document model the markup parser produces and the .docx writer consumes."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Span:
    """A run of text with its emphasis."""
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Reference:
    """An evidence reference token (`[[doc:42]]`); `key` is the bundle document id ("42"), `form` the citation
    form the writer chose (short, long, pages) or "" to choose by the sentence."""
    key: str
    bold: bool = False
    italic: bool = False
    form: str = ""


Inline = Span | Reference

# numbered: tribunal-style automatically numbered paragraph; plain: unnumbered; quote: indented, unnumbered.
ParagraphKind = Literal["numbered", "plain", "quote"]


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    kind: ParagraphKind = "numbered"


@dataclass(frozen=True)
class Heading:
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list; each item is a tuple of inlines."""
    ordered: bool
    items: tuple[tuple[Inline, ...], ...]


Block = Paragraph | Heading | ListBlock


@dataclass(frozen=True)
class Part:
    """One part of the statement (introduction, background, ...), already parsed."""
    key: str
    title: str
    layout: Literal["body", "heading", "signature"]
    blocks: tuple[Block, ...] = field(default_factory=tuple)


def inline_references(inlines) -> list[str]:
    return [item.key for item in inlines if isinstance(item, Reference)]


def block_references(block: Block) -> list[str]:
    if isinstance(block, ListBlock):
        return [key for item in block.items for key in inline_references(item)]
    return inline_references(block.inlines)
