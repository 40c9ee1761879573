"""The order sought, one line per issue, from `bundler/rules/order_sought.toml` (editable data, §4.1)."""
from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path

from .issues import section_list

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "rules" / "order_sought.toml"
# Left for the writer to fill in: the school the authority asks to keep is not always the one the child attends.
NAMED_SCHOOL = "[the school or type of school named in Section I]"


class OrderSoughtError(ValueError):
    pass


def order_sought(appeal_type: str, *, issues: Iterable[str] = (), extended: Iterable[str] = (),
                 path: Path = DEFAULT_PATH) -> list[str]:
    """What the authority asks the Tribunal to do: the appeal type's line, a Section I line when I is in dispute
    in another type of appeal, and the extended line."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    line = data.get("appeal_types", {}).get(appeal_type)
    if line is None:
        raise OrderSoughtError(f"{path.name} has no order sought for the appeal type '{appeal_type}'. Add it under "
                               "[appeal_types].")
    lines = [line]
    if "I" in set(issues) and appeal_type != "section_i" and "I" in data.get("issues", {}):
        lines.append(data["issues"]["I"])
    extended = list(extended)
    if extended and data.get("extended", {}).get("line"):
        lines.append(data["extended"]["line"])
    return [text.replace("{school}", NAMED_SCHOOL).replace("{sections}", section_list(extended)) for text in lines]


def unopposed_orders(appeal_type: str, issues: Iterable[str] = (), path: Path = DEFAULT_PATH) -> list[str]:
    """The timetable's order kinds a reg 45 notice commits the authority to, for this appeal."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    kinds = list(data.get("unopposed", {}).get(appeal_type, []))
    if not kinds:
        raise OrderSoughtError(f"{path.name} does not say what the local authority must do when it does not oppose "
                               f"an appeal of type '{appeal_type}'. Add it under [unopposed].")
    if "I" in set(issues) and "section_i" not in kinds:
        kinds.append("section_i")
    return kinds
