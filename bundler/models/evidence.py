"""Evidence on a case: documents (each an unchanged original plus its converted PDF) and requests for evidence."""
import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import LabelledEnum
from ..extensions import db
from .audit import utc_now
from .cases import Case
from .jobs import Job, JobState
from .people import User


class Party(LabelledEnum):
    local_authority = "local_authority", "Local authority"
    appellant = "appellant", "Appellant"
    joint = "joint", "Both parties"


class Review(enum.StrEnum):
    """Files sent through an evidence request wait for an officer before they join the case."""
    accepted = "accepted"
    pending = "pending"
    rejected = "rejected"


class EvidenceRequest(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    recipient_name: Mapped[str] = mapped_column(String(200))
    recipient_email: Mapped[str] = mapped_column(String(254), default="")
    details: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date]
    section: Mapped[str] = mapped_column(String(40))
    # Only a hash of the link's token is kept: the link itself is shown once, to the officer who made it.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    emailed_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    case: Mapped[Case] = relationship()
    created_by: Mapped[User | None] = relationship()
    documents: Mapped[list["Document"]] = relationship(back_populates="evidence_request", order_by="Document.id")

    def is_open(self, now: datetime) -> bool:
        return self.closed_at is None and now < self.expires_at

    def state(self, today: date) -> str:
        """sent, received, overdue or closed, as the officer sees it."""
        if self.closed_at is not None:
            return "closed"
        if self.documents:
            return "received"
        return "overdue" if today > self.due_date else "sent"


class Document(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    author: Mapped[str] = mapped_column(String(200), default="")
    document_date: Mapped[date]
    section: Mapped[str] = mapped_column(String(40))
    party: Mapped[Party] = mapped_column(Enum(Party, native_enum=False, length=30))
    position: Mapped[int] = mapped_column(default=0)
    original_filename: Mapped[str] = mapped_column(String(255))
    original_sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int]
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    page_count: Mapped[int | None]
    preview_pages: Mapped[int] = mapped_column(default=0)
    conversion_job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id"))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))
    review: Mapped[Review] = mapped_column(Enum(Review, native_enum=False, length=20), default=Review.accepted)
    evidence_request_id: Mapped[int | None] = mapped_column(ForeignKey("evidence_request.id"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utc_now)

    case: Mapped[Case] = relationship()
    conversion_job: Mapped[Job | None] = relationship()
    duplicate_of: Mapped["Document | None"] = relationship(remote_side=[id])
    evidence_request: Mapped[EvidenceRequest | None] = relationship(back_populates="documents")
    uploaded_by: Mapped[User | None] = relationship()

    @property
    def status(self) -> str:
        """converting, ready or failed: whether the PDF for the bundle exists yet."""
        if self.pdf_sha256:
            return "ready"
        if self.conversion_job is not None and self.conversion_job.state == JobState.failed:
            return "failed"
        return "converting"
