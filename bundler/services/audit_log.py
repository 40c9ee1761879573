"""The audit log as an information-governance reviewer reads it: filtered by person, case, action and dates, a page
at a time, and exported as CSV for a subject access request or a complaint."""
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, func, select

from ..dates import ENGLAND, page_date
from ..extensions import db
from ..models import Case, User
from ..models.audit import AuditEvent
from ..spreadsheets import csv_text

PAGE_SIZE = 50
CSV_HEADINGS = ("When (UK time)", "Who", "Their e-mail", "Case", "Action", "What", "Detail")


@dataclass(frozen=True)
class AuditFilter:
    person_id: int | None = None
    case_reference: str = ""
    action: str = ""
    from_date: date | None = None
    to_date: date | None = None

    def described(self, person_name: str = "") -> str:
        """The filter in words, for the page and for the audit event of an export."""
        parts = [f"person: {person_name or self.person_id}" if self.person_id else "",
                 f"case: {self.case_reference}" if self.case_reference else "",
                 f"action: {self.action}" if self.action else "",
                 f"from {page_date(self.from_date)}" if self.from_date else "",
                 f"to {page_date(self.to_date)}" if self.to_date else ""]
        return "; ".join(part for part in parts if part) or "every event"


@dataclass(frozen=True)
class AuditPage:
    events: list[AuditEvent]
    number: int
    pages: int
    total: int


def _utc_start(day: date) -> datetime:
    """The moment an English day starts, as the naive UTC the log stores."""
    return datetime.combine(day, time(), ENGLAND).astimezone(UTC).replace(tzinfo=None)


def _selected(chosen: AuditFilter) -> Select:
    query = select(AuditEvent)
    if chosen.person_id:
        query = query.where(AuditEvent.user_id == chosen.person_id)
    if chosen.case_reference:
        query = query.join(Case, AuditEvent.case_id == Case.id).where(
            func.upper(Case.reference) == chosen.case_reference.upper())
    if chosen.action:
        query = query.where(AuditEvent.action == chosen.action)
    if chosen.from_date:
        query = query.where(AuditEvent.at >= _utc_start(chosen.from_date))
    if chosen.to_date:
        query = query.where(AuditEvent.at < _utc_start(chosen.to_date + timedelta(days=1)))
    return query


def _newest_first(query: Select) -> Select:
    return query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


def events_page(chosen: AuditFilter, number: int = 1) -> AuditPage:
    """Page `number` (from 1) of the events the filter selects, newest first; past the last page is the last page."""
    total = db.session.scalar(select(func.count()).select_from(_selected(chosen).subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(1, number), pages)
    query = _newest_first(_selected(chosen)).limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)
    return AuditPage(list(db.session.scalars(query)), number, pages, total)


def case_reference_known(reference: str) -> bool:
    return db.session.scalar(select(func.count(Case.id)).where(func.upper(Case.reference) == reference.upper())) > 0


def recorded_actions() -> list[str]:
    """Every action the log holds, for the filter's list."""
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def people() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.name)))


def _uk_time(at: datetime) -> str:
    """A time a spreadsheet sorts: "2026-03-27 14:05:09", in England's time."""
    return at.replace(tzinfo=UTC).astimezone(ENGLAND).strftime("%Y-%m-%d %H:%M:%S")


def events_csv(chosen: AuditFilter) -> str:
    """Every event the filter selects, newest first, as CSV (cells a spreadsheet would run are made text)."""
    rows = ([_uk_time(event.at), event.user.name if event.user else "Someone not signed in",
             event.user.email if event.user else "", event.case.reference if event.case else "", event.action,
             event.what, event.detail]
            for event in db.session.scalars(_newest_first(_selected(chosen))))
    return csv_text(CSV_HEADINGS, rows)
