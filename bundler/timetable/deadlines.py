"""Tribunal deadlines. Each comes with a short explanation a person reads, the detailed basis behind it (how the date
was worked out) and a flag for anything to check (send-tribunal.md §3, §8)."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from .rules import Period, TimetableRules, load_rules
from .workdays import AUGUST, ONE_DAY, WorkingCalendar, sen_break, show

DUE_BY = "Due by 5pm (HESC r.12(1))."
# Which counting a date used: every explanation says one of these.
SEN_COUNTING = "Tribunal rules in an SEN case: weekends, bank holidays, August and 25 Dec–1 Jan are not counted."
PLAIN_COUNTING = "Weekends and bank holidays are not counted; August and 25 Dec–1 Jan are (no SEN exclusion)."
REGULATIONS_COUNTING = ("SEND Regulations working days: weekends and bank holidays are not counted; August and "
                        "Christmas are.")
CALENDAR_COUNTING = "Calendar {unit}{under}: every day counts, August and Christmas included."
APPEAL_COUNTING = ("Calendar months (Tribunal rules in an SEN case): a last day in August or 25 Dec–1 Jan moves to the "
                   "first working day after it.")
MONTH_END_RULE = ("A period of months ends on the same day number in the last month, or on that month's last day when "
                  "it has no such day (the corresponding date rule, Dodds v Walker [1981] 1 WLR 1027, HL).")


@dataclass(frozen=True)
class Deadline:
    due: date
    explanation: str  # short and plain: what the date counts from, and which counting was used
    flag: str = ""  # a caution for a person to confirm: an unconfirmed rule was applied, or the date needs a look
    detail: str = ""  # how the date was worked out: the days skipped, the rules and their sources


def add_months(d: date, months: int) -> tuple[date, bool]:
    """Same day number `months` calendar months on; True when the month is too short and its last day was used."""
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last)), d.day > last


def _short_month(start: date, end: date) -> str:
    """Said after a month-end date: " (the last day of February, which has no day 31)"."""
    return f" (the last day of {end:%B}, which has no day {start.day})"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def join_sentences(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def _plural(amount: int, unit: str) -> str:
    return f"{amount} {unit if amount != 1 else unit.removesuffix('s')}"


def working_days(cal: WorkingCalendar, start: date, n: int, sen: bool, anchor: str = "", why: str = "",
                 due_by: str = DUE_BY, regulations: bool = False, act: str = "") -> Deadline:
    """`n` working days after `start` (day 0), or before it when `n` is negative, explained. `regulations` marks a
    period in the SEND Regulations: never SEN counting, and not an act under the Tribunal's rules, so no 5pm rule.
    `act`, when given, leads the explanation; `why` (the basis) goes in the detail."""
    if regulations:
        sen, due_by = False, ""
    due = cal.add_working_days(start, n, sen)
    trigger = f"{anchor} ({show(start)})" if anchor else show(start)
    lead = f"{act}, " if act else ""
    if n == 0:
        moved = due != start
        text = f"{lead}on {trigger}" + (f", moved to the next working day, {show(due)}." if moved else ".")
        basis = ("An act due on a day that is not a working day is in time on the next one (HESC r.12(2))."
                 if moved else "")
        return Deadline(due, text[0].upper() + text[1:], "", join_sentences(basis, why, due_by))
    # Day 0 is not counted, so what falls on it was not skipped.
    named, breaks = cal.skipped(start + (ONE_DAY if n > 0 else -ONE_DAY), due, sen)
    kind = ("SEN working day" if sen else "working day") + ("s" if abs(n) != 1 else "")
    counting = SEN_COUNTING if sen else REGULATIONS_COUNTING if regulations else PLAIN_COUNTING
    text = f"{lead}{abs(n)} {kind} {'after' if n > 0 else 'before'} {trigger}. {counting}"
    skipping = ["weekends", *breaks] + (["bank holidays (" + ", ".join(named) + ")"] if named else [])
    counted = f"Counted from {show(start)} (day 0, not itself counted) to {show(due)}, skipping {_and(skipping)}."
    sen_rule = "SEN cases leave out August and 25 Dec–1 Jan (HESC r.12(3)(b))." if breaks else ""
    # send-tribunal.md §8 R6 and §9: whether r.12(3)(b) applies when counting back from a hearing is unconfirmed.
    flag = (f"Counting back across {_and(breaks)} left {'it' if len(breaks) == 1 else 'them'} out, which makes the "
            "date earlier; whether the Tribunal counts back this way is unconfirmed: check the directions."
            if n < 0 and breaks else "")
    return Deadline(due, text[0].upper() + text[1:], flag, join_sentences(counted, sen_rule, why, due_by))


def not_moved_flag(cal: WorkingCalendar, due: date) -> str:
    """The caution for a calendar period of the SEND Regulations ending on a day that is not a working day."""
    if cal.is_working_day(due):
        return ""
    return f"{show(due)} is not a working day and the regulations do not move it: act by the working day before."


def period_deadline(period: Period, start: date, anchor: str, cal: WorkingCalendar | None = None) -> Deadline:
    """A period in the SEND Regulations counted from `start`: calendar days, weeks or months, or working days
    without the Tribunal's August and Christmas exclusion."""
    cal = cal or WorkingCalendar()
    basis = f"{period.basis}." if period.basis else ""
    if period.unit == "working_days":
        deadline = working_days(cal, start, period.amount, sen=False, anchor=anchor,
                                why=basis, regulations=True, act=period.act)
        return Deadline(deadline.due, deadline.explanation, period.note, deadline.detail)
    if period.unit == "months":
        due, short = add_months(start, period.amount)
        month_end = (f"{show(start)} + {_plural(period.amount, 'months')} is {show(due)}{_short_month(start, due)}. "
                     f"{MONTH_END_RULE}" if short else "")
    else:
        due, month_end = start + timedelta(**{period.unit: period.amount}), ""
    moved = cal.next_working_day(due) if period.moves else due
    text = (f"{period.act}, {_plural(period.amount, period.unit)} after {anchor} ({show(start)})"
            + (f", {show(due)}, moved to the next working day, {show(moved)}. " if moved != due else ". ")
            + CALENDAR_COUNTING.format(unit=period.unit, under=''))
    if period.moves:
        rule = f"An act due on a day that is not a working day is in time on the next one ({period.moves})."
        return Deadline(moved, text, period.note, join_sentences(basis, month_end, rule))
    return Deadline(due, text, join_sentences(period.note, not_moved_flag(cal, due)), join_sentences(basis, month_end))


def fixed_date(due: date, source: str = "the Tribunal's directions",
               cal: WorkingCalendar | None = None) -> Deadline:
    """The date a direction gives; with `cal`, flagged when it is not a working day (HESC r.12(2))."""
    flag = ""
    if cal is not None and not cal.is_working_day(due):
        flag = (f"{show(due)} is not a working day: the act is in time on the next working day, "
                f"{show(cal.next_working_day(due))} (HESC r.12(2)). Check the date on the Tribunal's letter.")
    return Deadline(due, f"Fixed date given by {source}; it is not moved for August or Christmas.", flag,
                    f"A date the Tribunal directs is not moved by the SEN August and Christmas rule (HESC r.12(4)). "
                    f"{DUE_BY}")


def _after_break(d: date) -> date:
    """The day after the SEN break `d` falls in."""
    if sen_break(d) == AUGUST:
        return date(d.year, 9, 1)
    return date(d.year + (d.month == 12), 1, 2)


def appeal_deadline(cal: WorkingCalendar, decision: date, certificate: date | None = None) -> Deadline:
    """The later of 2 months from the decision letter and 1 month from the mediation certificate (HESC r.20(1)(c)),
    moved out of August and 25 Dec–1 Jan (r.12(3)(a)) or off a non-working day (r.12(2))."""
    by_decision, short_d = add_months(decision, 2)
    parts = [f"2 months from the decision letter of {show(decision)} is {show(by_decision)}"
             + (_short_month(decision, by_decision) if short_d else "")]
    end = by_decision
    if certificate:
        by_certificate, short_c = add_months(certificate, 1)
        parts.append(f"1 month from the mediation certificate of {show(certificate)} is {show(by_certificate)}"
                     + (_short_month(certificate, by_certificate) if short_c else ""))
        end = max(by_decision, by_certificate)
        text = f"The later of: {parts[0]}; and {parts[1]}."
        rule = ("An SEN appeal is in time if received within 2 months after the decision letter was sent or 1 month "
                "after the mediation certificate was issued, whichever is later (HESC r.20(1)(c)).")
    else:
        text = (f"{parts[0]}. No mediation certificate given: an appeal needs one unless it is about Section I "
                "only.")
        rule = ("An SEN appeal is in time if received within 2 months after the decision letter was sent "
                "(HESC r.20(1)(c)); no certificate is needed for an appeal about Section I only (CFA 2014 s.55).")
    details = [rule, "Counted in calendar months, from the date on the letter."]
    if short_d or (certificate and short_c):
        details.append(MONTH_END_RULE)
    due = end
    if not sen_break(due) and not cal.is_working_day(due):
        due = cal.next_working_day(due)
        text += f" {show(end)} is not a working day, so the next working day, {show(due)}."
        details.append("A period ending on a day that is not a working day ends on the next one (HESC r.12(2)).")
    window = sen_break(due)
    if window:
        after = "31 August" if window == AUGUST else "1 January"
        moved = cal.next_working_day(_after_break(due))
        text += (f" {show(due)} falls in {window}, so the appeal is in time on the first working day after {after}, "
                 f"{show(moved)}.")
        details.append("In an SEN case an appeal due in August or 25 Dec–1 Jan is in time on the first working day "
                       "after 31 August or 1 January (HESC r.12(3)(a)).")
        due = moved
    return Deadline(due, f"{text} {APPEAL_COUNTING}", "", join_sentences(*details, DUE_BY))


def disability_claim_deadline(act: date) -> Deadline:
    """R4: a disability discrimination claim, 6 calendar months from the act, with no August or Christmas rule."""
    due, short = add_months(act, 6)
    month_end = _short_month(act, due) if short else ""
    return Deadline(due, f"6 calendar months from the act complained of ({show(act)}){month_end}. "
                         "No August or Christmas adjustment: that rule is for SEN cases only.", "",
                    join_sentences("HESC r.12(3) has applied its August and Christmas rules to SEN cases only since "
                                   "the 2020 amendment, so a disability discrimination claim counts every day.",
                                   MONTH_END_RULE if short else ""))


def _period(key: str, rules: TimetableRules | None) -> Period:
    return (rules or load_rules()).periods[key]


def recommendation_response(recommended: date, cal: WorkingCalendar | None = None,
                            rules: TimetableRules | None = None) -> Deadline:
    """R9: the health or social care body answers a Tribunal recommendation."""
    return period_deadline(_period("recommendation_response", rules), recommended, "the Tribunal's recommendation", cal)


def mediation_contact(decision: date, cal: WorkingCalendar | None = None,
                      rules: TimetableRules | None = None) -> Deadline:
    return period_deadline(_period("mediation_contact", rules), decision, "the notice of the decision", cal)


def mediation_certificate(cal: WorkingCalendar, event: date, event_name: str = "the parent declined mediation",
                          rules: TimetableRules | None = None) -> Deadline:
    return period_deadline(_period("mediation_certificate", rules), event, event_name, cal)


def mediation_arranged(told: date, cal: WorkingCalendar | None = None, health_only: bool = False,
                       rules: TimetableRules | None = None) -> Deadline:
    if health_only:
        return period_deadline(_period("mediation_arrange_health_only", rules), told,
                               "the authority's notice to the integrated care board", cal)
    return period_deadline(_period("mediation_arrange", rules), told,
                           "the authority being told the parent or young person wants mediation", cal)


def health_notice(cal: WorkingCalendar, told: date, rules: TimetableRules | None = None) -> Deadline:
    return period_deadline(_period("mediation_health_notice", rules), told,
                           "the authority being told health provision is in issue", cal)
