"""Tribunal deadlines, each returned with the explanation a person needs to check it (send-tribunal.md §3, §8)."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from .rules import OrderKind, OrderStep
from .workdays import AUGUST, ONE_DAY, WorkingCalendar, sen_break, show

DUE_BY = "Due by 5pm (HESC r.12(1))."


@dataclass(frozen=True)
class Deadline:
    due: date
    explanation: str
    # A caution for a person to confirm: an unconfirmed rule was applied, or the date needs a look.
    flag: str = ""


def add_months(d: date, months: int) -> tuple[date, bool]:
    """Same day number `months` calendar months on; True when the month is too short and its last day was used."""
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last)), d.day > last


def _month_end_flag(start: date, months: int, what: str) -> str:
    return (f"{what} {show(start)} + {months} month{'s' if months > 1 else ''} has no day {start.day} in its month, "
            "so the last day of the month was used. This month-end rule is unconfirmed: check it.")


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def working_days(cal: WorkingCalendar, start: date, n: int, sen: bool, anchor: str = "", why: str = "",
                 due_by: str = DUE_BY) -> Deadline:
    """`n` working days after `start` (day 0), or before it when `n` is negative, explained. `due_by` is empty for
    periods that are not acts under the Tribunal's rules, where the 5pm rule of r.12(1) does not apply."""
    due = cal.add_working_days(start, n, sen)
    # Day 0 is not counted, so what falls on it was not skipped.
    named, breaks = cal.skipped(start + (ONE_DAY if n > 0 else -ONE_DAY), due, sen) if n else ([], [])
    kind = ("SEN working day" if sen else "working day") + ("s" if abs(n) != 1 else "")
    trigger = f"{anchor} ({show(start)})" if anchor else show(start)
    if n == 0:
        text = f"{show(start)} is not a working day, so the next working day (HESC r.12(2))." if due != start else ""
    else:
        skipping = ["weekends", *breaks] + (["bank holidays (" + ", ".join(named) + ")"] if named else [])
        text = f"{abs(n)} {kind} {'after' if n > 0 else 'before'} {trigger}, skipping {_and(skipping)}."
        if breaks:
            text += " SEN cases leave out August and 25 Dec–1 Jan (HESC r.12(3)(b))."
    # send-tribunal.md §8 R6 and §9: whether r.12(3)(b) applies when counting back from a hearing is unconfirmed.
    flag = (f"Counting back across {_and(breaks)} left {'it' if len(breaks) == 1 else 'them'} out, which makes the "
            "date earlier; whether the Tribunal counts back this way is unconfirmed: check the directions."
            if n < 0 and breaks else "")
    return Deadline(due, " ".join(part for part in (text, why, due_by) if part), flag)


def fixed_date(due: date, source: str = "the Tribunal's directions",
               cal: WorkingCalendar | None = None) -> Deadline:
    """The date a direction gives; with `cal`, flagged when it is not a working day (HESC r.12(2))."""
    flag = ""
    if cal is not None and not cal.is_working_day(due):
        flag = (f"{show(due)} is not a working day: the act is in time on the next working day, "
                f"{show(cal.next_working_day(due))} (HESC r.12(2)). Check the date on the Tribunal's letter.")
    return Deadline(due, f"Fixed date given by {source}; a fixed date is not moved for August or Christmas "
                         f"(HESC r.12(4)). {DUE_BY}", flag)


def _after_break(d: date) -> date:
    """The day after the SEN break `d` falls in."""
    if sen_break(d) == AUGUST:
        return date(d.year, 9, 1)
    return date(d.year + (d.month == 12), 1, 2)


def appeal_deadline(cal: WorkingCalendar, decision: date, certificate: date | None = None) -> Deadline:
    """The later of 2 months from the decision letter and 1 month from the mediation certificate (HESC r.20(1)(c)),
    moved out of August and 25 Dec–1 Jan (r.12(3)(a)) or off a non-working day (r.12(2))."""
    by_decision, short_d = add_months(decision, 2)
    parts = [f"2 months from the decision letter of {show(decision)} is {show(by_decision)}"]
    flags = [_month_end_flag(decision, 2, "Decision letter")] if short_d else []
    end = by_decision
    if certificate:
        by_certificate, short_c = add_months(certificate, 1)
        parts.append(f"1 month from the mediation certificate of {show(certificate)} is {show(by_certificate)}")
        flags += [_month_end_flag(certificate, 1, "Certificate")] if short_c else []
        end = max(by_decision, by_certificate)
        text = f"The later of: {parts[0]}; and {parts[1]} (HESC r.20(1)(c))."
    else:
        text = (f"{parts[0]} (HESC r.20(1)(c)). No mediation certificate given: an appeal needs one unless it is "
                "about Section I only.")
    due = end
    if not sen_break(due) and not cal.is_working_day(due):
        due = cal.next_working_day(due)
        text += f" {show(end)} is not a working day, so the next working day, {show(due)} (HESC r.12(2))."
    window = sen_break(due)
    if window:
        after = "31 August" if window == AUGUST else "1 January"
        moved = cal.next_working_day(_after_break(due))
        text += (f" {show(due)} falls in {window}, so the appeal is in time on the first working day after {after}, "
                 f"{show(moved)} (HESC r.12(3)(a)).")
        due = moved
    return Deadline(due, f"{text} {DUE_BY}", " ".join(flags))


def disability_claim_deadline(act: date) -> Deadline:
    """R4: a disability discrimination claim, 6 calendar months from the act, with no August or Christmas rule."""
    due, short = add_months(act, 6)
    return Deadline(due, f"6 calendar months from the act complained of, {show(act)}; disability discrimination "
                         "claims have no August or Christmas adjustment (HESC r.12(3) as amended in 2020).",
                    _month_end_flag(act, 6, "Act") if short else "")


def recommendation_response(recommended: date) -> Deadline:
    """R9: the health or social care body answers a recommendation within 5 weeks."""
    return Deadline(recommended + timedelta(weeks=5),
                    f"5 weeks from the Tribunal's recommendation of {show(recommended)}: the health or social care "
                    "body responds in writing, with reasons if it will not follow it.")


def mediation_contact(decision: date) -> Deadline:
    due, short = add_months(decision, 2)
    return Deadline(due, f"2 calendar months from the decision notice of {show(decision)}: the parent or young "
                         "person contacts the mediation adviser (SEND Regs 2014 reg 33).",
                    _month_end_flag(decision, 2, "Decision notice") if short else "")


def mediation_certificate(cal: WorkingCalendar, event: date, event_name: str = "the parent declined mediation") -> Deadline:
    return working_days(cal, event, 3, sen=False, anchor=event_name,
                        why="The mediation adviser issues the certificate (SEND Regs 2014 reg 34).", due_by="")


def mediation_arranged(notified: date) -> Deadline:
    return Deadline(notified + timedelta(days=30),
                    f"30 calendar days from the authority being told of {show(notified)} that the parent wants "
                    "mediation: the authority arranges it (SEND Regs 2014).")


def health_notice(cal: WorkingCalendar, notified: date) -> Deadline:
    return working_days(cal, notified, 3, sen=False, anchor="the authority being told of health issues",
                        why="The authority tells each relevant integrated care board (SEND Regs 2014).", due_by="")


def order_deadlines(cal: WorkingCalendar, kind: OrderKind, sent: date,
                    unopposed: bool = False) -> list[tuple[OrderStep, Deadline]]:
    """Each step of an order (reg 44, from the day the order was sent) or of an unopposed appeal (reg 45, from the
    authority's notice), in calendar weeks."""
    if unopposed and not kind.unopposed:
        raise ValueError(f"'{kind.title}' is not the outcome of an unopposed appeal: the appeal is decided for the "
                         "appellant (SEND Regs 2014 reg 45). Choose what the authority must now do instead.")
    trigger = ("the authority's notice that it will not oppose the appeal (SEND Regs 2014 reg 45)" if unopposed
               else "the day the Tribunal sent the order (SEND Regs 2014 reg 44)")
    result = []
    for step in kind.steps:
        due = sent + timedelta(weeks=step.weeks)
        when = "Immediately" if step.weeks == 0 else f"{step.weeks} weeks"
        text = f"{when} from {trigger}, {show(sent)}: {step.act}."
        flags = [kind.note] if kind.note else []
        if not cal.is_working_day(due):
            flags.append(f"{show(due)} is not a working day and the regulations do not move it: "
                         "act by the working day before.")
        result.append((step, Deadline(due, text, " ".join(flags))))
    return result
