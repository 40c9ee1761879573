"""Proposals on an item's wording, and the item rendered as marked segments: the original with them applied."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Party = Literal["la", "appellant"]
Status = Literal["proposed", "agreed", "withdrawn", "disputed", "decided"]


@dataclass(frozen=True)
class Proposal:
    """Insert (start == end), delete (text == "") or replace the span [start, end) of one field of an item.

    `decided_for` says which party the Tribunal (or the parties at the end) found for, once status is decided.
    """
    item_key: str
    start: int
    end: int
    text: str
    by: Party
    status: Status = "proposed"
    field: str = "text"
    decided_for: Party | None = None

    @property
    def action(self) -> str:
        if self.start == self.end:
            return "insert"
        return "replace" if self.text else "delete"

    @property
    def agreed(self) -> bool:
        return self.status == "agreed" or (self.status == "decided" and self.decided_for == self.by)

    @property
    def shown(self) -> bool:
        """Withdrawn proposals, and those decided against their author, no longer appear."""
        return self.status != "withdrawn" and not (self.status == "decided" and self.decided_for != self.by)


@dataclass(frozen=True)
class Segment:
    mark: str
    text: str


def marks_for(proposal: Proposal) -> tuple[str, str]:
    """The (deletion, addition) marks the key gives this proposal."""
    party = "agreed" if proposal.agreed else proposal.by
    return f"{party}_deletion", f"{party}_addition"


def render_segments(original: str, proposals: Iterable[Proposal]) -> list[Segment]:
    """The field's wording in document order, each piece with its mark. Proposals may not overlap."""
    shown = sorted((p for p in proposals if p.shown), key=lambda p: (p.start, p.end))
    segments: list[Segment] = []
    position = 0
    for proposal in shown:
        if proposal.start < position or proposal.end > len(original):
            raise ValueError(f"Proposals on {proposal.item_key} overlap or run past its wording "
                             f"({proposal.start}-{proposal.end})")
        deletion, addition = marks_for(proposal)
        _add(segments, "original", original[position:proposal.start])
        _add(segments, deletion, original[proposal.start:proposal.end])
        _add(segments, addition, proposal.text)
        position = proposal.end
    _add(segments, "original", original[position:])
    return segments


def rendered_text(original: str, proposals: Iterable[Proposal]) -> str:
    """The wording with every shown proposal applied: additions in, deletions out."""
    return "".join(s.text for s in render_segments(original, proposals) if not s.mark.endswith("_deletion"))


def proposals_from_segments(item_key: str, segments: Iterable[Segment], field: str = "text") -> list[Proposal]:
    """Read proposals back from marked segments: the inverse of `render_segments` (agreed ones are credited to the
    authority, since the file does not say who proposed them)."""
    proposals: list[Proposal] = []
    position = 0
    for segment in _merged(segments):
        if segment.mark == "original":
            position += len(segment.text)
            continue
        party_name, kind = segment.mark.rsplit("_", 1)
        party = "la" if party_name in ("la", "agreed") else "appellant"
        status = "agreed" if party_name == "agreed" else "proposed"
        last = proposals[-1] if proposals else None
        if kind == "addition" and last and last.end == position and not last.text and \
                (last.by, last.status) == (party, status):
            proposals[-1] = Proposal(item_key, last.start, last.end, segment.text, party, status, field)
        elif kind == "addition":
            proposals.append(Proposal(item_key, position, position, segment.text, party, status, field))
        else:
            proposals.append(Proposal(item_key, position, position + len(segment.text), "", party, status, field))
            position += len(segment.text)
    return proposals


def original_text(segments: Iterable[Segment]) -> str:
    """The wording before any proposal: original and deleted text."""
    return "".join(s.text for s in segments if s.mark == "original" or s.mark.endswith("_deletion"))


def _merged(segments: Iterable[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in segments:
        _add(merged, segment.mark, segment.text)
    return merged


def _add(segments: list[Segment], mark: str, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].mark == mark:
        segments[-1] = Segment(mark, segments[-1].text + text)
    else:
        segments.append(Segment(mark, text))
