"""Bundles for a case: build in the background, watch progress, download versions, see changes, issue."""

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select

from ... import dates
from ...extensions import db
from ...models import Role
from ...models.bundles import BundleVersion
from ...models.jobs import Job
from ...services import bundles, evidence
from ..access import audit, case_for_user
from .forms import BuildForm, IssueForm, SectionNoteForm

bp = Blueprint("bundles", __name__, url_prefix="/cases/<int:case_id>/bundles")

BUILDERS = (Role.tribunal_officer, Role.administrator)


def case_version(case, number: int) -> BundleVersion:
    version = db.session.scalar(select(BundleVersion).where(
        BundleVersion.case_id == case.id, BundleVersion.number == number))
    if version is None:
        abort(404)
    return version


@bp.get("")
def index(case_id):
    case = case_for_user(case_id)
    return render_index(case, BuildForm(bundle_date=dates.today()))


def render_index(case, form, blocked: str = ""):
    return render_template("bundles/index.html", case=case, versions=bundles.versions(case), form=form,
                           issued=bundles.issued_version(case), can_build=current_user.role in BUILDERS,
                           blocked=blocked)


@bp.post("/build")
def build(case_id):
    case = case_for_user(case_id, roles=BUILDERS)
    form = BuildForm()
    if not form.validate_on_submit():
        return render_index(case, form), 400
    try:
        version = bundles.start_build(case, current_user, form.bundle_date.data, form.late_choice.data or "",
                                      form.direction_date.data)
    except bundles.BuildBlocked as blocked:
        form.bundle_date.errors = []
        return render_index(case, form, str(blocked)), 409
    audit("started bundle build", case, version, detail=f"version {version.number}"
          + (f" ({bundles.LATE_CHOICES[version.late_choice]})" if version.late_choice else ""))
    return redirect(url_for("bundles.version", case_id=case.id, number=version.number))


@bp.get("/<int:number>")
def version(case_id, number):
    case = case_for_user(case_id)
    version = case_version(case, number)
    audit("viewed", case, version, detail=f"bundle version {version.number}")
    return render_version(case, version, IssueForm(issued_on=dates.today()))


def render_version(case, version: BundleVersion, form):
    return render_template("bundles/version.html", case=case, version=version, changes=bundles.changes(version),
                           section_title=evidence.section_title, form=form, over_limit=bundles.over_limit(version),
                           late_choices=bundles.LATE_CHOICES, late_title=bundles.late_title,
                           can_build=current_user.role in BUILDERS)


@bp.route("/notes/<section>", methods=["GET", "POST"])
def section_note(case_id, section):
    """The officer's part of the accompanying note for one section over its page limit."""
    case = case_for_user(case_id, roles=BUILDERS)
    if section not in dict(evidence.section_choices()):
        abort(404)
    note = bundles.section_notes(case).get(section)
    form = SectionNoteForm()
    if request.method == "GET" and note is not None:
        form.reason.data, form.send7_date.data = note.reason, note.send7_date
        form.send7_made.data = "yes" if note.send7_made else "no"
    if form.validate_on_submit():
        bundles.save_section_note(case, section, form.reason.data, form.send7_made.data == "yes",
                                  form.send7_date.data)
        audit("wrote accompanying note", case, detail=f"section {section}")
        flash(f"The note for {evidence.section_title(section)} is saved. Build the bundle again to include it.",
              "success")
        return redirect(url_for("bundles.index", case_id=case.id))
    return render_template("bundles/note.html", case=case, form=form, section_title=evidence.section_title(section))


@bp.get("/<int:number>/download")
def download(case_id, number):
    case = case_for_user(case_id)
    version = case_version(case, number)
    if version.state != "built":
        abort(404)
    audit("downloaded", case, version, detail=f"bundle version {version.number}")
    return send_file(bundles.bundle_path(version), mimetype="application/pdf", as_attachment=True, max_age=0,
                     download_name=f"{case.reference.replace('/', '-')} bundle v{version.number}.pdf")


@bp.post("/<int:number>/issue")
def issue(case_id, number):
    case = case_for_user(case_id, roles=BUILDERS)
    version = case_version(case, number)
    if version.state != "built":
        abort(400)
    form = IssueForm()
    if not form.validate_on_submit():
        return render_version(case, version, form), 400
    try:
        bundles.issue(version, form.issued_on.data, current_user)
    except bundles.NotIssuable as refused:
        form.issued_on.errors = [str(refused)]
        return render_version(case, version, form), 409
    audit("issued bundle", case, version, detail=f"version {version.number} on {form.issued_on.data}")
    flash(f"Version {version.number} recorded as issued to the tribunal.", "success")
    return redirect(url_for("bundles.version", case_id=case.id, number=version.number))


@bp.get("/jobs/<int:job_id>")
def job(case_id, job_id):
    """Progress for the page's script to poll."""
    case = case_for_user(case_id)
    row = db.session.get(Job, job_id)
    if row is None or row.case_id != case.id:
        abort(404)
    return jsonify(state=row.state.value, done=row.done, total=row.total, percent=row.percent,
                   error=row.error, finished=row.state.finished)
