"""Background jobs (conversions, previews, bundle builds) as rows, so any page can show their progress."""
import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .audit import utc_now


class JobState(enum.StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"

    @property
    def finished(self) -> bool:
        return self in (JobState.done, JobState.failed)


class Job(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    state: Mapped[JobState] = mapped_column(
        Enum(JobState, native_enum=False, length=20), default=JobState.queued, index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"), index=True)
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    args: Mapped[str] = mapped_column(Text, default="[]")  # the function's arguments, as JSON
    attempts: Mapped[int] = mapped_column(default=0)  # runs started, counting any a dead worker left unfinished
    # host:pid of the worker process running it, for an operator reading the logs.
    worker: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    started_at: Mapped[datetime | None]
    # Renewed while it runs: a running job whose heartbeat stopped lost its worker; while queued, when it was last
    # sent to the queue (see bundler.jobs).
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    @property
    def percent(self) -> int:
        if self.state == JobState.done:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
