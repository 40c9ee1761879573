"""The EHC plan held as data, and the working document the parties mark up: its numbered versions and the
proposals on each item of the plan."""
from datetime import date, datetime

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .audit import utc_now
from .cases import Case
from .evidence import Document
from .people import User

PLAN_STATUSES = ("draft", "final", "amended")
PROPOSAL_STATUSES = ("proposed", "agreed", "withdrawn", "disputed", "decided")
PARTIES = ("la", "appellant")
PARTY_LABELS = {"la": "Local authority", "appellant": "Appellant"}


class EhcPlan(db.Model):
    """One version of a case's plan, imported from an evidence document (unconfirmed until the officer confirms
    the import) or made by applying the Tribunal's decision (status amended)."""
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    version: Mapped[str] = mapped_column(String(60), default="")
    issued: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="final")
    source_document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))
    # Each section in the plan's order: {"code", "title", "columns"} (columns: the provision table's fields).
    sections: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    confirmed_at: Mapped[datetime | None]
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    case: Mapped[Case] = relationship()
    source_document: Mapped[Document | None] = relationship()
    items: Mapped[list["EhcPlanItem"]] = relationship(back_populates="plan", order_by="EhcPlanItem.position",
                                                      cascade="all, delete-orphan")
    links: Mapped[list["PlanLink"]] = relationship(back_populates="plan", cascade="all, delete-orphan")

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class EhcPlanItem(db.Model):
    """A numbered item with a stable key (`B-CI-03`, `F-07`): free text, or a Section F provision row."""
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("ehc_plan.id"), index=True)
    section: Mapped[str] = mapped_column(String(4))
    key: Mapped[str] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(20))
    position: Mapped[int]
    heading: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="")
    provision: Mapped[dict | None] = mapped_column(JSON)  # the provision fields, for a structured row

    plan: Mapped[EhcPlan] = relationship(back_populates="items")


class PlanLink(db.Model):
    """A B need met by a F provision, as the officer confirmed it (for free-text plans)."""
    __table_args__ = (UniqueConstraint("plan_id", "need_key", "provision_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("ehc_plan.id"), index=True)
    need_key: Mapped[str] = mapped_column(String(40))
    provision_key: Mapped[str] = mapped_column(String(40))
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    confirmed_at: Mapped[datetime] = mapped_column(default=utc_now)

    plan: Mapped[EhcPlan] = relationship(back_populates="links")


class WorkingDocument(db.Model):
    """The working document for a case: the sections in dispute of one plan."""
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True, unique=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("ehc_plan.id"))
    sections: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    decided_at: Mapped[datetime | None]
    amended_plan_id: Mapped[int | None] = mapped_column(ForeignKey("ehc_plan.id"))

    case: Mapped[Case] = relationship()
    plan: Mapped[EhcPlan] = relationship(foreign_keys=[plan_id])
    amended_plan: Mapped[EhcPlan | None] = relationship(foreign_keys=[amended_plan_id])
    versions: Mapped[list["WorkingDocumentVersion"]] = relationship(
        back_populates="working_document", order_by="WorkingDocumentVersion.number", cascade="all, delete-orphan")
    proposals: Mapped[list["Proposal"]] = relationship(back_populates="working_document", order_by="Proposal.id",
                                                       cascade="all, delete-orphan")

    @property
    def latest(self) -> "WorkingDocumentVersion | None":
        return self.versions[-1] if self.versions else None

    @property
    def final_version(self) -> "WorkingDocumentVersion | None":
        return next((version for version in reversed(self.versions) if version.final), None)


class WorkingDocumentVersion(db.Model):
    """Version N: written by the authority or received from the appellant, kept as the file that was sent.

    `snapshot` is every proposal as it stood in this version, so the version can be written again (for the bundle,
    with its footnotes resolved against that build) and compared with the next."""
    __table_args__ = (UniqueConstraint("working_document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    working_document_id: Mapped[int] = mapped_column(ForeignKey("working_document.id"), index=True)
    number: Mapped[int]
    sent_by: Mapped[str] = mapped_column(String(20))  # la or appellant
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    snapshot: Mapped[list] = mapped_column(JSON, default=list)
    changes: Mapped[list] = mapped_column(JSON, default=list)  # what a received version changed, per item
    page_count: Mapped[int | None]
    page_message: Mapped[str] = mapped_column(Text, default="")
    page_check_job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id"))
    sent_at: Mapped[datetime | None]  # an authority version marked ready and sent
    check_override_reason: Mapped[str] = mapped_column(Text, default="")
    final: Mapped[bool] = mapped_column(default=False)  # the agreed final version, for section C of the bundle

    working_document: Mapped[WorkingDocument] = relationship(back_populates="versions")
    created_by: Mapped[User | None] = relationship()
    page_check_job = relationship("Job")


proposal_evidence = Table(
    "proposal_evidence",
    db.metadata,
    Column("proposal_id", ForeignKey("proposal.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", ForeignKey("document.id", ondelete="CASCADE"), primary_key=True),
)


class Proposal(db.Model):
    """A change to one field of an item: insert (start == end), delete (text "") or replace [start, end)."""
    id: Mapped[int] = mapped_column(primary_key=True)
    working_document_id: Mapped[int] = mapped_column(ForeignKey("working_document.id"), index=True)
    item_key: Mapped[str] = mapped_column(String(40))
    field: Mapped[str] = mapped_column(String(30), default="text")
    start: Mapped[int]
    end: Mapped[int]
    text: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    decided_for: Mapped[str | None] = mapped_column(String(20))
    first_version: Mapped[int | None]  # the version it first appeared in (None: not yet sent)
    # Marked agreed in the other side's returned file: the officer accepts it or undoes it, never silently.
    pending_agreement_version: Mapped[int | None]
    counter_to_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    working_document: Mapped[WorkingDocument] = relationship(back_populates="proposals")
    evidence: Mapped[list[Document]] = relationship(secondary=proposal_evidence, order_by=Document.id)
