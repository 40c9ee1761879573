"""Redactions of a document: the boxes an officer confirmed, and the redacted copy the bundle uses instead of the
document's own PDF. The original upload and its converted PDF stay stored, unchanged."""
import json
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .audit import utc_now
from .evidence import Document
from .jobs import Job, JobState
from .people import User

REDACTION_STATES = {JobState.queued: "redacting", JobState.running: "redacting",
                    JobState.done: "done", JobState.failed: "failed"}


class Redaction(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    # The PDF this was applied to: the document's own, or the previous redaction's result (they add up).
    source_sha256: Mapped[str] = mapped_column(String(64))
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    # [[page, x0, y0, x1, y1], ...]: fractions of the displayed page from its top-left corner.
    boxes_json: Mapped[str] = mapped_column(Text, default="[]")
    # The terms redacted at every occurrence, so the job can prove none is left; [] when only areas were drawn.
    terms_json: Mapped[str] = mapped_column(Text, default="[]")
    match_count: Mapped[int] = mapped_column(default=0)
    area_count: Mapped[int] = mapped_column(default=0)
    preview_pages: Mapped[int] = mapped_column(default=0)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    document: Mapped[Document] = relationship()
    job: Mapped[Job | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def state(self) -> str:
        """redacting, done or failed: follows the job."""
        return REDACTION_STATES[self.job.state] if self.job is not None else "failed"

    @property
    def boxes(self) -> list[list[float]]:
        return json.loads(self.boxes_json)

    @property
    def terms(self) -> list[str]:
        return json.loads(self.terms_json)

    @property
    def pages(self) -> list[int]:
        return sorted({int(box[0]) for box in self.boxes})
