"""An EHC plan held as data: sections A-K (H1 and H2 apart), each with numbered items in the plan's own order."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

SECTION_CODES = ("A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K")
SECTION_TITLES = {
    "A": "Views, interests and aspirations", "B": "Special educational needs",
    "C": "Health care needs", "D": "Social care needs", "E": "Outcomes",
    "F": "Special educational provision", "G": "Health care provision",
    "H1": "Social care provision (s.2 Chronically Sick and Disabled Persons Act 1970)",
    "H2": "Other social care provision", "I": "Placement", "J": "Personal budget",
    "K": "Advice and information",
}
CONTENTS_SECTIONS = ("B", "F", "I")
EXTENDED_SECTIONS = ("B", "C", "D", "F", "G", "H1", "H2", "I")
# A structured Section F row, in the order a provision table shows it.
PROVISION_FIELDS = ("what", "who", "how_often", "how_long", "group_size", "where", "devised_by", "monitored_by",
                    "meets_needs", "outcomes", "cost_per_year")
PROVISION_HEADINGS = {
    "what": "Provision", "who": "Who (qualification or training)", "how_often": "How often",
    "how_long": "How long", "group_size": "Group size", "where": "Where", "devised_by": "Devised by",
    "monitored_by": "Monitored by", "meets_needs": "Needs met (B)", "outcomes": "Outcomes (E)",
    "cost_per_year": "Cost per year",
}


@dataclass(frozen=True)
class Provision:
    """One row of a Section F provision table; empty strings for what the plan leaves out."""
    what: str
    who: str = ""
    how_often: str = ""
    how_long: str = ""
    group_size: str = ""
    where: str = ""
    devised_by: str = ""
    monitored_by: str = ""
    meets_needs: str = ""
    outcomes: str = ""
    cost_per_year: str = ""


@dataclass(frozen=True)
class PlanItem:
    """A numbered item. `key` is stable (`B-CI-03`, `F-07`); `number` is the plan's own label ("3", "3.1")."""
    key: str
    number: str
    text: str = ""
    provision: Provision | None = None
    heading: str | None = None  # the area or sub-heading the item sits under, as the plan words it

    def fields(self) -> dict[str, str]:
        """The item's wording by field: "text" for free text, the provision's columns for a structured row."""
        if self.provision is None:
            return {"text": self.text}
        return {name: getattr(self.provision, name) for name in PROVISION_FIELDS}


@dataclass(frozen=True)
class PlanSection:
    code: str
    title: str
    items: tuple[PlanItem, ...] = ()
    provision_columns: tuple[str, ...] = ()  # the provision fields the plan's table shows, when it uses one

    @property
    def uses_table(self) -> bool:
        return bool(self.provision_columns)


@dataclass(frozen=True)
class EhcPlan:
    sections: tuple[PlanSection, ...]
    version: str = ""
    issued: date | None = None
    status: Literal["draft", "final", "amended"] = "final"
    source_document: str | None = None  # the evidence document the plan was imported from

    def section(self, code: str) -> PlanSection | None:
        return next((section for section in self.sections if section.code == code), None)

    def item(self, key: str) -> PlanItem:
        for section in self.sections:
            for item in section.items:
                if item.key == key:
                    return item
        raise LookupError(f"The plan has no item {key}")

    def items(self) -> list[tuple[str, PlanItem]]:
        return [(section.code, item) for section in self.sections for item in section.items]


def disputed_sections(extended: bool) -> tuple[str, ...]:
    """The sections a working document covers: B, F, I for a contents appeal; C, D, G, H1, H2 too if extended."""
    return EXTENDED_SECTIONS if extended else CONTENTS_SECTIONS
