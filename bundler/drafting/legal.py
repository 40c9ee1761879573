"""The legal framework paragraphs for an appeal, from `bundler/rules/legal_framework.toml` (editable data).

The framework is the union of the appeal type's paragraphs, those of each issue in dispute, and the extended flag's
(send-tribunal.md §5.3, §5.4), each paragraph once, in that order.
"""
from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path

from .issues import section_list

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "rules" / "legal_framework.toml"


class LegalFrameworkError(ValueError):
    pass


def legal_framework(appeal_type: str, path: Path = DEFAULT_PATH, *, issues: Iterable[str] = (),
                    extended: Iterable[str] = ()) -> list[str]:
    """The paragraphs (light markup) for `appeal_type`, the `issues` in dispute and the `extended` sections."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    groups = data.get("groups", {})
    entry = data.get("appeal_types", {}).get(appeal_type)
    if entry is None:
        known = ", ".join(sorted(data.get("appeal_types", {})))
        raise LegalFrameworkError(f"{path.name} has no appeal type '{appeal_type}'. Add it, or use one of: {known}.")
    entries = [(f"appeal type '{appeal_type}'", entry)]
    entries += [(f"issue '{issue}'", data["issues"][issue]) for issue in issues if issue in data.get("issues", {})]
    extended = list(extended)
    if extended and "extended" in data:
        entries.append(("[extended]", data["extended"]))
    paragraphs: list[str] = []
    for where, table in entries:
        for text in _expand(table.get("paragraphs", []), groups, where, path):
            text = text.replace("{sections}", section_list(extended))
            if text not in paragraphs:
                paragraphs.append(text)
    return paragraphs


def _expand(entries: list[str], groups: dict, where: str, path: Path) -> list[str]:
    out = []
    for text in entries:
        if not text.startswith("@"):
            out.append(text)
        elif text[1:] in groups:
            out.extend(groups[text[1:]])
        else:
            raise LegalFrameworkError(f"{path.name}: {where} includes '{text}', but there is no such group under "
                                      "[groups]. Add the group or remove the entry.")
    return out
