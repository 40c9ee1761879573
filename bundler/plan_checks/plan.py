"""An EHC plan as the checks see it: sections of paragraphs, and Section F provision rows where a table gives them."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class ProvisionRow:
    """One structured Section F row (§6.3): each field as the plan words it, empty when the plan leaves it out."""
    what: str
    who: str = ""
    qualification: str = ""
    frequency: str = ""
    duration: str = ""
    group_size: str = ""
    where: str = ""
    devised_by: str = ""
    monitored_by: str = ""
    needs: tuple[str, ...] = ()      # keys of the Section B needs it meets
    outcomes: tuple[str, ...] = ()   # keys of the Section E outcomes it serves
    cost_per_year: Decimal | None = None
    key: str = ""

    def text(self) -> str:
        """The row as one sentence, for the text rules."""
        parts = [self.what, self.who, self.qualification, self.frequency, self.duration, self.group_size, self.where]
        return ", ".join(part for part in parts if part)


@dataclass
class Section:
    code: str                       # "F", "H1" ...
    heading: str
    items: list[str | ProvisionRow] = field(default_factory=list)   # the non-empty paragraphs, in order

    def paragraphs(self) -> list[str]:
        return [item.text() if isinstance(item, ProvisionRow) else item for item in self.items]


@dataclass
class Plan:
    sections: list[Section]
    preamble: list[str] = field(default_factory=list)   # text before the first section heading

    def section(self, code: str) -> Section | None:
        return next((section for section in self.sections if section.code == code), None)
