"""What the authority must do, and by when, after a Tribunal order (reg 44), an unopposed appeal (reg 45) or a
mediation agreement (reg 42): calendar weeks from the day that starts it (send-tribunal.md §3.5, §3.6, §3.3)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .deadlines import CALENDAR_COUNTING, Deadline, join_sentences, not_moved_flag, period_deadline
from .rules import OrderKind, OrderStep, TimetableRules, load_rules
from .workdays import WorkingCalendar, show


@dataclass(frozen=True)
class Trigger:
    """What starts the periods, in the words an explanation uses."""
    event: str
    regulation: str


ORDER = Trigger("the day the Tribunal sent the order", "SEND Regs 2014 reg 44")
UNOPPOSED = Trigger("the authority's notice that it will not oppose the appeal", "SEND Regs 2014 reg 45")
AGREEMENT = Trigger("the mediation agreement", "SEND Regs 2014 reg 42, as if the Tribunal had ordered it")


@dataclass(frozen=True)
class PlanStep:
    """One step to do, for one or more of the orders made together."""
    step: OrderStep
    kinds: tuple[OrderKind, ...]


def plan_steps(kinds: Sequence[OrderKind]) -> list[PlanStep]:
    """The steps of orders made together. Steps sharing a merge key are one step and the longest period governs:
    an amended B/F and a Section I order give one 5-week amended plan, not a separate 2-week one (§3.5)."""
    merged: dict[str, int] = {}  # merge key -> index in `steps`
    steps: list[PlanStep] = []
    for kind in kinds:
        for step in kind.steps:
            if step.merge not in merged:
                if step.merge:
                    merged[step.merge] = len(steps)
                steps.append(PlanStep(step, (kind,)))
                continue
            held = steps[merged[step.merge]]
            steps[merged[step.merge]] = PlanStep(max(held.step, step, key=lambda s: s.weeks), (*held.kinds, kind))
    return sorted(steps, key=lambda plan_step: plan_step.step.weeks)


def _step_deadline(cal: WorkingCalendar, plan_step: PlanStep, start: date, trigger: Trigger,
                   rules: TimetableRules) -> Deadline:
    step = plan_step.step
    due = start + timedelta(weeks=step.weeks)
    when = "immediately on" if step.weeks == 0 else f"{step.weeks} weeks after"
    text = (f"{step.act}, {when} {trigger.event} ({show(start)}). "
            f"{CALENDAR_COUNTING.format(unit='weeks', under=f' ({trigger.regulation})')}")
    several = len(plan_step.kinds) > 1
    detail = join_sentences(f"One step for the orders made together: {'; '.join(k.title for k in plan_step.kinds)}."
                   if several else f"For the order: {plan_step.kinds[0].title}.",
                   rules.merge_notes.get(step.merge, "") if several else "",
                   "The periods run in calendar weeks and say nothing about an end day that is not a working day.")
    flags = [kind.note for kind in plan_step.kinds if kind.note]
    return Deadline(due, text, join_sentences(*flags, not_moved_flag(cal, due)), detail)


def _as_kinds(kinds: OrderKind | Sequence[OrderKind]) -> tuple[OrderKind, ...]:
    return (kinds,) if isinstance(kinds, OrderKind) else tuple(kinds)


def order_deadlines(cal: WorkingCalendar, kinds: OrderKind | Sequence[OrderKind], sent: date,
                    unopposed: bool = False, rules: TimetableRules | None = None) -> list[tuple[OrderStep, Deadline]]:
    """Each step of an order, or of several made together (reg 44, from the day the order was sent), or of an
    unopposed appeal (reg 45, from the authority's notice)."""
    kinds = _as_kinds(kinds)
    for kind in kinds:
        if unopposed and not kind.unopposed:
            raise ValueError(f"'{kind.title}' is not the outcome of an unopposed appeal: the appeal is decided for "
                             "the appellant (SEND Regs 2014 reg 45). Choose what the authority must now do instead.")
    rules = rules or load_rules()
    trigger = UNOPPOSED if unopposed else ORDER
    return [(plan_step.step, _step_deadline(cal, plan_step, sent, trigger, rules)) for plan_step in plan_steps(kinds)]


def agreement_deadlines(cal: WorkingCalendar, agreed: date, kinds: OrderKind | Sequence[OrderKind] = (),
                        written: date | None = None,
                        rules: TimetableRules | None = None) -> list[tuple[OrderStep, Deadline]]:
    """What one item of a mediation agreement obliges the authority to do (reg 42): on an appealable matter, the
    reg 44 steps as if the Tribunal had ordered `kinds`, from the agreement; on anything else 2 weeks; or, when the
    parties agreed another timescale in writing, the `written` date."""
    rules = rules or load_rules()
    if written is not None:
        if written < agreed:
            raise ValueError(f"The date agreed in writing, {show(written)}, is before the agreement of "
                             f"{show(agreed)}: check both dates.")
        step = OrderStep((written - agreed).days // 7, "Do what the mediation agreement says")
        return [(step, Deadline(written, "The date the parties agreed in writing in the mediation agreement.", "",
                                "SEND Regs 2014 reg 42 lets the parties agree another timescale in writing; keep "
                                "the written record with the agreement."))]
    if kinds:
        return [(plan_step.step, _step_deadline(cal, plan_step, agreed, AGREEMENT, rules))
                for plan_step in plan_steps(_as_kinds(kinds))]
    period = rules.periods["agreement_other"]
    return [(OrderStep(period.amount if period.unit == "weeks" else 0, period.act),
             period_deadline(period, agreed, "the mediation agreement", cal))]
