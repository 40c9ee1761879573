"""The legal framework paragraphs for an appeal type, from `bundler/rules/legal_framework.toml` (editable data)."""
from __future__ import annotations

import tomllib
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "rules" / "legal_framework.toml"


class LegalFrameworkError(ValueError):
    pass


def legal_framework(appeal_type: str, path: Path = DEFAULT_PATH) -> list[str]:
    """The paragraphs (light markup) for `appeal_type`, with "@group" entries expanded."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    groups = data.get("groups", {})
    entry = data.get("appeal_types", {}).get(appeal_type)
    if entry is None:
        known = ", ".join(sorted(data.get("appeal_types", {})))
        raise LegalFrameworkError(f"{path.name} has no appeal type '{appeal_type}'. Add it, or use one of: {known}.")
    paragraphs: list[str] = []
    for entry_text in entry.get("paragraphs", []):
        if not entry_text.startswith("@"):
            paragraphs.append(entry_text)
        elif entry_text[1:] in groups:
            paragraphs.extend(groups[entry_text[1:]])
        else:
            raise LegalFrameworkError(f"{path.name}: appeal type '{appeal_type}' includes '{entry_text}', but there "
                                      "is no such group under [groups]. Add the group or remove the entry.")
    return paragraphs
