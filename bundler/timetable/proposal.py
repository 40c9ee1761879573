"""The standard case timetable the app proposes from the registration and hearing dates."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .deadlines import DUE_BY, Deadline, working_days
from .rules import EntryRule, TimetableRules, load_rules
from .workdays import WorkingCalendar


@dataclass(frozen=True)
class ProposedEntry:
    rule: EntryRule
    deadline: Deadline | None  # None until the date it counts from is known
    missing: str = ""


def propose_timetable(cal: WorkingCalendar, registration: date | None, hearing: date | None, sen: bool,
                      rules: TimetableRules | None = None) -> list[ProposedEntry]:
    """One entry per default in the rules, in their order. `sen` is False for disability discrimination claims."""
    anchors = {"registration": registration, "hearing": hearing}
    proposed = []
    for rule in (rules or load_rules()).entries:
        start = anchors[rule.anchor]
        if start is None:
            proposed.append(ProposedEntry(rule, None, f"Enter the {rule.anchor} date to propose this date."))
            continue
        n = -rule.working_days if rule.before else rule.working_days
        proposed.append(ProposedEntry(rule, working_days(cal, start, n, sen and rule.sen_counting,
                                                         anchor=f"the {rule.anchor}", why=rule.basis + ".",
                                                         due_by=DUE_BY if rule.due_by_5pm else "")))
    return proposed
