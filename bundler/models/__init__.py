"""All models, imported here so Alembic and the app see every table."""
from .audit import AuditEvent
from .cases import Case, CaseStatus
from .people import Role, Team, User, team_members

__all__ = ["AuditEvent", "Case", "CaseStatus", "Role", "Team", "User", "team_members"]
