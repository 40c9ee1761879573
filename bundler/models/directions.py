"""Directions (the tribunal's deadlines on a case) with their history, calendar feed tokens, and local holidays."""
import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..tokens import new_token, token_hash
from .audit import utc_now
from .cases import Case
from .people import User


class DirectionStatus(enum.StrEnum):
    open = "open"
    done = "done"
    missed = "missed"


class Direction(db.Model):
    """One act the authority must do by a date: from the standard timetable, or typed in from a direction. (What an
    order, a reg 45 notice or a mediation agreement then requires is a `ComplianceStep`.)"""
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    # Where it came from: "standard:<entry key>" or "manual"; "order:<kind>" on rows made before an order's steps
    # became compliance steps.
    source: Mapped[str] = mapped_column(String(60), default="manual")
    # The rule that gave the date ("30 SEN working days after the registration"); empty for a fixed date.
    rule: Mapped[str] = mapped_column(String(200), default="")
    due_date: Mapped[date] = mapped_column(index=True)
    explanation: Mapped[str] = mapped_column(Text)
    flag: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str] = mapped_column(Text, default="")  # how the date was worked out: the basis behind it
    responsible_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    status: Mapped[DirectionStatus] = mapped_column(
        Enum(DirectionStatus, native_enum=False, length=10), default=DirectionStatus.open)
    done_on: Mapped[date | None]
    evidence_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    case: Mapped[Case] = relationship()
    responsible: Mapped[User | None] = relationship()
    events: Mapped[list["DirectionEvent"]] = relationship(
        back_populates="direction", order_by="DirectionEvent.at", cascade="all, delete-orphan")

    @property
    def is_fixed(self) -> bool:
        return not self.rule


class DirectionEvent(db.Model):
    """The history of a direction: created, confirmed, date changed, done, missed, reopened."""
    id: Mapped[int] = mapped_column(primary_key=True)
    direction_id: Mapped[int] = mapped_column(ForeignKey("direction.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utc_now)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")

    direction: Mapped[Direction] = relationship(back_populates="events")
    user: Mapped[User | None] = relationship()


class CalendarToken(db.Model):
    """An iCalendar feed address: the user's deadlines across their cases, or one case's. Only a hash is kept."""
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
    case: Mapped[Case | None] = relationship()

    @classmethod
    def issue(cls, user: User, case: Case | None = None) -> tuple["CalendarToken", str]:
        """A new token and its secret, which is shown once and never stored."""
        raw, digest = new_token()
        token = cls(token_hash=digest, user=user, case=case)
        db.session.add(token)
        return token, raw

    @classmethod
    def find_active(cls, raw: str) -> "CalendarToken | None":
        return db.session.scalar(select(cls).where(cls.token_hash == token_hash(raw), cls.revoked_at.is_(None)))


class HolidayOverride(db.Model):
    """A day off that the bank holiday library does not know, such as a one-off bank holiday."""
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(120))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
