"""Mediation on an appealable decision (SEND Regs 2014 regs 32-42): the notice, the choice, arranging it, the
certificate, and the agreement's actions (which are compliance steps, see `outcomes.ComplianceStep`)."""
import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .audit import utc_now
from .cases import Case
from .people import User


class MediationChoice(enum.StrEnum):
    undecided = "undecided"
    mediate = "mediate"
    decline = "decline"


class MediationOutcome(enum.StrEnum):
    pending = "pending"
    agreed = "agreed"  # everything settled
    agreed_in_part = "agreed_in_part"
    not_agreed = "not_agreed"
    not_held = "not_held"  # the authority could not arrange it within 30 days


# What the reg 32 notice of the decision must tell the parent or young person (send-tribunal.md §3.3).
NOTICE_CHECKLIST = {
    "right_to_mediation": "The right to mediation",
    "certificate_needed": "That a mediation certificate is needed before appealing (unless the appeal is about "
                          "Section I only)",
    "adviser_contact": "The mediation adviser's contact details",
    "timescales": "The timescales (contact the adviser within 2 months of the notice)",
    "tell_authority": "That they must tell the authority if they want mediation, the issues, and any health "
                      "provision they want",
    "authority_contact": "A contact at the authority",
}


class Mediation(db.Model):
    """One appealable decision's mediation record; a later appeal takes its certificate date from it."""
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), unique=True)
    notice_sent_on: Mapped[date | None]
    notice_checks: Mapped[str] = mapped_column(String(200), default="")  # comma-separated NOTICE_CHECKLIST keys
    choice: Mapped[MediationChoice] = mapped_column(
        Enum(MediationChoice, native_enum=False, length=20), default=MediationChoice.undecided)
    adviser_contacted_on: Mapped[date | None]
    declined_on: Mapped[date | None]
    told_on: Mapped[date | None]  # the authority was told the parent or young person wants mediation
    health_in_issue: Mapped[bool] = mapped_column(default=False)
    health_notice_sent_on: Mapped[date | None]
    cannot_arrange_on: Mapped[date | None]  # the authority told the adviser it cannot arrange it in 30 days
    mediation_on: Mapped[date | None]  # the day it was held (and ended)
    attendee_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    attendee_can_settle: Mapped[bool] = mapped_column(default=False)
    outcome: Mapped[MediationOutcome] = mapped_column(
        Enum(MediationOutcome, native_enum=False, length=20), default=MediationOutcome.pending)
    certificate_on: Mapped[date | None]
    agreement_on: Mapped[date | None]  # the written mediation agreement
    issues: Mapped[str] = mapped_column(String(200), default="")  # comma-separated outcomes.ISSUES keys
    position: Mapped[str] = mapped_column(Text, default="")  # the authority's position, for the brief
    room_to_settle: Mapped[str] = mapped_column(Text, default="")
    options: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    case: Mapped[Case] = relationship()
    attendee: Mapped[User | None] = relationship()

    @property
    def issue_keys(self) -> list[str]:
        return [key for key in self.issues.split(",") if key]

    @property
    def checked(self) -> set[str]:
        return {key for key in self.notice_checks.split(",") if key}
