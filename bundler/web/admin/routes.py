"""Administration: people, their roles, and the teams that decide which cases they see."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...extensions import db
from ...models import Role, Team, User
from ...models.audit import recent_events
from ..access import audit, roles_required
from ..forms import options
from ...services import people
from .forms import TeamForm, UserForm

bp = Blueprint("admin", __name__, url_prefix="/admin")
AUDIT_PAGE_SIZE = 500


@bp.before_request
@roles_required(Role.administrator)
def administrators_only():
    """Every page here is for administrators."""


@bp.get("/")
def index():
    return render_template("admin/index.html", users=people.all_users(), teams=people.all_teams())


@bp.get("/audit")
def audit_log():
    return render_template("admin/audit.html", events=recent_events(AUDIT_PAGE_SIZE))


@bp.route("/people/new", methods=["GET", "POST"])
def new_user():
    return edit_user_page(None)


@bp.route("/people/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id):
    return edit_user_page(db.session.get(User, user_id) or abort(404))


def edit_user_page(user: User | None):
    form = UserForm(obj=user)
    form.teams.choices = options((team.id, team.name) for team in people.all_teams())
    if request.method == "GET" and user is not None:
        form.role.data = user.role.value
        form.teams.data = [team.id for team in user.teams]
    if form.validate_on_submit():
        role = Role(form.role.data)
        problems = people.user_problems(user, form.email.data, role, form.active.data, form.password.data,
                                        current_user)
        for field, message in problems.items():
            getattr(form, field).errors.append(message)
        if not problems:
            is_new = user is None
            user = user or User()
            changes = people.save_user(user, name=form.name.data, email=form.email.data, role=role,
                                       active=form.active.data, teams=people.teams_by_id(form.teams.data),
                                       password=form.password.data, job_title=form.job_title.data or "",
                                       authorised_signatory=form.authorised_signatory.data)
            db.session.add(user)
            db.session.flush()
            audit("added person" if is_new else "changed person", obj=user, detail=", ".join(changes))
            flash(f"{'Added' if is_new else 'Saved'} {user.name}.", "success")
            return redirect(url_for("admin.index"))
    return render_template("admin/user.html", form=form, user=user)


@bp.route("/teams/new", methods=["GET", "POST"])
def new_team():
    return edit_team_page(None)


@bp.route("/teams/<int:team_id>", methods=["GET", "POST"])
def edit_team(team_id):
    return edit_team_page(db.session.get(Team, team_id) or abort(404))


def edit_team_page(team: Team | None):
    form = TeamForm(obj=team)
    form.members.choices = options((user.id, f"{user.name} ({user.role.label})") for user in people.all_users())
    if request.method == "GET" and team is not None:
        form.members.data = [member.id for member in team.members]
    if form.validate_on_submit():
        if people.team_name_taken(form.name.data, team):
            form.name.errors.append("There is already a team with this name. Enter a different name")
        else:
            is_new = team is None
            team = team or Team()
            team.name = form.name.data
            team.members = people.users_by_id(form.members.data)
            team.document_address = (form.document_address.data or "").strip()
            db.session.add(team)
            db.session.flush()
            audit("added team" if is_new else "changed team", obj=team,
                  detail="members: " + ", ".join(member.name for member in team.members))
            flash(f"{'Added' if is_new else 'Saved'} team {team.name}.", "success")
            return redirect(url_for("admin.index"))
    return render_template("admin/team.html", form=form, team=team)
