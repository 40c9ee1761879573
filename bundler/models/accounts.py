"""What lets a person into their account besides a password: one-time links to set it, and two-factor recovery codes."""
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import LabelledEnum
from ..extensions import db
from .audit import utc_now
from .people import User


class AccountLinkPurpose(LabelledEnum):
    invitation = "invitation", "Invitation"
    reset = "reset", "Password reset"


class AccountLink(db.Model):
    """A one-time link that lets a person set their password: an invitation, or a reset. Only its hash is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[AccountLinkPurpose] = mapped_column(Enum(AccountLinkPurpose, native_enum=False, length=20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()
    user: Mapped[User] = relationship()


class RecoveryCode(db.Model):
    """A two-factor recovery code: shown once, kept hashed, each usable once."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column()
