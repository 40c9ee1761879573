"""After the appeal: how it ended, the Tribunal's decision per issue, the steps the authority must then take (and
those of a mediation agreement), recommendations, challenges, spend and the placement before and after
(send-tribunal.md §10.1). Money is kept in whole pounds: the reports sum it, nobody invoices from it."""
import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .audit import utc_now
from .cases import Case
from .mediation import Mediation


def _enum(kind):
    return Enum(kind, native_enum=False, length=30)


class Ending(enum.StrEnum):
    """How the appeal ended, in the Ministry of Justice's categories."""
    withdrawn = "withdrawn"
    conceded_before_response = "conceded_before_response"  # reg 45 notice
    conceded_after_response = "conceded_after_response"  # consent order (SEND46)
    settled_at_mediation = "settled_at_mediation"
    decided_at_hearing = "decided_at_hearing"
    decided_on_papers = "decided_on_papers"
    struck_out = "struck_out"


ENDING_LABELS = {
    Ending.withdrawn: "Withdrawn",
    Ending.conceded_before_response: "Conceded before the response (reg 45 notice)",
    Ending.conceded_after_response: "Conceded after the response (consent order)",
    Ending.settled_at_mediation: "Settled at or after mediation",
    Ending.decided_at_hearing: "Decided at a hearing",
    Ending.decided_on_papers: "Decided on the papers",
    Ending.struck_out: "Struck out",
}
DECIDED = (Ending.decided_at_hearing, Ending.decided_on_papers)
CONCEDED = (Ending.conceded_before_response, Ending.conceded_after_response)


class Outcome(db.Model):
    """How one appeal ended and, when decided, the decision's dates and the judge's remarks on practice."""
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), unique=True)
    ending: Mapped[Ending] = mapped_column(_enum(Ending))
    ended_on: Mapped[date]
    hearing_on: Mapped[date | None]
    decision_on: Mapped[date | None]
    sent_on: Mapped[date | None]  # the day the decision was sent: the reg 44 periods run from it
    remarks: Mapped[str] = mapped_column(Text, default="")  # the judge's remarks on the authority's practice
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    case: Mapped[Case] = relationship()
    issues: Mapped[list["IssueOutcome"]] = relationship(back_populates="outcome", cascade="all, delete-orphan",
                                                        order_by="IssueOutcome.id")


class IssueResult(enum.StrEnum):
    allowed = "allowed"
    allowed_in_part = "allowed_in_part"
    dismissed = "dismissed"
    agreed = "agreed"  # agreed before the decision


RESULT_LABELS = {IssueResult.allowed: "Allowed", IssueResult.allowed_in_part: "Allowed in part",
                 IssueResult.dismissed: "Dismissed (authority upheld)",
                 IssueResult.agreed: "Agreed before the decision"}

# The issues an appeal can raise (send-tribunal.md §5.1, §3.7).
ISSUES = {
    "assess": "Refusal to assess or reassess",
    "issue_plan": "Refusal to issue an EHC plan",
    "section_b": "Section B (special educational needs)",
    "section_f": "Section F (special educational provision)",
    "section_i": "Section I (placement)",
    "refusal_to_amend": "Refusal to amend",
    "cease": "Cease to maintain",
    "health_social_care": "Health and social care (C, D, G, H1, H2; extended appeal)",
}

PLACEMENT_NAMED = {"parent": "The parent's or young person's preference", "authority": "The authority's",
                   "other": "Another placement"}


class IssueOutcome(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcome.id", ondelete="CASCADE"), index=True)
    issue: Mapped[str] = mapped_column(String(30))
    result: Mapped[IssueResult] = mapped_column(_enum(IssueResult))
    placement_named: Mapped[str] = mapped_column(String(20), default="")  # Section I only: PLACEMENT_NAMED key

    outcome: Mapped[Outcome] = relationship(back_populates="issues")


class StepSource(enum.StrEnum):
    order = "order"  # reg 44, from the day the decision was sent
    unopposed = "unopposed"  # reg 45, from the authority's notice
    agreement = "agreement"  # reg 42, from the mediation agreement
    consent = "consent"  # a consent order: reg 44 periods unless shorter ones were agreed


SOURCE_LABELS = {StepSource.order: "Tribunal order (reg 44)", StepSource.unopposed: "Unopposed appeal (reg 45)",
                 StepSource.agreement: "Mediation agreement (reg 42)", StepSource.consent: "Consent order"}


class ComplianceStep(db.Model):
    """One thing the authority must do by a date after an order, a reg 45 notice, a consent order or a mediation
    agreement, and what happened."""
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    mediation_id: Mapped[int | None] = mapped_column(ForeignKey("mediation.id"), index=True)
    source: Mapped[StepSource] = mapped_column(_enum(StepSource))
    kinds: Mapped[str] = mapped_column(String(120), default="")  # order kinds it comes from, comma-separated
    act: Mapped[str] = mapped_column(String(300))
    started_on: Mapped[date]
    due_date: Mapped[date] = mapped_column(index=True)
    explanation: Mapped[str] = mapped_column(Text)
    written_record: Mapped[str] = mapped_column(Text, default="")  # another timescale agreed in writing
    done_on: Mapped[date | None]
    evidence_note: Mapped[str] = mapped_column(Text, default="")
    exception_reason: Mapped[str] = mapped_column(Text, default="")  # reg 44(3)
    amends_plan: Mapped[bool] = mapped_column(default=False)  # an amended B/F: record when provision was in place
    provision_in_place_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    case: Mapped[Case] = relationship()
    mediation: Mapped[Mediation | None] = relationship()

    def days_late(self, today: date) -> int:
        """Days after the due date it was done, or (still open) it has been overdue; 0 when on time."""
        return max(0, ((self.done_on or today) - self.due_date).days)


class Recommendation(db.Model):
    """A health or social care recommendation in an extended appeal; the body answers within 5 weeks."""
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    body: Mapped[str] = mapped_column(String(20))  # health or social_care
    text: Mapped[str] = mapped_column(Text)
    sent_on: Mapped[date]
    due_date: Mapped[date]
    explanation: Mapped[str] = mapped_column(Text)
    response_on: Mapped[date | None]
    response: Mapped[str] = mapped_column(Text, default="")
    followed: Mapped[str] = mapped_column(String(10), default="")  # yes, partly, no; empty until answered

    case: Mapped[Case] = relationship()


CHALLENGES = {"review": "Review", "set_aside": "Set aside", "permission_ftt": "Permission to appeal (First-tier)",
              "permission_ut": "Permission to appeal (Upper Tribunal)"}


class Challenge(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    applicant: Mapped[str] = mapped_column(String(20))  # authority or appellant
    applied_on: Mapped[date]
    refusal_sent_on: Mapped[date | None]  # the First-tier refusal an Upper Tribunal application follows
    due_date: Mapped[date | None]
    result: Mapped[str] = mapped_column(String(20), default="pending")  # pending, granted, refused, withdrawn
    result_on: Mapped[date | None]

    case: Mapped[Case] = relationship()


SPEND_KINDS = {"counsel": "Counsel", "solicitor": "External solicitors", "expert": "Experts",
               "officer_hours": "Officer time", "costs_order": "Costs ordered against the authority"}


class Spend(db.Model):
    """The authority's own spend on a case, or a costs order (HESC r.10) against it."""
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(default=0)  # pounds
    hours: Mapped[float] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(String(200), default="")

    case: Mapped[Case] = relationship()


PLACEMENT_TYPES = {
    "mainstream": "Mainstream", "resourced": "Resourced provision", "maintained_special": "Maintained special",
    "academy_special": "Academy special", "non_maintained_special": "Non-maintained special",
    "independent_special": "Independent special", "other_independent": "Other independent",
    "college": "College", "eotas": "Education otherwise than at school", "none": "None",
}


class Placement(db.Model):
    """Where the child was before the appeal and where they are after it."""
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    stage: Mapped[str] = mapped_column(String(10))  # before or after
    kind: Mapped[str] = mapped_column(String(30))
    residential: Mapped[bool] = mapped_column(default=False)
    annual_cost: Mapped[int] = mapped_column(default=0)  # pounds
    transport_cost: Mapped[int] = mapped_column(default=0)

    case: Mapped[Case] = relationship()


class DigestSent(db.Model):
    """The daily e-mail went to this person on this day: never twice."""
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    day: Mapped[date]
    items: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime] = mapped_column(default=utc_now)

    __table_args__ = (db.UniqueConstraint("user_id", "day"),)
