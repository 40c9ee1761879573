"""The standard case timetable the app proposes from the registration and hearing dates."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .deadlines import DUE_BY, Deadline, working_days
from .rules import EntryRule, TimetableRules, load_rules
from .workdays import WorkingCalendar, show


@dataclass(frozen=True)
class ProposedEntry:
    rule: EntryRule
    deadline: Deadline | None  # None until the date it counts from is known
    missing: str = ""


def _due_with(rule: EntryRule, earlier: ProposedEntry) -> ProposedEntry:
    """An entry due on the same day as an earlier one (the Word copy of the plan goes with the response)."""
    if earlier.deadline is None:
        return ProposedEntry(rule, None, earlier.missing)
    due = earlier.deadline
    return ProposedEntry(rule, Deadline(due.due, f"Due with the {earlier.rule.title[0].lower()}"
                                                 f"{earlier.rule.title[1:]}, {show(due.due)}.", due.flag,
                                        " ".join(part for part in (f"{rule.basis}.", due.detail) if part)))


def propose_timetable(cal: WorkingCalendar, registration: date | None, hearing: date | None, sen: bool,
                      rules: TimetableRules | None = None) -> list[ProposedEntry]:
    """One entry per default in the rules, in their order. `sen` is False for a disability discrimination claim,
    which is counted without the August and Christmas exclusion (HESC r.12(3) is for SEN cases only)."""
    anchors = {"registration": registration, "hearing": hearing}
    proposed: dict[str, ProposedEntry] = {}
    for rule in (rules or load_rules()).entries:
        if rule.same_as:
            proposed[rule.key] = _due_with(rule, proposed[rule.same_as])
            continue
        start = anchors[rule.anchor]
        if start is None:
            proposed[rule.key] = ProposedEntry(rule, None, f"Enter the {rule.anchor} date to propose this date.")
            continue
        n = -rule.working_days if rule.before else rule.working_days
        proposed[rule.key] = ProposedEntry(rule, working_days(cal, start, n, sen and rule.sen_counting,
                                                              anchor=f"the {rule.anchor}", why=rule.basis + ".",
                                                              due_by=DUE_BY if rule.due_by_5pm else ""))
    return list(proposed.values())
