"""`bundler deadline ...`: deadlines for scripts. Each prints the ISO date, then the explanation."""
from __future__ import annotations

from datetime import date

import click

from .deadlines import Deadline, appeal_deadline, order_deadlines, working_days
from .rules import load_rules
from .workdays import WorkingCalendar


class IsoDate(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date. Enter it as YYYY-MM-DD, for example 2025-12-01.", param, ctx)


ISO_DATE = IsoDate()


def _print(deadline: Deadline) -> None:
    click.echo(deadline.due.isoformat())
    click.echo(deadline.explanation)
    if deadline.flag:
        click.echo(f"Check: {deadline.flag}")


@click.group("deadline")
def deadline():
    """Work out tribunal deadlines (England and Wales bank holidays)."""


@deadline.command("add", context_settings={"ignore_unknown_options": True})
@click.argument("start", type=ISO_DATE)
@click.argument("n", type=int)
@click.option("--sen", is_flag=True, help="SEN counting: also skip August and 25 Dec-1 Jan (HESC r.12(3)(b)).")
def add(start, n, sen):
    """N working days after START (day 0); a negative N counts back."""
    _print(working_days(WorkingCalendar(), start, n, sen))


@deadline.command("appeal")
@click.option("--decision", type=ISO_DATE, required=True, help="Date on the decision letter.")
@click.option("--certificate", type=ISO_DATE, help="Date the mediation certificate was issued.")
def appeal(decision, certificate):
    """The last day to appeal to the Tribunal in an SEN case."""
    _print(appeal_deadline(WorkingCalendar(), decision, certificate))


@deadline.command("order")
@click.argument("kind")
@click.option("--sent", type=ISO_DATE, required=True,
              help="Day the Tribunal sent the order (or, with --unopposed, the authority's notice).")
@click.option("--unopposed", is_flag=True, help="An unopposed appeal: periods run from the authority's notice (reg 45).")
def order(kind, sent, unopposed):
    """When the authority must comply with an order of KIND (one date per step)."""
    kinds = load_rules().orders
    if kind not in kinds:
        raise click.BadParameter(f"unknown order {kind!r}. Use one of: {', '.join(kinds)}.", param_hint="KIND")
    try:
        steps = order_deadlines(WorkingCalendar(), kinds[kind], sent, unopposed)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="KIND") from exc
    for _step, step_deadline in steps:
        _print(step_deadline)
