"""Map returned paragraphs to plan items: by their hidden bookmarks, or, where the other side's editing lost them,
by aligning the paragraph's original wording with the previous version, marking doubtful matches for the officer."""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from .proposals import original_text
from .reader import ReadParagraph

CONFIDENT = 0.8  # below this similarity the officer confirms the match


@dataclass(frozen=True)
class ItemMatch:
    paragraph: ReadParagraph
    item_key: str | None
    similarity: float
    doubtful: bool


def map_to_items(paragraphs: list[ReadParagraph], previous: dict[str, tuple[str | None, str]]) -> list[ItemMatch]:
    """`previous` maps each item key to (section, wording before proposals) in the previous version."""
    used = {p.item_key for p in paragraphs if p.item_key}
    matches = []
    for paragraph in paragraphs:
        if paragraph.item_key:
            matches.append(ItemMatch(paragraph, paragraph.item_key, 1.0, False))
            continue
        wording = _without_number(original_text(paragraph.segments))
        scored = sorted(((SequenceMatcher(None, wording, text).ratio(), key)
                         for key, (section, text) in previous.items()
                         if key not in used and section == paragraph.section), reverse=True)
        if not scored:
            matches.append(ItemMatch(paragraph, None, 0.0, True))
            continue
        similarity, key = scored[0]
        used.add(key)
        matches.append(ItemMatch(paragraph, key, similarity, similarity < CONFIDENT))
    return matches


def _without_number(text: str) -> str:
    """The writer puts the item's number and a tab before its wording."""
    number, tab, rest = text.partition("\t")
    return rest if tab and len(number) < 12 else text
