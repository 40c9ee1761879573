"""Measure the checks on a labelled set of paragraphs: recall on bad ones, false alarms on good ones, per split."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .checker import check_plan
from .plan import Plan, Section
from .rules import ProvisionRules


@dataclass(frozen=True)
class LabelledParagraph:
    section: str
    label: str          # "bad" or "good"
    split: str          # "tuning" or "held_out"
    text: str
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Score:
    split: str
    bad: int
    caught: int             # bad paragraphs with any finding
    caught_by_rule: int     # bad paragraphs flagged by one of their expected rules
    good: int
    false_alarms: int       # good paragraphs with any finding
    missed: tuple[str, ...]
    alarms: tuple[str, ...]

    @property
    def recall(self) -> float:
        return self.caught / self.bad if self.bad else 0.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.good if self.good else 0.0


def load_labelled(path: Path) -> list[LabelledParagraph]:
    with open(path, "rb") as stream:
        raw = tomllib.load(stream)["paragraph"]
    return [LabelledParagraph(p["section"], p["label"], p["split"], p["text"], tuple(p.get("rules", ())))
            for p in raw]


def findings_for(paragraph: LabelledParagraph, rules: ProvisionRules | None = None):
    """The paragraph checked alone, as the only paragraph of its section."""
    return check_plan(Plan([Section(paragraph.section, f"Section {paragraph.section}", [paragraph.text])]), rules)


def score(paragraphs: list[LabelledParagraph], split: str, rules: ProvisionRules | None = None) -> Score:
    chosen = [p for p in paragraphs if p.split == split]
    found = {id(p): {f.rule for f in findings_for(p, rules)} for p in chosen}
    bad = [p for p in chosen if p.label == "bad"]
    good = [p for p in chosen if p.label == "good"]
    return Score(split, len(bad), sum(bool(found[id(p)]) for p in bad),
                 sum(bool(found[id(p)] & set(p.rules)) for p in bad), len(good),
                 sum(bool(found[id(p)]) for p in good),
                 tuple(p.text for p in bad if not found[id(p)]),
                 tuple(f"{p.text} [{', '.join(sorted(found[id(p)]))}]" for p in good if found[id(p)]))
