"""People: users with one role each, and the teams that give them access to cases."""

from flask_login import UserMixin
from sqlalchemy import Column, Enum, ForeignKey, String, Table, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..enums import LabelledEnum
from ..extensions import db

MIN_PASSWORD = 12  # NCSC guidance: length over complexity


class Role(LabelledEnum):
    send_officer = "send_officer", "SEND officer"
    tribunal_officer = "tribunal_officer", "Tribunal officer"
    legal_reviewer = "legal_reviewer", "Legal reviewer"
    administrator = "administrator", "Administrator"
    send_manager = "send_manager", "SEND manager"  # reports across every team; no case pages, no documents


team_members = Table(
    "team_members",
    db.metadata,
    Column("team_id", ForeignKey("team.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
)


class Team(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    # Where the Tribunal and the other parties send documents for this team's cases (HESC r.21(2)): postal
    # address, e-mail and telephone, as the statement's signature block prints it.
    document_address: Mapped[str] = mapped_column(Text, default="")
    members: Mapped[list["User"]] = relationship(
        secondary=team_members, back_populates="teams", order_by="User.name")

    @property
    def audit_name(self) -> str:
        return f"Team {self.name}"


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))  # empty until the person sets one from their invitation
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=30))
    active: Mapped[bool] = mapped_column(default=True)
    job_title: Mapped[str] = mapped_column(String(120), default="")  # the profession a response states, not the role
    # On the list, kept by administrators, of officers authorised to sign the authority's responses.
    authorised_signatory: Mapped[bool] = mapped_column(default=False)
    daily_digest: Mapped[bool] = mapped_column(default=True)  # the daily e-mail of deadlines; each person can stop it
    teams: Mapped[list[Team]] = relationship(
        secondary=team_members, back_populates="members", order_by=Team.name)
    totp_secret: Mapped[str | None] = mapped_column(String(64))  # set once the person has confirmed a code
    totp_last_step: Mapped[int | None] = mapped_column()  # the last code's time step, so a code works only once

    @property
    def audit_name(self) -> str:
        return f"Account of {self.name}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def team_ids(self) -> set[int]:
        return {team.id for team in self.teams}

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.administrator

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def has_password(self) -> bool:
        return bool(self.password_hash)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))
