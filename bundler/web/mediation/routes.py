"""The mediation record of a case's appealable decision, its agreement's actions (reg 42) and the brief."""
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ... import dates
from ...extensions import db
from ...services import mediation as service
from ...services.directions import records
from ...services.mediation_brief import mediation_brief
from ...timetable import show
from ..access import audit, case_for_user
from ..forms import options, text
from .forms import ActionForm, MediationForm

bp = Blueprint("mediation", __name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _attendees(form, case):
    form.attendee_id.choices = options([(0, "Not chosen yet")] + [(p.id, p.name) for p in service.settlers(case)])


def _action_form():
    form = ActionForm()
    form.kind.choices = options(service.agreement_kinds().items())
    return form


def _page(case, mediation, form, action_form):
    cal = records.working_calendar()
    return render_template(
        "mediation/record.html", case=case, mediation=mediation, form=form, action_form=action_form,
        dates=service.mediation_dates(mediation, cal) if mediation else [],
        appeal=service.appeal_deadline_after(mediation, cal) if mediation else None,
        actions=service.agreement_actions(mediation) if mediation else [],
        can_edit=current_user.role in service.MEDIATION_EDITORS, today=dates.today())


@bp.route("/cases/<int:case_id>/mediation", methods=["GET", "POST"])
def record(case_id):
    case = case_for_user(case_id, roles=service.MEDIATION_EDITORS if request.method == "POST" else None)
    mediation = service.mediation_for(case)
    form = MediationForm()
    _attendees(form, case)
    if request.method == "GET" and mediation:
        form.fill(mediation)
    if form.validate_on_submit():
        mediation, changed = service.save_mediation(case, form.values())
        db.session.flush()
        audit("mediation saved", case, mediation, detail=", ".join(changed))
        flash("Mediation record saved.", "success")
        return redirect(url_for("mediation.record", case_id=case.id))
    action_form = _action_form()
    return _page(case, mediation, form, action_form)


@bp.post("/cases/<int:case_id>/mediation/actions")
def add_action(case_id):
    case = case_for_user(case_id, roles=service.MEDIATION_EDITORS)
    mediation = service.mediation_for(case)
    form = MediationForm(formdata=None)
    _attendees(form, case)
    if mediation:
        form.fill(mediation)
    action_form = _action_form()
    if action_form.validate_on_submit():
        try:
            if mediation is None:
                raise ValueError("Save the mediation record with the agreement date first.")
            steps = service.add_agreement_action(mediation, text(action_form.act), action_form.kind.data,
                                                 action_form.written_due.data, text(action_form.written_record),
                                                 records.working_calendar())
        except ValueError as exc:
            action_form.act.errors.append(str(exc))
        else:
            db.session.flush()
            for step in steps:
                audit("agreement action added", case, step, detail=f"due {show(step.due_date)}")
            flash(f"Action added: due {', '.join(show(s.due_date) for s in steps)}.", "success")
            return redirect(url_for("mediation.record", case_id=case.id) + "#actions")
    return _page(case, mediation, form, action_form), 400


@bp.get("/cases/<int:case_id>/mediation/brief.docx")
def brief(case_id):
    case = case_for_user(case_id)
    mediation = service.mediation_for(case)
    if mediation is None:
        flash("Save the mediation record before downloading the brief.", "error")
        return redirect(url_for("mediation.record", case_id=case.id))
    data = mediation_brief(mediation)
    audit("mediation brief downloaded", case, mediation)
    filename = f"mediation-brief-{case.reference.replace('/', '-').replace(' ', '')}.docx"
    return Response(data, mimetype=DOCX, headers={"Content-Disposition": f"attachment; filename={filename}"})
