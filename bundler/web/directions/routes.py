"""Directions and deadlines: the dashboard, a case's timetable (an order's steps are added on the case's outcome
page), calendar feeds and local holidays."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ... import dates
from ...extensions import db, limiter
from ...models import AuditEvent, CalendarToken, Case, DirectionStatus, HolidayOverride, Role
from ...models.audit import utc_now
from ...services.cases import possible_officers, visible_cases
from ...services.directions import records
from ...services.directions.feeds import ics_feed
from ...services.directions.items import direction_item
from ...services.directions.timetable_sources import case_items, dashboard_items
from ...services.statements.queue import legal_queue
from ...timetable import fixed_date, show
from ..access import audit, can_see_case, case_for_user, roles_required
from ..forms import options
from .forms import DashboardFilterForm, DirectionForm, HolidayForm, OverrideForm, StatusForm

bp = Blueprint("directions", __name__)


@bp.get("/deadlines")
@roles_required()
def dashboard():
    form = DashboardFilterForm(request.args)
    cases = db.session.scalars(visible_cases(current_user).order_by(Case.reference)).all()
    officers = records.responsible_people(current_user)
    form.officer.choices = options([("", "Any officer")] + [(str(person.id), person.name) for person in officers])
    form.case.choices = options([("", "Any case")] + [(str(case.id), case.reference) for case in cases])
    officer_id = case_id = None
    if form.validate():
        officer_id = int(form.officer.data) if form.officer.data else None
        case_id = int(form.case.data) if form.case.data else None
    items = dashboard_items(current_user, officer_id, case_id)
    return render_template("directions/dashboard.html", form=form, items=items,
                           filtered=officer_id is not None or case_id is not None,
                           show_legal_queue=current_user.role == Role.legal_reviewer,
                           legal_queue=legal_queue(current_user))


@bp.get("/cases/<int:case_id>/timetable")
def timetable(case_id):
    case = case_for_user(case_id)
    cal = records.working_calendar()
    return render_template("directions/timetable.html", case=case, appeal_dates=records.appeal_dates(case, cal),
                           standard=records.standard_timetable(case, cal),
                           items=case_items(case, dates.today(), cal),
                           can_edit=current_user.role in records.DIRECTION_EDITORS)


def _standard_row(case, key):
    row = records.proposed_entry(case, key, records.working_calendar())
    if row is None:
        abort(404)
    return row


@bp.post("/cases/<int:case_id>/timetable/<key>/confirm")
def confirm(case_id, key):
    case = case_for_user(case_id, roles=records.DIRECTION_EDITORS)
    row = _standard_row(case, key)
    if row.proposal.deadline is None:
        flash(f"{row.proposal.missing} Or enter the date the tribunal's letter gives.", "error")
        return redirect(url_for("directions.override", case_id=case.id, key=key))
    direction = records.confirm_entry(case, row, current_user)
    db.session.flush()
    audit("direction confirmed", case, direction, detail=f"{direction.title}: {show(direction.due_date)}")
    flash(f"{direction.title}: due {show(direction.due_date)}.", "success")
    return redirect(url_for("directions.timetable", case_id=case.id))


@bp.route("/cases/<int:case_id>/timetable/<key>/date", methods=["GET", "POST"])
def override(case_id, key):
    case = case_for_user(case_id, roles=records.DIRECTION_EDITORS)
    row = _standard_row(case, key)
    form = OverrideForm()
    if form.validate_on_submit():
        direction = records.override_entry(case, row, form.due.data, current_user)
        db.session.flush()
        audit("direction date set", case, direction, detail=f"{direction.title}: {show(direction.due_date)}")
        flash(f"{direction.title}: due {show(direction.due_date)}, as the tribunal's letter gives.", "success")
        return redirect(url_for("directions.timetable", case_id=case.id))
    return render_template("directions/override.html", case=case, row=row, form=form)


def _responsible_choices(form, case):
    form.responsible_id.choices = options([(0, "Nobody yet")] + [
        (person.id, person.name) for person in possible_officers([case.team])])
    if request.method == "GET":
        form.responsible_id.data = case.officer_id or 0


@bp.route("/cases/<int:case_id>/directions/new", methods=["GET", "POST"])
def new_direction(case_id):
    case = case_for_user(case_id, roles=records.DIRECTION_EDITORS)
    form = DirectionForm()
    _responsible_choices(form, case)
    if form.validate_on_submit():
        responsible = form.responsible_id.data or None
        if form.date_kind.data == "fixed":
            deadline = fixed_date(form.due.data, cal=records.working_calendar())
            direction = records.add_direction(case, form.title.data, deadline, "", responsible, current_user)
        else:
            direction = records.add_counted_direction(case, form.title.data, form.start.data,
                                                      form.working_days.data, responsible, current_user)
        db.session.flush()
        audit("direction added", case, direction, detail=f"{direction.title}: {show(direction.due_date)}")
        flash(f"Direction added: {direction.title}, due {show(direction.due_date)}.", "success")
        return redirect(url_for("directions.timetable", case_id=case.id))
    return render_template("directions/direction_form.html", case=case, form=form)


@bp.route("/cases/<int:case_id>/directions/<int:direction_id>", methods=["GET", "POST"])
def direction(case_id, direction_id):
    case = case_for_user(case_id)
    found = records.direction_for_case(case, direction_id)
    if found is None:
        abort(404)
    can_edit = current_user.role in records.DIRECTION_EDITORS
    form = StatusForm(data={"status": found.status.value, "done_on": found.done_on,
                            "evidence_note": found.evidence_note} if request.method == "GET" else None)
    if request.method == "POST":
        if not can_edit:
            abort(403)
        if form.validate_on_submit():
            records.set_status(found, DirectionStatus(form.status.data), current_user, form.done_on.data,
                               form.evidence_note.data)
            audit("direction status", case, found, detail=f"{found.title}: {found.status.value}")
            flash(f"{found.title}: status saved.", "success")
            return redirect(url_for("directions.direction", case_id=case.id, direction_id=found.id))
    item = direction_item(found, dates.today(), records.working_calendar())
    return render_template("directions/direction.html", case=case, direction=found, item=item, form=form,
                           can_edit=can_edit)


# ---- calendar feeds -----------------------------------------------------------------------------------------

@bp.get("/calendar")
@roles_required()
def feeds():
    tokens = db.session.scalars(select(CalendarToken).where(
        CalendarToken.user_id == current_user.id, CalendarToken.revoked_at.is_(None))
        .order_by(CalendarToken.created_at)).all()
    return render_template("directions/feeds.html", tokens=tokens)


@bp.post("/calendar/new")
@roles_required()
def new_feed():
    raw_case_id = request.form.get("case_id")
    if raw_case_id is not None and not raw_case_id.isdigit():
        abort(404)
    case = case_for_user(int(raw_case_id)) if raw_case_id else None
    token, secret = CalendarToken.issue(current_user, case)
    db.session.flush()
    audit("calendar feed created", case, token)
    return render_template("directions/feed_created.html", token=token,
                           url=url_for("directions.feed", secret=secret, _external=True))


@bp.post("/calendar/<int:token_id>/revoke")
@roles_required()
def revoke_feed(token_id):
    token = db.session.get(CalendarToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    token.revoked_at = utc_now()
    audit("calendar feed revoked", token.case, token)
    flash("Calendar feed turned off. Calendars subscribed to it will stop updating.", "success")
    return redirect(url_for("directions.feeds"))


@bp.get("/calendar/<secret>.ics")
@limiter.limit("60 per minute")
def feed(secret):
    token = CalendarToken.find_active(secret)
    user = token.user if token else None
    if user is None or not user.active or (token.case and not can_see_case(user, token.case)):
        abort(404)
    now, cal = dates.today(), records.working_calendar()
    if token.case:
        items, name = case_items(token.case, now, cal), f"Deadlines: {token.case.reference}"
    else:
        items, name = dashboard_items(user, None, None), f"Deadlines: {user.name}"
    db.session.add(AuditEvent.of("calendar feed read", user=user, case=token.case, obj=token))
    db.session.commit()
    return Response(ics_feed(name, items), mimetype="text/calendar",
                    headers={"Cache-Control": "no-store", "Content-Disposition": "inline; filename=deadlines.ics"})


# ---- local holidays ------------------------------------------------------------------------------------------

@bp.route("/deadlines/holidays", methods=["GET", "POST"])
@roles_required(Role.administrator)
def holidays():
    form = HolidayForm()
    if form.validate_on_submit():
        if db.session.scalar(select(HolidayOverride).where(HolidayOverride.day == form.day.data)):
            form.day.errors.append(f"{show(form.day.data)} is already on the list")
        else:
            holiday = HolidayOverride(day=form.day.data, name=form.name.data, added_by_id=current_user.id)
            db.session.add(holiday)
            db.session.flush()
            audit("holiday added", None, holiday, detail=f"{holiday.name} {holiday.day.isoformat()}")
            flash(f"{holiday.name} on {show(holiday.day)} is now a non-working day for new deadlines.", "success")
            return redirect(url_for("directions.holidays"))
    overrides = db.session.scalars(select(HolidayOverride).order_by(HolidayOverride.day)).all()
    return render_template("directions/holidays.html", form=form, overrides=overrides)


@bp.post("/deadlines/holidays/<int:holiday_id>/delete")
@roles_required(Role.administrator)
def delete_holiday(holiday_id):
    holiday = db.session.get(HolidayOverride, holiday_id) or abort(404)
    db.session.delete(holiday)
    audit("holiday removed", None, holiday, detail=f"{holiday.name} {holiday.day.isoformat()}")
    flash(f"{holiday.name} removed.", "success")
    return redirect(url_for("directions.holidays"))
