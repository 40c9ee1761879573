"""Adding and changing people and teams. Returns error messages by field rather than raising, for the forms."""
from sqlalchemy import select

from ..extensions import db
from ..models import Role, Team, User
from ..models.people import normalise_email


def all_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.name)))


def all_teams() -> list[Team]:
    return list(db.session.scalars(select(Team).order_by(Team.name)))


def teams_by_id(ids) -> list[Team]:
    return list(db.session.scalars(select(Team).where(Team.id.in_(ids)).order_by(Team.name))) if ids else []


def users_by_id(ids) -> list[User]:
    return list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.name))) if ids else []


def user_problems(user: User | None, email: str, role: Role, active: bool, acting: User) -> dict:
    """What is wrong with saving these details, as {field: message}; empty when they can be saved."""
    problems = {}
    same_email = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if same_email is not None and same_email is not user:
        problems["email"] = "Someone already has this email address. Enter a different one, or change that person"
    if user is not None and user.id == acting.id and (role != Role.administrator or not active):
        problems["role"] = ("You cannot remove your own administrator role or deactivate yourself. "
                            "Ask another administrator to do it")
    return problems


def save_user(user: User, *, name: str, email: str, role: Role, active: bool, teams: list[Team],
              job_title: str | None = None, authorised_signatory: bool | None = None) -> list[str]:
    """Apply the details to `user`; return what changed, in words for the audit log. A new person has no password
    until they choose one from their invitation: an administrator never sets it. `job_title` and
    `authorised_signatory` are left as they are when None."""
    job_title = (user.job_title or "") if job_title is None else job_title.strip()
    signatory = bool(user.authorised_signatory) if authorised_signatory is None else authorised_signatory
    changes = [label for label, old, new in (
        ("name", user.name, name), ("email", user.email, normalise_email(email)), ("role", user.role, role),
        ("active", user.active, active), ("teams", set(user.teams), set(teams)),
        ("job title", user.job_title or "", job_title),
        ("authorised signatory", bool(user.authorised_signatory), signatory)) if old != new]
    user.name, user.email, user.role, user.active, user.teams = name, normalise_email(email), role, active, teams
    user.job_title, user.authorised_signatory = job_title, signatory
    user.password_hash = user.password_hash or ""
    return changes


def team_name_taken(name: str, team: Team | None) -> bool:
    other = db.session.scalar(select(Team).where(Team.name == name.strip()))
    return other is not None and other is not team


def authorised_signatories() -> list[User]:
    """The administrators' list of officers who may sign the authority's responses."""
    return list(db.session.scalars(select(User).where(User.authorised_signatory.is_(True), User.active.is_(True))
                                   .order_by(User.name)))
