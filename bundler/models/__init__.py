"""All models, imported here so Alembic and the app see every table."""
from .audit import AuditEvent
from .cases import Case, CaseStatus
from .directions import CalendarToken, Direction, DirectionEvent, DirectionStatus, HolidayOverride
from .people import Role, Team, User, team_members

__all__ = ["AuditEvent", "Case", "CaseStatus", "Role", "Team", "User", "team_members",
           "CalendarToken", "Direction", "DirectionEvent", "DirectionStatus", "HolidayOverride"]
