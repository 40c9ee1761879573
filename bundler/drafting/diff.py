"""What changed between two versions of a statement, paragraph by paragraph as they will read (numbered, emphasis
applied, references written out), marked in groups of words rather than word by word."""
from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from .model import Span
from .parts import PARTS
from .reading import ReadParagraph, Style, read_parts

_TOKENS = re.compile(r"\s+|[^\s]+")
# An unchanged stretch of this many words or fewer between two changes is taken into both: a reader sees "Oak
# School now" replaced by "Elm School from today", not three changes with "School" left standing between them.
JOIN_WORDS = 2
# Two paragraphs at the same place are one paragraph changed when at least this much of their wording is shared;
# otherwise one was taken out and another put in.
ALIKE = 0.4

Token = tuple[str, bool, bool]  # text, bold, italic


@dataclass(frozen=True)
class Segment:
    kind: Literal["same", "added", "removed"]
    pieces: tuple[Span, ...]

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces)


@dataclass(frozen=True)
class ParagraphChange:
    """A paragraph in the comparison: the same, changed within, added or removed. `label` is its number in the
    newer version (in the older one for a removed paragraph)."""
    kind: Literal["same", "changed", "added", "removed"]
    label: str
    style: Style
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class PartChanges:
    key: str
    title: str
    paragraphs: tuple[ParagraphChange, ...]

    @property
    def changed(self) -> bool:
        return any(paragraph.kind != "same" for paragraph in self.paragraphs)


def compare_versions(old: Mapping[str, str], new: Mapping[str, str], resolver) -> list[PartChanges]:
    """Every part, in statement order, with its paragraphs compared; references are written out by `resolver`
    for both versions, so only the writer's changes show."""
    before, after = read_parts(old, resolver), read_parts(new, resolver)
    return [PartChanges(spec.key, spec.title, tuple(_paragraphs(before[spec.key], after[spec.key])))
            for spec in PARTS]


def _key(paragraph: ReadParagraph) -> tuple:
    """What makes two paragraphs the same: style and words with their emphasis, not the number (which moves when a
    paragraph is added above)."""
    return paragraph.style, tuple(_tokens(paragraph.pieces))


def _paragraphs(old: list[ReadParagraph], new: list[ReadParagraph]):
    matcher = difflib.SequenceMatcher(None, [_key(p) for p in old], [_key(p) for p in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for paragraph in new[j1:j2]:
                yield ParagraphChange("same", paragraph.label, paragraph.style, (Segment("same", paragraph.pieces),))
            continue
        for was, now in _aligned(old[i1:i2], new[j1:j2]):
            if was and now:
                yield ParagraphChange("changed", now.label, now.style, diff_pieces(was.pieces, now.pieces))
            elif was:
                yield ParagraphChange("removed", was.label, was.style, (Segment("removed", was.pieces),))
            else:
                yield ParagraphChange("added", now.label, now.style, (Segment("added", now.pieces),))


def _aligned(olds: list[ReadParagraph], news: list[ReadParagraph]) -> list[tuple]:
    """(old, new) pairs in order, each paragraph once: alike paragraphs paired so that the most wording is shared,
    the rest alone beside None (a paragraph put in above a changed one is not mistaken for it)."""
    alike = [[_alike(a, b) for b in news] for a in olds]
    best = [[0.0] * (len(news) + 1) for _ in range(len(olds) + 1)]
    for i in reversed(range(len(olds))):
        for j in reversed(range(len(news))):
            paired = alike[i][j] + best[i + 1][j + 1] if alike[i][j] else 0.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], paired)
    pairs, i, j = [], 0, 0
    while i < len(olds) or j < len(news):
        if i < len(olds) and j < len(news) and alike[i][j] and best[i][j] == alike[i][j] + best[i + 1][j + 1]:
            pairs.append((olds[i], news[j]))
            i, j = i + 1, j + 1
        elif i < len(olds) and (j == len(news) or best[i][j] == best[i + 1][j]):
            pairs.append((olds[i], None))
            i += 1
        else:
            pairs.append((None, news[j]))
            j += 1
    return pairs


def _alike(a: ReadParagraph, b: ReadParagraph) -> float:
    """How much of their wording two paragraphs of one style share, or 0 when too little to be one paragraph."""
    if a.style != b.style:
        return 0.0
    shared = difflib.SequenceMatcher(None, _TOKENS.findall(a.text), _TOKENS.findall(b.text), autojunk=False).ratio()
    return shared if shared >= ALIKE else 0.0


def _tokens(pieces) -> list[Token]:
    return [(word, piece.bold, piece.italic) for piece in pieces for word in _TOKENS.findall(piece.text)]


def diff_pieces(old, new) -> tuple[Segment, ...]:
    """The changes that turn the words `old` into `new`, in groups of words; emphasis counts as a change.
    Joining the same and removed segments gives `old` back, the same and added ones `new`."""
    a, b = _tokens(old), _tokens(new)
    # ["same", tokens] or ["change", removed tokens, added tokens]; difflib puts an equal stretch between changes
    groups = [["same", a[i1:i2]] if op == "equal" else ["change", a[i1:i2], b[j1:j2]]
              for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]
    return tuple(segment for group in _joined(groups) for segment in _segments(group))


def _words(tokens: list[Token]) -> int:
    return sum(1 for text, _, _ in tokens if not text.isspace())


def _joined(groups: list[list]) -> list[list]:
    """Take each short unchanged stretch between two changes into them, so changes read as groups of words."""
    out: list[list] = []
    for group in groups:
        short_gap = (len(out) >= 2 and out[-1][0] == "same" and out[-2][0] == "change"
                     and _words(out[-1][1]) <= JOIN_WORDS)
        if group[0] == "change" and short_gap:
            gap = out.pop()[1]
            out[-1][1] += gap + group[1]
            out[-1][2] += gap + group[2]
        else:
            out.append(group)
    return out


def _segments(group: list):
    if group[0] == "same":
        yield Segment("same", _as_pieces(group[1]))
        return
    if group[1]:
        yield Segment("removed", _as_pieces(group[1]))
    if group[2]:
        yield Segment("added", _as_pieces(group[2]))


def _as_pieces(tokens: list[Token]) -> tuple[Span, ...]:
    pieces: list[Span] = []
    for text, bold, italic in tokens:
        if pieces and (pieces[-1].bold, pieces[-1].italic) == (bold, italic):
            pieces[-1] = Span(pieces[-1].text + text, bold, italic)
        else:
            pieces.append(Span(text, bold, italic))
    return tuple(pieces)
