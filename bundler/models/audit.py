"""The audit log: who viewed, downloaded, uploaded, changed or built what, and when. Rows are only added."""
from datetime import UTC, datetime

from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .people import User


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class AuditEvent(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utc_now, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str | None] = mapped_column(String(60))
    object_id: Mapped[str | None] = mapped_column(String(60))
    detail: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User | None] = relationship()
    case: Mapped["Case | None"] = relationship()  # noqa: F821  (cases.py imports this module)


def recent_events(limit: int) -> list[AuditEvent]:
    """The latest events across the whole service, newest first."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    return list(db.session.scalars(query))
