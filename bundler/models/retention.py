"""How long a closed case's documents are kept, and the record of each destruction: counts, never names."""
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .audit import utc_now
from .people import User

# From what the review date is counted: the day the case was closed, or a birthday of the child or young person
# (for example 6 years after they turn 25), whichever comes later, never before the case was closed.
RETENTION_BASES = {"closed": "the day the case was closed", "birthday": "the child's or young person's birthday"}


class RetentionPolicy(db.Model):
    """The authority's rule, set by an administrator; one row, the latest wins."""
    id: Mapped[int] = mapped_column(primary_key=True)
    basis: Mapped[str] = mapped_column(String(20), default="birthday")
    age: Mapped[int] = mapped_column(default=25)  # the birthday counted from, when the basis is "birthday"
    years: Mapped[int] = mapped_column(default=6)
    changed_at: Mapped[datetime] = mapped_column(default=utc_now)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    @property
    def described(self) -> str:
        if self.basis == "closed":
            return f"{self.years} years after the case was closed"
        return f"{self.years} years after the child or young person turns {self.age}, and not before the case closed"


class DocumentDestruction(db.Model):
    """What was destroyed on a case, when and by whom, kept without personal data: counts by kind, the rule
    applied and the review date, against the tribunal's reference."""
    id: Mapped[int] = mapped_column(primary_key=True)
    case_reference: Mapped[str] = mapped_column(String(20), index=True)
    destroyed_at: Mapped[datetime] = mapped_column(default=utc_now)
    destroyed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    policy: Mapped[str] = mapped_column(Text)
    review_date: Mapped[date | None]
    counts: Mapped[dict] = mapped_column(JSON)  # kind in words -> how many, e.g. {"evidence documents": 12}

    destroyed_by: Mapped[User | None] = relationship()
