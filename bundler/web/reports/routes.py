"""Reports for SEND managers (and administrators): every team's cases as counts and sums, never a name."""
from flask import Blueprint, Response, abort, render_template, request
from sqlalchemy import select

from ... import dates
from ...extensions import db
from ...models import Role, Team, User
from ...services import reports as service
from ...services.cases import OFFICER_ROLES, appeal_types
from ..access import audit, roles_required
from ..forms import options
from .forms import ReportFilterForm

bp = Blueprint("reports", __name__)
READERS = (Role.send_manager, Role.administrator)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters() -> tuple[ReportFilterForm, service.Filters]:
    form = ReportFilterForm(request.args)
    choices = service.filter_choices()
    form.year.choices = options([("", "Every year")] + [(str(y), service.year_label(y)) for y in choices["years"]])
    form.appeal_type.choices = options([("", "Any type")] + list(appeal_types().items()))
    officers = db.session.scalars(select(User).where(User.role.in_(OFFICER_ROLES)).order_by(User.name))
    form.officer.choices = options([("", "Any officer")] + [(str(u.id), u.name) for u in officers])
    teams = db.session.scalars(select(Team).order_by(Team.name))
    form.team.choices = options([("", "Every team")] + [(str(t.id), t.name) for t in teams])
    form.setting.choices = options([("", "Any setting")] + [(s, s) for s in choices["settings"]])
    if not form.validate():
        return form, service.Filters()

    def number(value):
        return int(value) if value else None

    return form, service.Filters(year=number(form.year.data), appeal_type=form.appeal_type.data,
                                 issue=form.issue.data, officer_id=number(form.officer.data),
                                 team_id=number(form.team.data), setting=form.setting.data)


def _described(form) -> str:
    chosen = [f"{field.label.text}: {dict((c.value, c.label) for c in field.choices)[field.data]}"
              for field in (form.year, form.appeal_type, form.issue, form.officer, form.team, form.setting)
              if field.data]
    return "; ".join(chosen) or "Every case"


@bp.get("/reports")
@roles_required(*READERS)
def index():
    form, filters = _filters()
    today = dates.today()
    reports = [service.run_report(key, filters, today) for key in service.REPORTS]
    return render_template("reports/index.html", form=form, reports=reports, described=_described(form),
                           query=request.query_string.decode())


@bp.get("/reports/<key>.<fmt>")
@roles_required(*READERS)
def download(key, fmt):
    if key not in service.REPORTS or fmt not in ("csv", "xlsx"):
        abort(404)
    form, filters = _filters()
    report = service.run_report(key, filters, dates.today())
    audit("report downloaded", None, None, detail=f"{key}.{fmt}: {_described(form)}")
    name = f"{key}.{fmt}"
    if fmt == "csv":
        return Response(service.as_csv(report), mimetype="text/csv",
                        headers={"Content-Disposition": f"attachment; filename={name}"})
    return Response(service.as_xlsx(report, _described(form)), mimetype=XLSX,
                    headers={"Content-Disposition": f"attachment; filename={name}"})
