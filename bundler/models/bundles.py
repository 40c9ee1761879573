"""Bundle versions: every build is kept, numbered, with who built it, from which documents, and its report."""
import json
from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .audit import utc_now
from .cases import Case
from .jobs import Job, JobState
from .people import User

VERSION_STATES = {JobState.queued: "building", JobState.running: "building",
                  JobState.done: "built", JobState.failed: "failed"}


class BundleVersion(db.Model):
    __table_args__ = (UniqueConstraint("case_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    number: Mapped[int]
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id"))
    built_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    bundle_date: Mapped[date]
    file_name: Mapped[str] = mapped_column(String(255))
    page_count: Mapped[int | None]
    size: Mapped[int | None] = mapped_column(BigInteger)  # bytes of the built PDF
    report_json: Mapped[str] = mapped_column(Text, default="")
    issued_on: Mapped[date | None]
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # Built after an earlier version was issued: "supplement" (the issued bundle unchanged, late evidence after
    # it, numbered on) or "reissue" (rebuilt whole; pages may move). Empty before anything was issued.
    late_choice: Mapped[str] = mapped_column(String(20), default="")
    direction_date: Mapped[date | None]  # the direction admitting the late evidence
    base_version_id: Mapped[int | None] = mapped_column(ForeignKey("bundle_version.id"))

    case: Mapped[Case] = relationship()
    job: Mapped[Job | None] = relationship()
    built_by: Mapped[User | None] = relationship(foreign_keys=[built_by_id])
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])
    base_version: Mapped["BundleVersion | None"] = relationship(remote_side=[id])
    documents: Mapped[list["BundleVersionDocument"]] = relationship(
        back_populates="version", order_by="BundleVersionDocument.order", cascade="all, delete-orphan")

    @property
    def state(self) -> str:
        """building, built or failed: follows the build job, so a build killed with the server reads failed."""
        return VERSION_STATES[self.job.state] if self.job is not None else "failed"

    @property
    def report(self) -> dict:
        return json.loads(self.report_json) if self.report_json else {}

    @property
    def warnings(self) -> list[str]:
        return self.report.get("warnings", [])

    @property
    def checks(self) -> list[dict]:
        """The `bundler check` rules run on the built file: rule, passed, detail."""
        return self.report.get("checks", [])

    @property
    def passes_checks(self) -> bool:
        return bool(self.checks) and all(check["passed"] for check in self.checks)


class BundleVersionDocument(db.Model):
    """One document as it went into a version: the title then, and where it landed.

    `entry_id` is the manifest entry's id: a Document's id, or another key for generated documents."""
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("bundle_version.id"), index=True)
    entry_id: Mapped[str] = mapped_column(String(60))
    order: Mapped[int]
    section: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    first_page: Mapped[int | None]
    last_page: Mapped[int | None]

    version: Mapped[BundleVersion] = relationship(back_populates="documents")
