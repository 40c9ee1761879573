"""Evidence on a case: documents (each an unchanged original plus its converted PDF) and requests for evidence."""
import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint
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


OCR_STATES = {
    "": "Not checked yet",
    "not_needed": "Text on every page",
    "done": "Scanned pages made searchable (OCR)",
    "declined": "Not OCR'd, as asked at upload: pages without text stay without",
    "unavailable": "Pages without text: OCR is not installed (apt-get install ocrmypdf tesseract-ocr-eng)",
}


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
        """sent (e-mailed), waiting (the link was made, for the officer to pass on: nothing was e-mailed),
        received, overdue or closed, as the officer sees it."""
        if self.closed_at is not None:
            return "closed"
        if self.documents:
            return "received"
        if today > self.due_date:
            return "overdue"
        return "sent" if self.emailed_at is not None else "waiting"


class Document(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    author: Mapped[str] = mapped_column(String(200), default="")
    # None when the file states no date of its own: the officer is asked, rather than given today's date.
    document_date: Mapped[date | None]
    # Where the date came from when it was read rather than entered (engine.document_date.SOURCES), so the officer
    # can check it; "" once an officer enters or changes it.
    date_source: Mapped[str] = mapped_column(String(20), default="")
    section: Mapped[str] = mapped_column(String(40))
    party: Mapped[Party] = mapped_column(Enum(Party, native_enum=False, length=30))
    position: Mapped[int] = mapped_column(default=0)
    # The bundle is in date order within a section; "keep here" holds a document at its manual position instead,
    # and the reason is printed in the index note.
    keep_position: Mapped[bool] = mapped_column(default=False)
    keep_reason: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(Text, default="")  # what the sender said about the file
    ocr_status: Mapped[str] = mapped_column(String(20), default="")  # one of OCR_STATES' keys
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


class SectionNote(db.Model):
    """The accompanying note for a section over its page limit: the officer's reason, and the SEND7 request."""
    __table_args__ = (UniqueConstraint("case_id", "section"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    section: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text, default="")
    send7_made: Mapped[bool] = mapped_column(default=False)
    send7_date: Mapped[date | None]
