"""The statement of case: drafts, their saved versions, legal services' comments, and the approved text."""
from datetime import date, datetime

from sqlalchemy import JSON, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import LabelledEnum
from ..extensions import db
from .audit import utc_now
from .cases import Case
from .people import User


class StatementState(LabelledEnum):
    draft = "draft", "Draft"
    with_legal = "with_legal", "With legal services"
    changes_requested = "changes_requested", "Changes requested"
    approved = "approved", "Approved"


class StatementOfCase(db.Model):
    """One statement for a case. Once approved it is locked; the next draft is a new row that starts from it."""
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    state: Mapped[StatementState] = mapped_column(
        Enum(StatementState, native_enum=False, length=30), default=StatementState.draft)
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("statement_of_case.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    sent_to_legal_at: Mapped[datetime | None]  # the last time it was sent to legal services
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # The bundle version whose page numbers the approved text was checked against.
    approved_bundle_version: Mapped[int | None]
    # The authority's position (drafting.position): opposes, opposes_in_part (with the issues conceded, one a
    # line) or does_not_oppose, when the document is a reg 45 notice instead of a response.
    position: Mapped[str] = mapped_column(String(30), default="opposes")
    conceded: Mapped[str] = mapped_column(Text, default="")
    # Who signs for the authority: someone on the administrators' list of authorised signatories.
    signatory_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # The optional paragraph saying the authority is content with a decision without a hearing (HESC r.21(3)).
    paper_decision: Mapped[bool] = mapped_column(default=False)
    # Filing: the day it went to the Tribunal, who recorded it.
    filed_on: Mapped[date | None]
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # The PDF as filed, kept in the evidence store under this hash: the bundle holds exactly these bytes.
    filed_sha256: Mapped[str | None] = mapped_column(String(64))

    case: Mapped[Case] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    filed_by: Mapped[User | None] = relationship(foreign_keys=[filed_by_id])
    signatory: Mapped[User | None] = relationship(foreign_keys=[signatory_id])
    versions: Mapped[list["StatementVersion"]] = relationship(
        back_populates="statement", order_by="StatementVersion.number", cascade="all, delete-orphan")
    comments: Mapped[list["ReviewComment"]] = relationship(
        back_populates="statement", order_by="ReviewComment.id", cascade="all, delete-orphan")

    @property
    def latest(self) -> "StatementVersion":
        return self.versions[-1]

    @property
    def locked(self) -> bool:
        return self.state == StatementState.approved

    @property
    def filed(self) -> bool:
        return self.filed_sha256 is not None

    @property
    def is_notice(self) -> bool:
        """Not opposing is a notice under reg 45, not a response."""
        return self.position == "does_not_oppose"


class StatementVersion(db.Model):
    """The text of every part, as saved once. Versions are only added."""
    __table_args__ = (UniqueConstraint("statement_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement_of_case.id"), index=True)
    number: Mapped[int]
    parts: Mapped[dict] = mapped_column(JSON)  # part key -> light-markup text
    note: Mapped[str] = mapped_column(String(200), default="")
    saved_at: Mapped[datetime] = mapped_column(default=utc_now)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # A version of part edits takes its author's further part edits until this time (one sitting); None once the
    # sitting is over: it was sent to legal services, commented on or downloaded, or it is not a version of edits.
    open_until: Mapped[datetime | None]

    statement: Mapped[StatementOfCase] = relationship(back_populates="versions")
    saved_by: Mapped[User | None] = relationship()


class ReviewComment(db.Model):
    """A reviewer's comment on one part, answered or resolved by the writer."""
    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement_of_case.id"), index=True)
    part_key: Mapped[str] = mapped_column(String(40))
    version_number: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    resolved_at: Mapped[datetime | None]

    statement: Mapped[StatementOfCase] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None


class StatementTemplateOverride(db.Model):
    """The administrators' statement template, kept as a history: the newest row is used; no row, or an empty
    source, means the default in bundler/rules/statement_template.md.j2."""
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(default=utc_now)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
