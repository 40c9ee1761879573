"""What changed between two versions of a statement, part by part, word by word."""
from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Change:
    kind: Literal["same", "added", "removed"]
    text: str


@dataclass(frozen=True)
class PartDiff:
    key: str
    title: str
    changes: tuple[Change, ...]

    @property
    def changed(self) -> bool:
        return any(change.kind != "same" for change in self.changes)


def diff_text(old: str, new: str) -> tuple[Change, ...]:
    """Word-level changes that turn `old` into `new`; whitespace and line breaks are kept as they are."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    changes: list[Change] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            _add(changes, "same", "".join(a[i1:i2]))
            continue
        if op in ("delete", "replace"):
            _add(changes, "removed", "".join(a[i1:i2]))
        if op in ("insert", "replace"):
            _add(changes, "added", "".join(b[j1:j2]))
    return tuple(changes)


def _add(changes: list[Change], kind: str, text: str) -> None:
    if changes and changes[-1].kind == kind:
        changes[-1] = Change(kind, changes[-1].text + text)
    else:
        changes.append(Change(kind, text))


def diff_parts(old: Mapping[str, str], new: Mapping[str, str],
               parts: Sequence[tuple[str, str]]) -> list[PartDiff]:
    """One PartDiff for each (key, title) in `parts`, in that order."""
    return [PartDiff(key, title, diff_text(old.get(key, ""), new.get(key, ""))) for key, title in parts]
