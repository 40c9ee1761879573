"""Cases: the list with search and filters, the case page, creating and changing a case, and its audit log."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...extensions import db
from ...models import Case, CaseStatus, Role, Team
from ...services import case_overview, cases
from ...services.statements.queue import legal_queue
from ..access import audit, case_for_user, roles_required
from ..forms import options
from .forms import CaseFilterForm, CaseForm
from .summary import case_summary, status_tag

bp = Blueprint("cases", __name__, url_prefix="/cases")


@bp.get("/")
@roles_required()
def index():
    form = CaseFilterForm(request.args)
    officers = cases.officers_of_visible_cases(current_user)
    form.status.choices = options([("", "Any status")] + CaseStatus.choices())
    form.officer.choices = options([("", "Any officer")] + [(str(person.id), person.name) for person in officers])
    form.statement.choices = options(QUEUE_FILTERS)
    queue = {entry.case.id: entry for entry in legal_queue(current_user)}
    queue_shown = current_user.role == Role.legal_reviewer
    filters = cases.CaseFilters()
    if form.validate():
        filters = cases.CaseFilters(
            text=form.q.data or "",
            status=CaseStatus(form.status.data) if form.status.data else None,
            officer_id=int(form.officer.data) if form.officer.data else None,
            hearing_from=form.hearing_from.data,
            hearing_to=form.hearing_to.data,
            case_ids=_in_queue(queue, form.statement.data) if form.statement.data and queue_shown else None,
        )
    found = cases.find_cases(current_user, filters)
    return render_template("cases/index.html", form=form, cases=found, filtered=filters != cases.CaseFilters(),
                           can_create=current_user.role in cases.CASE_EDITORS,
                           appeal_types=cases.appeal_types(), queue=queue,
                           show_queue=queue_shown)


QUEUE_FILTERS = [("", "Any"), ("queue", "Waiting for your review"), ("with_legal", "With legal services"),
                 ("changed", "Changed since your last comment")]


def _in_queue(queue: dict, kind: str) -> frozenset[int]:
    """The cases in a legal reviewer's queue: all of it, or those with legal services, or changed since their
    last comment."""
    return frozenset(case_id for case_id, entry in queue.items()
                     if kind == "queue" or (kind == "with_legal" and entry.with_legal)
                     or (kind == "changed" and entry.changed_since_comment))


@bp.get("/<int:case_id>")
def show(case_id):
    case = case_for_user(case_id)
    audit("viewed", case, case)
    can_edit = current_user.role in cases.CASE_EDITORS
    return render_template("cases/show.html", case=case, sections=case_summary(case, can_edit),
                           next=case_overview.overview(case, current_user))


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*cases.CASE_EDITORS)
def new():
    form = case_form()
    if not form.team_id.choices:
        flash("You are not on a team yet, so you cannot add a case. Ask an administrator to add you to a team.")
        return redirect(url_for("cases.index"))
    if request.method == "GET":
        form.status.data = CaseStatus.registered.value
    if form.validate_on_submit() and check_case_rules(form, None):
        case = Case()
        cases.apply_changes(case, form_values(form))
        db.session.add(case)
        db.session.flush()
        audit("created", case, case)
        flash(f"Case {case.reference} created.", "success")
        return redirect(url_for("cases.show", case_id=case.id))
    return render_template("cases/form.html", form=form, case=None)


@bp.route("/<int:case_id>/edit", methods=["GET", "POST"])
def edit(case_id):
    case = case_for_user(case_id, roles=cases.CASE_EDITORS)
    form = case_form(obj=case)
    if request.method == "GET":
        form.status.data = case.status.value
        form.officer_id.data = case.officer_id or 0
    if form.validate_on_submit() and check_case_rules(form, case):
        changed = cases.apply_changes(case, form_values(form))
        if changed:
            labels = ", ".join(getattr(form, name).label.text for name in changed)
            audit("changed", case, case, detail=labels)
            flash(f"Case {case.reference} updated.", "success")
        return redirect(url_for("cases.show", case_id=case.id))
    return render_template("cases/form.html", form=form, case=case)


@bp.get("/<int:case_id>/audit")
def audit_log(case_id):
    case = case_for_user(case_id, roles=cases.AUDIT_READERS)
    return render_template("cases/audit.html", case=case, events=cases.audit_trail(case))


def case_form(obj=None) -> CaseForm:
    form = CaseForm(obj=obj)
    teams = cases.teams_for(current_user)
    if obj is not None and obj.team not in teams:
        teams.append(obj.team)
    form.team_id.choices = options((team.id, team.name) for team in teams)
    form.officer_id.choices = options([(0, "No officer yet")] + [
        (person.id, person.name) for person in cases.possible_officers(teams)])
    form.appeal_type.choices = options([("", "Select the appeal type")] + list(cases.appeal_types().items()))
    return form


def check_case_rules(form: CaseForm, case: Case | None) -> bool:
    """Rules that need the database: a unique reference, and an officer who is on the chosen team."""
    ok = True
    if cases.reference_taken(form.reference.data, case.id if case else None):
        form.reference.errors.append(f"A case with reference {form.reference.data} already exists. "
                                     "Check the reference, or find that case in the list")
        ok = False
    team = db.session.get(Team, form.team_id.data)
    if form.officer_id.data and form.officer_id.data not in {member.id for member in team.members}:
        form.officer_id.errors.append(f"Select a case officer who is on the {team.name} team, or no officer yet")
        ok = False
    return ok


def form_values(form: CaseForm) -> dict:
    values = {name: getattr(form, name).data for name in cases.CASE_FIELDS}
    values["status"] = CaseStatus(values["status"])
    values["officer_id"] = values["officer_id"] or None
    values["school"] = values["school"] or ""
    values["representative"] = values["representative"] or ""
    values["issues"] = list(values["issues"] or [])
    values["extended_sections"] = list(values["extended_sections"] or [])
    return values


# Each area's page for a case, in the order officers work through them. Areas land independently, so only the
# endpoints that exist are shown.
CASE_SECTIONS = (
    ("cases.show", "Case details", None),
    ("evidence.index", "Evidence", None),
    ("search.index", "Search", None),
    ("bundles.index", "Bundles", None),
    ("directions.timetable", "Timetable", None),
    ("statements.index", "Statement of case", None),
    ("mediation.record", "Mediation", None),
    ("outcomes.case", "Outcome", None),
    ("working_document.index", "Working document", None),
    ("cases.audit_log", "Audit log", cases.AUDIT_READERS),
)


@bp.app_context_processor
def case_helpers():
    def case_sections(case):
        return [
            {"href": url_for(endpoint, case_id=case.id), "text": text, "current": request.endpoint == endpoint}
            for endpoint, text, roles in CASE_SECTIONS
            if endpoint in current_app.view_functions and (roles is None or current_user.role in roles)
        ]
    return {"case_sections": case_sections, "status_tag": status_tag}
