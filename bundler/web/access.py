"""Who may see and do what. Every route that touches a case goes through here.

A user sees only the cases on their teams (administrators see all). A case outside them is a 404, so its existence
is not revealed; a case the user can see but whose page their role may not use is a 403.
"""
from functools import wraps

from flask import abort, current_app
from flask_login import current_user

from ..extensions import db
from ..models import AuditEvent, Case, Role


def require_login():
    if not current_user.is_authenticated:
        abort(current_app.login_manager.unauthorized())


def roles_required(*roles: Role):
    """Let in signed-in users with one of `roles` (any role when none are given); others get 403."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            require_login()
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def can_see_case(user, case: Case) -> bool:
    return user.is_administrator or case.team_id in user.team_ids


def case_for_user(case_id: int, roles=None) -> Case:
    """The case, if the current user may see it (404 otherwise) and their role is in `roles` (403 otherwise)."""
    require_login()
    case = db.session.get(Case, case_id)
    if case is None or not can_see_case(current_user, case):
        abort(404)
    if current_user.role == Role.send_manager or (roles and current_user.role not in roles):
        abort(403)  # a SEND manager sees the reports, never a child's case or documents
    return case


def audit(action: str, case: Case | None = None, obj=None, detail: str = "") -> AuditEvent:
    """Record that the current user did `action` (to `obj`, on `case`), and commit the session with it."""
    event = AuditEvent.of(action, user=current_user if current_user.is_authenticated else None, case=case, obj=obj,
                          detail=detail)
    db.session.add(event)
    db.session.commit()
    return event
