"""The editable deadline defaults in `bundler/rules/timetable.toml`, read into plain objects."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parent.parent / "rules" / "timetable.toml"
PERIOD_UNITS = ("days", "weeks", "months", "working_days")


@dataclass(frozen=True)
class EntryRule:
    """One entry of the standard case timetable: N working days after the registration or before the hearing, or
    due with an earlier entry (`same_as`)."""
    key: str
    title: str
    working_days: int
    anchor: str  # "registration" or "hearing"; empty with `same_as`
    before: bool
    sen_counting: bool
    basis: str
    due_by_5pm: bool = True  # False for a date that is not an act under the Tribunal's rules
    same_as: str = ""  # the key of an earlier entry this one is due with

    def describe(self, sen: bool) -> str:
        """The rule in words: "30 SEN working days after the registration"."""
        if self.same_as:
            return f"with the {self.same_as.replace('_', ' ')}"
        kind = "SEN working days" if sen and self.sen_counting else "working days"
        return f"{self.working_days} {kind} {'before' if self.before else 'after'} the {self.anchor}"


@dataclass(frozen=True)
class Period:
    """A period in the SEND Regulations (mediation, agreements, recommendations): calendar days, weeks or months, or
    working days without the Tribunal's August and Christmas exclusion."""
    key: str
    act: str
    amount: int
    unit: str  # one of PERIOD_UNITS
    basis: str
    note: str = ""  # what is unconfirmed about it, shown for a person to check
    # The rule that makes an act due on a day that is not a working day in time on the next one ("HESC r.12(2)"):
    # set for a period in Tribunal rules; empty for one in the SEND Regulations, which move nothing.
    moves: str = ""


@dataclass(frozen=True)
class OrderStep:
    weeks: int
    act: str
    merge: str = ""  # steps with the same key, from orders made together, are one step: the longest period governs


@dataclass(frozen=True)
class OrderKind:
    key: str
    title: str
    steps: tuple[OrderStep, ...]
    note: str = ""
    unopposed: bool = True  # False when an unopposed appeal (reg 45) cannot end this way
    combines: bool = True  # False when no other order can be made with it


@dataclass(frozen=True)
class TimetableRules:
    entries: tuple[EntryRule, ...]
    orders: dict[str, OrderKind]
    periods: dict[str, Period]
    merge_notes: dict[str, str]  # why a merged step governs, by merge key

    def order_kinds(self, keys: str) -> tuple[OrderKind, ...]:
        """The orders named in "amend,section_i", checked: known, each once, and able to go together."""
        names = [key.strip() for key in keys.split(",") if key.strip()]
        unknown = [key for key in names if key not in self.orders]
        if unknown or not names:
            raise ValueError(f"unknown order {', '.join(map(repr, unknown)) or repr(keys)}. "
                             f"Use one of: {', '.join(self.orders)}, or several joined by commas.")
        if len(set(names)) < len(names):
            raise ValueError(f"{keys!r} names an order twice: give each kind once.")
        kinds = tuple(self.orders[key] for key in names)
        alone = [kind for kind in kinds if not kind.combines]
        if alone and len(kinds) > 1:
            raise ValueError(f"'{alone[0].title}' is made on its own: it cannot be combined with another order.")
        return kinds


def _entry(raw: dict) -> EntryRule:
    if "same_as" in raw:
        return EntryRule(key=raw["key"], title=raw["title"], working_days=0, anchor="", before=False,
                         sen_counting=True, basis=raw.get("basis", ""), due_by_5pm=raw.get("due_by_5pm", True),
                         same_as=raw["same_as"])
    if ("after" in raw) == ("before" in raw):
        raise ValueError(f"timetable entry {raw.get('key')!r}: give exactly one of `after`, `before` or `same_as`")
    anchor = raw.get("after") or raw["before"]
    if anchor not in ("registration", "hearing"):
        raise ValueError(f"timetable entry {raw['key']!r}: count from \"registration\" or \"hearing\", not {anchor!r}")
    return EntryRule(key=raw["key"], title=raw["title"], working_days=int(raw["working_days"]), anchor=anchor,
                     before="before" in raw, sen_counting=raw.get("sen_counting", True), basis=raw.get("basis", ""),
                     due_by_5pm=raw.get("due_by_5pm", True))


def _entries(raws: list[dict]) -> tuple[EntryRule, ...]:
    entries: list[EntryRule] = []
    for raw in raws:
        entry = _entry(raw)
        if entry.same_as and entry.same_as not in {earlier.key for earlier in entries}:
            raise ValueError(f"timetable entry {entry.key!r}: `same_as` must name an entry above it, "
                             f"not {entry.same_as!r}")
        entries.append(entry)
    return tuple(entries)


def _period(key: str, raw: dict) -> Period:
    if raw.get("unit") not in PERIOD_UNITS:
        raise ValueError(f"period {key!r}: `unit` must be one of {', '.join(PERIOD_UNITS)}, not {raw.get('unit')!r}")
    return Period(key=key, act=raw["act"], amount=int(raw["amount"]), unit=raw["unit"], basis=raw.get("basis", ""),
                  note=raw.get("note", ""), moves=raw.get("moves", ""))


def _order(key: str, raw: dict) -> OrderKind:
    return OrderKind(key=key, title=raw["title"], note=raw.get("note", ""), unopposed=raw.get("unopposed", True),
                     combines=raw.get("combines", True),
                     steps=tuple(OrderStep(int(s["weeks"]), s["act"], s.get("merge", "")) for s in raw["steps"]))


def parse_rules(text: str) -> TimetableRules:
    data = tomllib.loads(text)
    return TimetableRules(entries=_entries(data.get("timetable", [])),
                          orders={key: _order(key, raw) for key, raw in data.get("orders", {}).items()},
                          periods={key: _period(key, raw) for key, raw in data.get("periods", {}).items()},
                          merge_notes=dict(data.get("merge_notes", {})))


@cache
def load_rules(path: Path = RULES_FILE) -> TimetableRules:
    return parse_rules(path.read_text(encoding="utf-8"))
