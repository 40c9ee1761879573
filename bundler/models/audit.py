"""The audit log: who viewed, downloaded, uploaded, changed or built what, and when. Rows are only added.
Destroying a case's documents blanks the details of its rows, which can hold file names, and keeps the rest."""
import re
from datetime import UTC, datetime

from sqlalchemy import ForeignKey, String, Text
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
    # What was touched, in words, as it was then ("Bundle version 3 of EH999/25/00001"): kept when the object is gone.
    object_label: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User | None] = relationship()
    case: Mapped["Case | None"] = relationship()  # noqa: F821  (cases.py imports this module)

    @property
    def what(self) -> str:
        """What was touched: the label recorded with the event, or its kind and id for events from before labels."""
        if self.object_label:
            return self.object_label
        return f"{self.object_type} {self.object_id}" if self.object_type else ""

    @classmethod
    def of(cls, action: str, *, user=None, case=None, obj=None, detail: str = "") -> "AuditEvent":
        """The event of `user` doing `action` to `obj` on `case`, with what was touched named in words."""
        if obj is not None and obj.id is None:
            db.session.flush()  # a new object is named by its number or id
        return cls(user_id=user.id if user is not None else None, case_id=case.id if case is not None else None,
                   action=action, object_type=type(obj).__name__ if obj is not None else None,
                   object_id=str(obj.id) if obj is not None and obj.id is not None else None,
                   object_label=object_label(obj, case), detail=detail)


# Class names whose words do not come out right from splitting the name.
OBJECT_WORDS = {"EhcPlan": "EHC plan", "EhcPlanItem": "EHC plan item", "AccountLink": "account link"}


def object_label(obj, case=None) -> str:
    """`obj` in words: a model's own `audit_name` where it has one ("Case EH999/25/00001", "Team North"), else its
    kind and number or id ("Bundle version 3", "Document 12"), then "of" the case's reference."""
    if obj is None:
        return ""
    label = getattr(obj, "audit_name", None)
    if label is None:
        kind = type(obj).__name__
        words = OBJECT_WORDS.get(kind) or re.sub(r"(?<!^)(?=[A-Z])", " ", kind).capitalize()
        number = getattr(obj, "number", None)
        label = f"{words[0].upper()}{words[1:]} {number if number is not None else obj.id}"
    reference = case.reference if case is not None else None
    if reference and reference not in label:
        label += f" of {reference}"
    return label[:200]
