"""Administration: people, their roles, and the teams that decide which cases they see."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ... import dates
from ...extensions import db
from ...models import Case, Role, Team, User
from ...models.accounts import AccountLinkPurpose
from ...models.audit import utc_now
from ...services import accounts, people, retention
from ...services import audit_log as audit_log_service
from ...services.mail import EmailNotSent, email_configured
from ..access import audit, roles_required
from ..forms import options
from .forms import AuditFilterForm, DestroyDocumentsForm, RetentionPolicyForm, TeamForm, UserForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@roles_required(Role.administrator)
def administrators_only():
    """Every page here is for administrators."""


@bp.get("/")
def index():
    return render_template("admin/index.html", users=people.all_users(), teams=people.all_teams())


def _audit_filter() -> tuple[AuditFilterForm, audit_log_service.AuditFilter]:
    form = AuditFilterForm(request.args)
    form.person.choices = options([("", "Anyone")] + [(str(u.id), u.name) for u in audit_log_service.people()])
    form.action.choices = options([("", "Any action")] + [(a, a) for a in audit_log_service.recorded_actions()])
    if not form.validate():
        return form, audit_log_service.AuditFilter(person_id=-1)  # shows nothing until the filter is put right
    if form.case.data and not audit_log_service.case_reference_known(form.case.data):
        form.case.errors.append("No case has this reference. Check it and enter it again")
    return form, audit_log_service.AuditFilter(
        person_id=int(form.person.data) if form.person.data else None, case_reference=form.case.data or "",
        action=form.action.data or "", from_date=form.from_date.data, to_date=form.to_date.data)


@bp.get("/audit")
def audit_log():
    form, chosen = _audit_filter()
    shown = audit_log_service.events_page(chosen, request.args.get("page", 1, type=int))
    person = db.session.get(User, chosen.person_id) if chosen.person_id else None
    return render_template("admin/audit.html", form=form, shown=shown,
                           described=chosen.described(person.name if person else ""),
                           query={k: request.args.getlist(k) for k in request.args if k != "page"})


@bp.get("/audit.csv")
def audit_log_csv():
    form, chosen = _audit_filter()
    if form.errors:
        flash("Put the filter right before exporting.")
        return redirect(url_for("admin.audit_log", **request.args.to_dict(flat=False)))
    person = db.session.get(User, chosen.person_id) if chosen.person_id else None
    body = audit_log_service.events_csv(chosen)
    audit("exported audit log", detail=chosen.described(person.name if person else ""))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=audit-log-{dates.today().isoformat()}.csv",
        "Cache-Control": "no-store"})


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
        problems = people.user_problems(user, form.email.data, role, form.active.data, current_user)
        for field, message in problems.items():
            getattr(form, field).errors.append(message)
        if not problems:
            is_new = user is None
            user = user or User()
            changes = people.save_user(user, name=form.name.data, email=form.email.data, role=role,
                                       active=form.active.data, teams=people.teams_by_id(form.teams.data),
                                       job_title=form.job_title.data or "",
                                       authorised_signatory=form.authorised_signatory.data)
            db.session.add(user)
            db.session.flush()
            audit("added person" if is_new else "changed person", obj=user, detail=", ".join(changes))
            if is_new:
                return account_link_page(user)
            flash(f"Saved {user.name}.", "success")
            return redirect(url_for("admin.index"))
    return render_template("admin/user.html", form=form, user=user)


@bp.post("/people/<int:user_id>/link")
def send_link(user_id):
    """A new invitation (no password yet) or reset link for this person; any earlier link stops working."""
    return account_link_page(db.session.get(User, user_id) or abort(404))


def account_link_page(user: User):
    """Make the person's link, e-mail it when SMTP is set up, and show it once to copy when it is not (or failed)."""
    purpose = AccountLinkPurpose.reset if user.has_password else AccountLinkPurpose.invitation
    token = accounts.issue_link(user, purpose)
    link = url_for("auth.set_password", purpose=purpose.value, token=token, _external=True)
    problem, emailed = None, False
    try:
        emailed = accounts.send_link(user, link, purpose)
    except EmailNotSent as failure:
        problem = str(failure)
    audit("sent " + purpose.label.lower() + " link", obj=user, detail="emailed" if emailed else "shown to copy")
    return render_template("admin/account_link.html", user=user, purpose=purpose, link=None if emailed else link,
                           emailed=emailed, problem=problem, email_configured=email_configured(),
                           expires=utc_now() + accounts.link_lifetime(purpose))


@bp.post("/people/<int:user_id>/two-factor/off")
def turn_off_two_factor(user_id):
    """For someone who lost their authenticator app and their recovery codes; they set it up again."""
    user = db.session.get(User, user_id) or abort(404)
    accounts.turn_off_two_factor(user)
    audit("turned off two-factor sign-in", obj=user)
    flash(f"Two-factor sign-in is off for {user.name}. They set it up again at their next sign-in if it is "
          "required.", "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


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
            team.document_address = form.document_address.data or ""
            db.session.add(team)
            db.session.flush()
            audit("added team" if is_new else "changed team", obj=team,
                  detail="members: " + ", ".join(member.name for member in team.members))
            flash(f"{'Added' if is_new else 'Saved'} team {team.name}.", "success")
            return redirect(url_for("admin.index"))
    return render_template("admin/team.html", form=form, team=team)


@bp.route("/retention", methods=["GET", "POST"])
def retention_policy():
    policy = retention.current_policy()
    form = RetentionPolicyForm(obj=policy)
    if form.validate_on_submit():
        policy = retention.set_policy(form.basis.data, form.age.data, form.years.data, current_user)
        audit("changed retention policy", obj=policy, detail=policy.described)
        flash(f"Retention policy saved: {policy.described}.", "success")
        return redirect(url_for("admin.retention_policy"))
    return render_template("admin/retention.html", form=form, policy=policy, closed=retention.closed_cases(),
                           destructions=retention.destructions(), today=dates.today())


@bp.route("/retention/cases/<int:case_id>/destroy", methods=["GET", "POST"])
def destroy_documents(case_id):
    case = db.session.get(Case, case_id)
    if case is None:
        abort(404)
    form = DestroyDocumentsForm()
    review = retention.review_date(case, retention.current_policy())
    if form.validate_on_submit():
        if form.reference.data.upper() != case.reference.upper():
            form.reference.errors.append(f"Type {case.reference} exactly to confirm")
        else:
            try:
                record = retention.destroy_documents(case, current_user, dates.today())
            except retention.RetentionError as exc:
                db.session.rollback()
                form.reference.errors.append(str(exc))
            else:
                audit("destroyed documents", case, obj=record,
                      detail=", ".join(f"{count} {kind}" for kind, count in record.counts.items()))
                flash(f"The documents of case {record.case_reference} are destroyed. The record below keeps "
                      "what was destroyed, when and by whom.", "success")
                return redirect(url_for("admin.retention_policy"))
    return render_template("admin/destroy.html", form=form, case=case, review=review, today=dates.today())
