"""The editable deadline defaults in `bundler/rules/timetable.toml`, read into plain objects."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parent.parent / "rules" / "timetable.toml"


@dataclass(frozen=True)
class EntryRule:
    """One entry of the standard case timetable: N working days after the registration or before the hearing."""
    key: str
    title: str
    working_days: int
    anchor: str  # "registration" or "hearing"
    before: bool
    sen_counting: bool
    basis: str
    due_by_5pm: bool = True  # False for a date that is not an act under the Tribunal's rules

    def describe(self, sen: bool) -> str:
        """The rule in words: "30 SEN working days after the registration"."""
        kind = "SEN working days" if sen and self.sen_counting else "working days"
        return f"{self.working_days} {kind} {'before' if self.before else 'after'} the {self.anchor}"


@dataclass(frozen=True)
class OrderStep:
    weeks: int
    act: str


@dataclass(frozen=True)
class OrderKind:
    key: str
    title: str
    steps: tuple[OrderStep, ...]
    note: str = ""
    unopposed: bool = True  # False when an unopposed appeal (reg 45) cannot end this way


@dataclass(frozen=True)
class TimetableRules:
    entries: tuple[EntryRule, ...]
    orders: dict[str, OrderKind]


def _entry(raw: dict) -> EntryRule:
    if ("after" in raw) == ("before" in raw):
        raise ValueError(f"timetable entry {raw.get('key')!r}: give exactly one of `after` or `before`")
    anchor = raw.get("after") or raw["before"]
    if anchor not in ("registration", "hearing"):
        raise ValueError(f"timetable entry {raw['key']!r}: count from \"registration\" or \"hearing\", not {anchor!r}")
    return EntryRule(key=raw["key"], title=raw["title"], working_days=int(raw["working_days"]), anchor=anchor,
                     before="before" in raw, sen_counting=raw.get("sen_counting", True), basis=raw.get("basis", ""),
                     due_by_5pm=raw.get("due_by_5pm", True))


def parse_rules(text: str) -> TimetableRules:
    data = tomllib.loads(text)
    orders = {key: OrderKind(key=key, title=raw["title"], note=raw.get("note", ""),
                             unopposed=raw.get("unopposed", True),
                             steps=tuple(OrderStep(int(s["weeks"]), s["act"]) for s in raw["steps"]))
              for key, raw in data.get("orders", {}).items()}
    return TimetableRules(entries=tuple(_entry(raw) for raw in data.get("timetable", [])), orders=orders)


@cache
def load_rules(path: Path = RULES_FILE) -> TimetableRules:
    return parse_rules(path.read_text(encoding="utf-8"))
