"""A SEND Tribunal appeal as the authority tracks it."""
from datetime import date, datetime

from sqlalchemy import JSON, Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import LabelledEnum
from ..extensions import db
from .audit import utc_now
from .people import Team, User


class CaseStatus(LabelledEnum):
    registered = "registered", "Registered"
    preparing = "preparing", "Preparing response"
    bundle_issued = "bundle_issued", "Bundle issued"
    heard = "heard", "Heard"
    conceded = "conceded", "Conceded"
    withdrawn = "withdrawn", "Withdrawn"


class Case(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    child_name: Mapped[str] = mapped_column(String(120))
    child_dob: Mapped[date]
    school: Mapped[str] = mapped_column(String(200), default="")
    appellant_name: Mapped[str] = mapped_column(String(200))
    representative: Mapped[str] = mapped_column(String(200), default="")
    appeal_type: Mapped[str] = mapped_column(String(40))  # the underlying s.51(2) decision; never "extended"
    # The EHC plan sections in dispute (B, F, I), and the health and social care sections (C, D, G, H1, H2) on
    # which an extended appeal asks for recommendations; no extended sections means the appeal is not extended.
    issues: Mapped[list] = mapped_column(JSON, default=list)
    extended_sections: Mapped[list] = mapped_column(JSON, default=list)
    appellant_kind: Mapped[str] = mapped_column(String(30), default="parent")
    decision_letter_date: Mapped[date | None]
    mediation_certificate_date: Mapped[date | None]
    registration_date: Mapped[date | None]
    hearing_date: Mapped[date | None] = mapped_column(index=True)
    closed_on: Mapped[date | None]  # the appeal and what followed it are over; the retention period runs from here
    documents_destroyed_at: Mapped[datetime | None]  # under the retention policy: the files are gone
    status: Mapped[CaseStatus] = mapped_column(
        Enum(CaseStatus, native_enum=False, length=30), default=CaseStatus.registered)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    team: Mapped[Team] = relationship()
    officer: Mapped[User | None] = relationship()

    @property
    def audit_name(self) -> str:
        return f"Case {self.reference}"

    @property
    def extended(self) -> bool:
        return bool(self.extended_sections)
