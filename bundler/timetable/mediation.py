"""The dates that follow an appealable decision through mediation, from what is known so far (send-tribunal.md §3.3,
§8 R5): the choice, arranging it, the health notice, and the certificate."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .deadlines import Deadline, period_deadline
from .rules import Period, TimetableRules, load_rules
from .workdays import WorkingCalendar


@dataclass(frozen=True)
class MediationRecord:
    """What has happened so far on one appealable decision; each date that is known starts a period."""
    notice_sent: date | None = None  # the authority's notice of the decision (reg 32)
    told: date | None = None  # the authority was told the parent or young person wants mediation
    health_in_issue: bool = False
    health_only: bool = False  # only health provision is in issue: the integrated care board arranges it
    declined: date | None = None  # the parent or young person told the adviser they do not want mediation
    ended: date | None = None  # the day mediation ended
    cannot_arrange: date | None = None  # the authority told the adviser it cannot arrange mediation within 30 days
    agreed_without_authority: date | None = None  # an agreement the authority was not party to


def _certificate_trigger(record: MediationRecord) -> tuple[date, str] | None:
    """The latest event after which the adviser issues the certificate."""
    events = [(record.declined, "the parent or young person declined mediation"),
              (record.ended, "mediation ended"),
              (record.cannot_arrange, "the authority said it could not arrange mediation within 30 days")]
    known = [(day, name) for day, name in events if day is not None]
    return max(known, key=lambda event: event[0]) if known else None


def mediation_deadlines(cal: WorkingCalendar, record: MediationRecord,
                        rules: TimetableRules | None = None) -> list[tuple[Period, Deadline]]:
    """Each period `record` has started, with its deadline, in the order they arise."""
    periods = (rules or load_rules()).periods
    result: list[tuple[Period, Deadline]] = []

    def add(key: str, start: date, anchor: str) -> None:
        result.append((periods[key], period_deadline(periods[key], start, anchor, cal)))

    if record.notice_sent:
        add("mediation_contact", record.notice_sent, "the notice of the decision")
    if record.told and record.health_only:
        add("mediation_arrange_health_only", record.told, "the authority's notice to the integrated care board")
    elif record.told:
        told = "the authority being told the parent or young person wants mediation"
        if record.health_in_issue:
            add("mediation_health_notice", record.told, "the authority being told health provision is in issue")
        add("mediation_arrange_warning", record.told, told)
        add("mediation_arrange", record.told, told)
    certificate = _certificate_trigger(record)
    if certificate:
        add("mediation_certificate", *certificate)
    if record.agreed_without_authority:
        add("agreement_notice", record.agreed_without_authority, "the mediation agreement")
    return result
