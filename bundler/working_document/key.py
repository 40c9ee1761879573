"""The typographic key as data: which combination of bold, italic, underline and strikethrough means what."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

KEY_FILE = Path(__file__).resolve().parent.parent / "rules" / "typographic_key.toml"
MARKS = ("original", "agreed_addition", "agreed_deletion", "appellant_addition", "appellant_deletion",
         "la_addition", "la_deletion")
PROPERTIES = ("bold", "italic", "underline", "strike")


@dataclass(frozen=True)
class Formatting:
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False

    def describe(self) -> str:
        names = [name for name in ("bold", "italic", "underline", "strikethrough")
                 if getattr(self, "strike" if name == "strikethrough" else name)]
        return " + ".join(names) or "no emphasis"


@dataclass(frozen=True)
class KeyEntry:
    mark: str
    label: str
    meaning: str
    formatting: Formatting


class KeyFileError(ValueError):
    """The key file is malformed; the message names the mark."""


@dataclass(frozen=True)
class TypographicKey:
    entries: tuple[KeyEntry, ...]

    def formatting(self, mark: str) -> Formatting:
        return next(entry.formatting for entry in self.entries if entry.mark == mark)

    def mark_for(self, formatting: Formatting) -> str | None:
        """The mark this formatting means, or None for a combination outside the key."""
        return next((entry.mark for entry in self.entries if entry.formatting == formatting), None)


def load_key(path: Path = KEY_FILE) -> TypographicKey:
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    missing = [mark for mark in MARKS if mark not in data]
    if missing or set(data) - set(MARKS):
        raise KeyFileError(f"{path}: the key must define exactly {', '.join(MARKS)} (missing: {', '.join(missing)})")
    entries = tuple(KeyEntry(mark, data[mark]["label"], data[mark]["meaning"],
                             Formatting(**{name: bool(data[mark].get(name, False)) for name in PROPERTIES}))
                    for mark in MARKS)
    combinations = [entry.formatting for entry in entries]
    if len(set(combinations)) != len(combinations):
        raise KeyFileError(f"{path}: two marks share one combination of bold, italic, underline and strikethrough")
    return TypographicKey(entries)
