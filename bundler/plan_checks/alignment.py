"""B<->F alignment (§6.5): every need in B met in F, every provision tied to a need, every E outcome served.

Structured plans give the links; for free-text plans `propose_links` suggests them by area of need and keyword for the
officer to confirm, and the confirmed links (stored by the caller) are passed back in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from .plan import Plan, ProvisionRow
from .rules import ProvisionRules, load_rules

AREA_CODES = {"communication_and_interaction": "CI", "cognition_and_learning": "CL",
              "social_emotional_and_mental_health": "SEMH", "sensory_and_physical": "SP", "independence": "IND"}
AREA_HEADING = 60   # a B paragraph this short that names an area is its heading, not a need


@dataclass(frozen=True)
class Need:
    key: str            # "B-CI-01"
    area: str           # a key of [areas], "" when unknown
    text: str


@dataclass(frozen=True)
class Outcome:
    key: str            # "E-01"
    text: str


@dataclass(frozen=True)
class ProposedLink:
    item: str                # the need ("B-CI-01") or outcome ("E-02") key
    provision: str
    area: str
    words: tuple[str, ...]   # the shared words, so the officer sees why


@dataclass(frozen=True)
class Alignment:
    needs: tuple[Need, ...]
    outcomes: tuple[Outcome, ...]
    provision: tuple[ProvisionRow, ...]
    needs_without_provision: tuple[Need, ...]
    provision_without_need: tuple[ProvisionRow, ...]
    outcomes_without_provision: tuple[Outcome, ...]
    areas_without_provision: tuple[str, ...]


def area_title(area: str) -> str:
    words = area.replace("_and_", " and ").replace("_", " ").capitalize()
    return words.replace("Social emotional", "Social, emotional")


def align(needs: list[Need], outcomes: list[Outcome], provision: list[ProvisionRow],
          rules: ProvisionRules | None = None) -> Alignment:
    """Compare needs, outcomes and provision by the links the provision rows carry."""
    rules = rules or load_rules()
    need_keys = {need.key for need in needs}
    met = {key for row in provision for key in row.needs if key in need_keys}
    served = {key for row in provision for key in row.outcomes}
    met_areas = {need.area for need in needs if need.key in met}
    met_areas |= {area for row in provision for area in _areas(row.text(), rules)}
    b_areas = [area for area in rules.areas if any(need.area == area for need in needs)]
    return Alignment(
        tuple(needs), tuple(outcomes), tuple(provision),
        needs_without_provision=tuple(need for need in needs if need.key not in met),
        provision_without_need=tuple(row for row in provision if not set(row.needs) & need_keys),
        outcomes_without_provision=tuple(outcome for outcome in outcomes if outcome.key not in served),
        areas_without_provision=tuple(area for area in b_areas if area not in met_areas))


def _words(area: str, rules: ProvisionRules) -> list[re.Pattern]:
    return _compiled(rules.areas[area])


@cache
def _compiled(words: tuple[str, ...]) -> list[re.Pattern]:
    return [re.compile(r"\b" + re.escape(word), re.IGNORECASE) for word in words]


def _area_words(text: str, area: str, rules: ProvisionRules) -> tuple[str, ...]:
    pairs = zip(rules.areas[area], _words(area, rules), strict=True)
    return tuple(word for word, pattern in pairs if pattern.search(text))


def _areas(text: str, rules: ProvisionRules) -> set[str]:
    return {area for area in rules.areas if _area_words(text, area, rules)}


def _best_area(text: str, rules: ProvisionRules) -> str:
    counts = {area: len(_area_words(text, area, rules)) for area in rules.areas}
    best = max(counts, key=counts.get, default="")
    return best if counts.get(best) else ""


def _heading_area(text: str, rules: ProvisionRules) -> str | None:
    if len(text) > AREA_HEADING:
        return None
    name = re.sub(r"[^a-z ]", " ", text.lower()).split()
    for area in rules.areas:
        if set(area.split("_")) - {"and"} <= set(name):
            return area
    return None


def plan_parts(plan: Plan, rules: ProvisionRules | None = None):
    """Needs (by area heading, else keyword), outcomes and provision of a plan, each with a stable key."""
    rules = rules or load_rules()
    needs, counts, area = [], {}, ""
    for text in plan.section("B").paragraphs() if plan.section("B") else []:
        heading = _heading_area(text, rules)
        if heading:
            area = heading
            continue
        need_area = area or _best_area(text, rules)
        code = AREA_CODES.get(need_area, "X")
        counts[code] = counts.get(code, 0) + 1
        needs.append(Need(f"B-{code}-{counts[code]:02d}", need_area, text))
    outcomes = [Outcome(f"E-{n:02d}", text)
                for n, text in enumerate(plan.section("E").paragraphs() if plan.section("E") else [], 1)]
    provision = []
    for n, item in enumerate(plan.section("F").items if plan.section("F") else [], 1):
        row = item if isinstance(item, ProvisionRow) else ProvisionRow(what=item)
        provision.append(row if row.key else replace(row, key=f"F-{n:02d}"))
    return needs, outcomes, provision


def propose_links(needs: list[Need], outcomes: list[Outcome], provision: list[ProvisionRow],
                  rules: ProvisionRules | None = None) -> list[ProposedLink]:
    """Need-provision and outcome-provision pairs that share an area of need and at least one of its words."""
    rules = rules or load_rules()
    links = []
    for row in provision:
        row_areas = {area: _area_words(row.text(), area, rules) for area in rules.areas}
        for key, text, area in [(n.key, n.text, n.area) for n in needs] + [(o.key, o.text, "") for o in outcomes]:
            for candidate in [area] if area else list(rules.areas):
                if row_areas.get(candidate) and (area or _area_words(text, candidate, rules)):
                    links.append(ProposedLink(key, row.key, candidate, row_areas[candidate]))
                    break
    return links


def apply_links(provision: list[ProvisionRow], links) -> list[ProvisionRow]:
    """The rows with the confirmed (need or outcome key, provision key) links added to their needs and outcomes."""
    linked: dict[str, list[str]] = {}
    for source, target in links:
        linked.setdefault(target, []).append(source)
    return [replace(row, needs=tuple(dict.fromkeys([*row.needs, *(k for k in linked.get(row.key, []) if
                                                                    k.startswith("B-"))])),
                    outcomes=tuple(dict.fromkeys([*row.outcomes, *(k for k in linked.get(row.key, []) if
                                                                   k.startswith("E-"))])))
            for row in provision]
