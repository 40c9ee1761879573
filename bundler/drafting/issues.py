"""What an appeal is about: the plan sections in dispute, the extended flag's sections, and who the appellant is.

One appeal can raise several issues (send-tribunal.md §5.3); "extended" is a flag on any education appeal but a
refusal to assess, naming the health and social care sections the Tribunal is asked to recommend on (§3.7).
"""
from __future__ import annotations

from collections.abc import Iterable

PLAN_ISSUES = {
    "B": "Section B (special educational needs)",
    "F": "Section F (special educational provision)",
    "I": "Section I (school or other institution)",
}
HEALTH_AND_CARE_SECTIONS = {
    "C": "Section C (health care needs)",
    "D": "Section D (social care needs)",
    "G": "Section G (health care provision)",
    "H1": "Section H1 (social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970)",
    "H2": "Section H2 (other social care provision)",
}
APPELLANT_KINDS = {
    "parent": "A parent",
    "young_person": "The young person",
    "alternative_person": "An alternative person, for a young person who lacks capacity",
}
# How the statement speaks of the person whose plan it is, and of the appellant.
SUBJECT = {"parent": "the child", "young_person": "the young person", "alternative_person": "the young person"}
APPELLANT = {"parent": "the parent", "young_person": "the young person", "alternative_person": "the alternative person"}


class IssuesError(ValueError):
    pass


def ordered(keys: Iterable[str], labels: dict[str, str]) -> list[str]:
    chosen = set(keys)
    return [key for key in labels if key in chosen]


def check_extended(appeal_type: str, sections: Iterable[str], not_for: Iterable[str], type_label: str) -> None:
    """Refuse the flag where SI 2017/1306 does not apply, and sections that are not health or social care."""
    sections = list(sections)
    unknown = [section for section in sections if section not in HEALTH_AND_CARE_SECTIONS]
    if unknown:
        raise IssuesError(f"{', '.join(unknown)} is not a health or social care section; choose from "
                          + ", ".join(HEALTH_AND_CARE_SECTIONS))
    if sections and appeal_type in set(not_for):
        raise IssuesError(f"An appeal against a {type_label.lower()} cannot be extended: the recommendations "
                          "power (SI 2017/1306) does not apply to it. Clear the health and social care sections.")


def join_and(items: list[str]) -> str:
    if not items:
        return ""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def section_list(keys: Iterable[str]) -> str:
    """'Sections C, G and H2' or 'Section B'."""
    keys = list(keys)
    return f"Section{'s' if len(keys) > 1 else ''} {join_and(keys)}" if keys else ""
