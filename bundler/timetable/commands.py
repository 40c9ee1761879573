"""`bundler deadline ...`: deadlines for scripts. Each prints the ISO date, then the explanation, then anything to
check ("Check:"); with --detail, how the date was worked out ("Basis:") before that."""
from __future__ import annotations

from datetime import date

import click

from .deadlines import (
    Deadline,
    appeal_deadline,
    health_notice,
    mediation_arranged,
    mediation_certificate,
    recommendation_response,
    working_days,
)
from .orders import agreement_deadlines, order_deadlines
from .rules import OrderKind, load_rules
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


def _remember_detail(ctx, _param, value):
    ctx.meta["deadline_detail"] = value


# Scripts read the date, then the explanation; how the date was worked out is there when asked for.
detail_option = click.option("--detail", is_flag=True, expose_value=False, callback=_remember_detail,
                             help="Also print how the date was worked out (Basis:).")


def _print(deadline: Deadline) -> None:
    click.echo(deadline.due.isoformat())
    click.echo(deadline.explanation)
    if deadline.detail and click.get_current_context().meta.get("deadline_detail"):
        click.echo(f"Basis: {deadline.detail}")
    if deadline.flag:
        click.echo(f"Check: {deadline.flag}")


def _order_kinds(keys: str, param_hint: str) -> tuple[OrderKind, ...]:
    try:
        return load_rules().order_kinds(keys)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=param_hint) from exc


@click.group("deadline")
def deadline():
    """Work out tribunal deadlines (England and Wales bank holidays)."""


@deadline.command("add", context_settings={"ignore_unknown_options": True})
@detail_option
@click.argument("start", type=ISO_DATE)
@click.argument("n", type=int)
@click.option("--sen", is_flag=True, help="SEN counting: also skip August and 25 Dec-1 Jan (HESC r.12(3)(b)).")
def add(start, n, sen):
    """N working days after START (day 0); a negative N counts back."""
    _print(working_days(WorkingCalendar(), start, n, sen))


@deadline.command("appeal")
@detail_option
@click.option("--decision", type=ISO_DATE, required=True, help="Date on the decision letter.")
@click.option("--certificate", type=ISO_DATE, help="Date the mediation certificate was issued.")
def appeal(decision, certificate):
    """The last day to appeal to the Tribunal in an SEN case."""
    _print(appeal_deadline(WorkingCalendar(), decision, certificate))


@deadline.command("order")
@detail_option
@click.argument("kinds", metavar="KIND[,KIND...]")
@click.option("--sent", type=ISO_DATE, required=True,
              help="Day the Tribunal sent the order (or, with --unopposed, the authority's notice).")
@click.option("--unopposed", is_flag=True, 
              help="An unopposed appeal: periods run from the authority's notice (reg 45).")
def order(kinds, sent, unopposed):
    """When the authority must comply with orders made together (one date per step; where one period governs
    several orders' steps, one step)."""
    try:
        steps = order_deadlines(WorkingCalendar(), _order_kinds(kinds, "KIND"), sent, unopposed)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="KIND") from exc
    for _step, step_deadline in steps:
        _print(step_deadline)


@deadline.command("recommendation")
@detail_option
@click.option("--sent", type=ISO_DATE, required=True, help="Day the Tribunal sent its recommendation.")
def recommendation(sent):
    """When the health or social care body must respond to a recommendation (extended appeals)."""
    _print(recommendation_response(sent))


@deadline.group("mediation")
def mediation():
    """Mediation deadlines (SEND Regulations 2014: no August or Christmas exclusion)."""


@mediation.command("arrange")
@detail_option
@click.option("--told", type=ISO_DATE, required=True,
              help="Day the authority was told the parent or young person wants mediation.")
def arrange(told):
    """When the authority must have arranged mediation."""
    _print(mediation_arranged(told))


@mediation.command("certificate")
@detail_option
@click.option("--on", "event", type=ISO_DATE, required=True,
              help="Day mediation ended, was declined, or the authority said it could not arrange it in 30 days.")
def certificate(event):
    """When the mediation adviser must issue the certificate."""
    _print(mediation_certificate(WorkingCalendar(), event, "mediation ended or was declined"))


@mediation.command("health-notice")
@detail_option
@click.option("--told", type=ISO_DATE, required=True, help="Day the authority was told health provision is in issue.")
def health_notice_command(told):
    """When the authority must tell each integrated care board the issues."""
    _print(health_notice(WorkingCalendar(), told))


@mediation.command("agreement")
@detail_option
@click.option("--agreed", type=ISO_DATE, required=True, help="Day of the written mediation agreement.")
@click.option("--order", "kinds", metavar="KIND[,KIND...]",
              help="What was agreed, as the order the Tribunal could have made; without it, an item that could not "
                   "be appealed (2 weeks).")
def agreement(agreed, kinds):
    """When the authority must do what a mediation agreement says (reg 42)."""
    chosen = _order_kinds(kinds, "--order") if kinds else ()
    for _step, step_deadline in agreement_deadlines(WorkingCalendar(), agreed, chosen):
        _print(step_deadline)
