"""Administration: people, their roles, and the teams that decide which cases they see."""
from flask import Blueprint, render_template
from sqlalchemy import select

from ...extensions import db
from ...models import Role, Team, User
from ..access import roles_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@roles_required(Role.administrator)
def administrators_only():
    """Every page here is for administrators."""


@bp.get("/")
def index():
    users = db.session.scalars(select(User).order_by(User.name))
    teams = db.session.scalars(select(Team).order_by(Team.name))
    return render_template("admin/index.html", users=list(users), teams=list(teams))
