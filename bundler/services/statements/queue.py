"""A legal reviewer's queue: the statements with legal services, and those changed since the reviewer last
commented on them; and the e-mail that tells a team's legal reviewers a statement has been sent to them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from sqlalchemy import func, select

from ...dates import page_time
from ...extensions import db
from ...models import Case, Role, User
from ...models.statements import StatementOfCase, StatementState
from ..cases import visible_cases
from ..mail import EmailNotSent, email_configured, send_email
from ..notify import url_for_external


@dataclass(frozen=True)
class QueueEntry:
    statement: StatementOfCase
    with_legal: bool
    commented_on: int | None  # the version the reviewer last commented on, when it has changed since
    commented_at: datetime | None

    @property
    def case(self) -> Case:
        return self.statement.case

    @property
    def changed_since_comment(self) -> bool:
        return self.commented_on is not None


def legal_queue(user: User) -> list[QueueEntry]:
    """The open statements on the reviewer's cases that are with legal services or have changed since the
    reviewer's last comment on them, the longest waiting first."""
    if user.role != Role.legal_reviewer:
        return []
    newest = (select(func.max(StatementOfCase.id)).where(StatementOfCase.case_id.in_(
        visible_cases(user).with_only_columns(Case.id))).group_by(StatementOfCase.case_id))
    statements = db.session.scalars(select(StatementOfCase).where(
        StatementOfCase.id.in_(newest), StatementOfCase.state != StatementState.approved))
    entries = [entry for entry in (_entry(statement, user) for statement in statements) if entry is not None]
    return sorted(entries, key=lambda e: (e.statement.sent_to_legal_at or e.commented_at or e.statement.created_at,
                                          e.case.reference))


def _entry(statement: StatementOfCase, user: User) -> QueueEntry | None:
    mine = [comment for comment in statement.comments if comment.author_id == user.id]
    last = max(mine, key=lambda comment: comment.id) if mine else None
    changed = last is not None and statement.latest.number > last.version_number
    with_legal = statement.state == StatementState.with_legal
    if not (with_legal or changed):
        return None
    return QueueEntry(statement, with_legal, last.version_number if changed else None,
                      last.created_at if changed else None)


def legal_reviewers(case: Case) -> list[User]:
    return [member for member in case.team.members if member.role == Role.legal_reviewer and member.active]


def tell_legal_reviewers(statement: StatementOfCase, sender: User) -> list[str]:
    """E-mail the team's legal reviewers that the statement has been sent to them, when SMTP is configured.
    References and links only, never the child's name. Returns a sentence for each e-mail that could not be sent."""
    if not email_configured():
        return []
    case = statement.case
    link = url_for_external(url_for("statements.index", case_id=case.id))
    subject = f"Statement of case to review: {case.reference}"
    body = (f"{sender.name} sent the statement of case for {case.reference} to legal services on "
            f"{page_time(statement.sent_to_legal_at)} (version {statement.latest.number}).\n\n"
            f"Review it here:\n{link}\n\nYour queue of statements to review is on your home page.\n")
    failed = []
    for reviewer in legal_reviewers(case):
        try:
            send_email(reviewer.email, subject, body)
        except EmailNotSent as exc:
            failed.append(str(exc))
    return failed
