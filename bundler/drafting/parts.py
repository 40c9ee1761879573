"""The parts of the authority's response (HESC Rules r.21; gov.uk guidance for local authorities), in order."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from .markup import parse_body, parse_lines
from .model import Block, Paragraph, Part


@dataclass(frozen=True)
class PartSpec:
    key: str
    title: str
    layout: Literal["body", "heading", "signature"] = "body"


PARTS: tuple[PartSpec, ...] = (
    PartSpec("heading", "Heading", "heading"),
    PartSpec("introduction", "Introduction"),
    PartSpec("background", "Background and chronology"),
    PartSpec("decision", "The decision under appeal"),
    PartSpec("legal_framework", "Legal framework"),
    PartSpec("grounds", "The appellant's grounds of appeal"),
    PartSpec("response", "The local authority's response to the grounds"),
    PartSpec("childs_views", "The child's views"),
    PartSpec("provision", "Provision and placement proposed by the local authority"),
    PartSpec("conclusion", "Conclusion and order sought"),
    PartSpec("signature", "Signature", "signature"),
)
PART_KEYS = tuple(spec.key for spec in PARTS)
PART_TITLES = {spec.key: spec.title for spec in PARTS}


# The template's instructions to the writer: "[Set out ...]". A reference token is "[[doc:N]]", not one of these.
PLACEHOLDER = re.compile(r"(?<!\[)\[(?!\[)[A-Z][^\[\]]*\]")


def unfinished_parts(texts: Mapping[str, str]) -> list[str]:
    """Keys of the parts that still hold a bracketed instruction from the template, in statement order."""
    return [spec.key for spec in PARTS if PLACEHOLDER.search(texts.get(spec.key) or "")]


def parse_parts(texts: Mapping[str, str]) -> tuple[Part, ...]:
    """Parse each part's text; parts missing from `texts` are left out."""
    parsed = []
    for spec in PARTS:
        text = texts.get(spec.key)
        if text is None:
            continue
        blocks = parse_body(text) if spec.layout == "body" else parse_lines(text)
        parsed.append(Part(spec.key, spec.title, spec.layout, blocks))
    return tuple(parsed)


def numbered_blocks(parts: tuple[Part, ...]) -> list[tuple[Part, list[tuple[Block, int | None]]]]:
    """Each part's blocks with the paragraph number Word will show (numbering runs on across parts)."""
    number = 0
    out = []
    for part in parts:
        blocks = []
        for block in part.blocks:
            numbered = part.layout == "body" and isinstance(block, Paragraph) and block.kind == "numbered"
            number += numbered
            blocks.append((block, number if numbered else None))
        out.append((part, blocks))
    return out
