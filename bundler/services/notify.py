"""The daily e-mail digest: for each person who has not turned it off, their deadlines due within 5 working days
or overdue (directions, evidence requests, mediation dates, order and agreement steps, recommendation responses),
evidence waiting for review and statements of case waiting for them. References and links only: never a child's
name. Sent at most once a day per person: the day is claimed in `DigestSent` before the e-mail goes."""
from dataclasses import dataclass
from datetime import date

import click
from flask import current_app, url_for
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import dates
from ..extensions import db
from ..models import Case, DigestSent, Role, StatementOfCase, User
from ..models.evidence import Document, Review
from ..models.statements import StatementState
from ..timetable import show
from .cases import visible_cases
from .directions import records
from .directions.timetable_sources import dashboard_items
from .mail import EmailNotSent, email_configured, send_email

DUE_SOON_RANKS = (records.OVERDUE.rank, records.DUE_TODAY.rank, records.DUE_SOON.rank)


@dataclass(frozen=True)
class DigestLine:
    section: str
    reference: str
    text: str
    link: str


def _theirs(item, user: User) -> bool:
    """An item is someone's when they are responsible for it, or (nobody being named) they are the case officer."""
    if item.responsible is not None:
        return item.responsible.id == user.id
    return item.case.officer_id == user.id


def digest_lines(user: User) -> list[DigestLine]:
    """What the person's digest says today; empty when there is nothing for them."""
    lines = [DigestLine(f"{item.urgency.label}", item.case.reference, f"{item.title}: {show(item.due)}",
                        url_for_external(item.href))
             for item in dashboard_items(user, None, None)
             if item.urgency.rank in DUE_SOON_RANKS and _theirs(item, user)]
    mine = visible_cases(user).where(Case.officer_id == user.id).with_only_columns(Case.id)
    pending = db.session.scalars(select(Document).where(Document.case_id.in_(mine), Document.review == Review.pending))
    lines += [DigestLine("Evidence to review", doc.case.reference, "A document sent through an evidence request",
                         url_for_external(url_for("evidence.index", case_id=doc.case_id))) for doc in pending]
    lines += [DigestLine("Statement of case waiting for you", s.case.reference, s.state.label,
                         url_for_external(url_for("statements.index", case_id=s.case_id)))
              for s in waiting_statements(user)]
    return lines


def waiting_statements(user: User) -> list[StatementOfCase]:
    """With legal services for a legal reviewer; changes requested for the case officer."""
    cases = visible_cases(user).with_only_columns(Case.id)
    query = select(StatementOfCase).where(StatementOfCase.case_id.in_(cases))
    if user.role == Role.legal_reviewer:
        query = query.where(StatementOfCase.state == StatementState.with_legal)
    else:
        query = query.where(StatementOfCase.state == StatementState.changes_requested,
                            StatementOfCase.case_id.in_(select(Case.id).where(Case.officer_id == user.id)))
    return list(db.session.scalars(query))


def url_for_external(href: str) -> str:
    return href if href.startswith("http") else f"{current_app.config['PUBLIC_URL'].rstrip('/')}{href}"


def digest_body(user: User, lines: list[DigestLine], day: date) -> str:
    sections: dict[str, list[DigestLine]] = {}
    for line in lines:
        sections.setdefault(line.section, []).append(line)
    parts = [f"Your SEND Tribunal deadlines for {show(day)}.", ""]
    for section, items in sections.items():
        parts.append(f"{section}:")
        parts += [f"- {line.reference}: {line.text}\n  {line.link}" for line in items]
        parts.append("")
    settings = url_for_external(url_for("notifications.settings"))
    parts.append(f"To stop these e-mails, turn off the daily digest: {settings}")
    return "\n".join(parts)


@dataclass
class NotifyResult:
    sent: int = 0
    nothing_to_say: int = 0
    already_sent: int = 0
    failed: list[str] = None


def send_digests(day: date) -> NotifyResult:
    """One digest per active person who wants it and has something due, unless one went today already."""
    result = NotifyResult(failed=[])
    people = db.session.scalars(select(User).where(User.active.is_(True), User.daily_digest.is_(True),
                                                   User.role != Role.send_manager).order_by(User.id)).all()
    for user in people:
        if db.session.scalar(select(DigestSent.id).where(DigestSent.user_id == user.id, DigestSent.day == day)):
            result.already_sent += 1
            continue
        lines = digest_lines(user)
        if not lines:
            result.nothing_to_say += 1
            continue
        try:
            db.session.add(DigestSent(user_id=user.id, day=day, items=len(lines)))
            db.session.flush()  # claims the day: a second run meanwhile stops here, before any e-mail
        except IntegrityError:
            db.session.rollback()
            result.already_sent += 1
            continue
        try:
            send_email(user.email, f"Deadlines for {show(day)}: {len(lines)} to look at",
                       digest_body(user, lines, day))
        except EmailNotSent as exc:
            db.session.rollback()  # not sent, so not recorded: the next run tries again
            result.failed.append(f"user {user.id}: {exc}")
            continue
        db.session.commit()
        result.sent += 1
    return result


@click.command("notify")
@with_appcontext
def notify_command():
    """Send today's e-mail digest to each person (for cron, e.g. 07:00 on weekdays); never twice a day."""
    if not email_configured():
        raise click.ClickException("No mail server is set (BUNDLER_MAIL_SERVER): no digest was sent.")
    day = dates.today()
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        result = send_digests(day)
    click.echo(f"{show(day)}: {result.sent} sent, {result.already_sent} already sent today, "
               f"{result.nothing_to_say} with nothing due.")
    for failure in result.failed:
        click.echo(f"Not sent: {failure}", err=True)
    if result.failed:
        raise SystemExit(1)
