"""A case after the appeal: how it ended and the decision per issue, the order steps and their compliance,
recommendations, challenges, spend and placements. Every change is audited."""
from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ... import dates
from ...extensions import db
from ...models import Challenge, IssueResult, Placement, Recommendation, Spend, StepSource
from ...models import outcomes as words
from ...models.outcomes import Ending
from ...services import outcomes as service
from ...services.directions import records
from ...timetable import load_rules, show
from ..access import audit, case_for_user
from ..forms import text
from .forms import (
    ChallengeForm,
    ChallengeResultForm,
    OutcomeForm,
    PlacementForm,
    RecommendationForm,
    ResponseForm,
    SpendForm,
    StepForm,
    StepsForm,
)

bp = Blueprint("outcomes", __name__)
FORMS = {"outcome": OutcomeForm, "steps": StepsForm, "recommendation": RecommendationForm,
         "challenge": ChallengeForm, "spend": SpendForm, "placement": PlacementForm}


def _forms(case, bound: str | None = None) -> dict:
    """Every form on the page, blank but for the one just posted (`bound`) and the saved outcome."""
    forms = {name: (form() if name == bound else form(formdata=None)) for name, form in FORMS.items()}
    outcome = service.outcome_for(case)
    if outcome and bound != "outcome":
        form = forms["outcome"]
        for name in ("ended_on", "hearing_on", "decision_on", "sent_on", "remarks"):
            getattr(form, name).data = getattr(outcome, name)
        form.ending.data = outcome.ending.value
        for issue in outcome.issues:
            getattr(form, f"issue_{issue.issue}").data = issue.result.value
            form.placement_named.data = issue.placement_named or form.placement_named.data
    if outcome and outcome.sent_on and bound != "steps":
        forms["steps"].start.data, forms["steps"].source.data = outcome.sent_on, StepSource.order.value
    return forms


def _page(case, forms, status=200):
    return render_template(
        "outcomes/case.html", case=case, outcome=service.outcome_for(case), forms=forms,
        steps=service.case_steps(case), kinds=load_rules().orders,
        recommendations=service.case_recommendations(case), challenges=service.case_rows(Challenge, case),
        spend=service.case_rows(Spend, case), placements=service.case_rows(Placement, case),
        can_edit=current_user.role in service.OUTCOME_EDITORS, today=dates.today()), status


def _editable(case_id):
    return case_for_user(case_id, roles=service.OUTCOME_EDITORS)


def _done(case, message):
    flash(message, "success")
    return redirect(url_for("outcomes.case", case_id=case.id))


@bp.get("/cases/<int:case_id>/outcome")
def case(case_id):
    found = case_for_user(case_id)
    return _page(found, _forms(found))


def _handle(case_id, name: str, act, error_field: str):
    """A form on the case's outcome page: validate it, `act(case, form)` -> (items with their audit detail, audit
    action, message to show); a ValueError from the service is shown on `error_field`."""
    found = _editable(case_id)
    forms = _forms(found, name)
    form = forms[name]
    if form.validate_on_submit():
        try:
            items, action, message = act(found, form)
        except ValueError as exc:
            getattr(form, error_field).errors = [str(exc)]
        else:
            db.session.flush()
            for item, detail in items:
                audit(action, found, item, detail=detail)
            return _done(found, message)
    return _page(found, forms, 400)


def _save_outcome(found, form):
    values = {name: getattr(form, name).data for name in ("ended_on", "hearing_on", "decision_on", "sent_on")}
    values |= {"ending": Ending(form.ending.data), "remarks": text(form.remarks)}
    issues = [(key, IssueResult(result), form.placement_named.data or "") for key, result in form.issue_results()]
    outcome = service.save_outcome(found, values, issues)
    return [(outcome, f"{outcome.ending.value}; {len(issues)} issues")], "outcome saved", "Outcome saved."


@bp.post("/cases/<int:case_id>/outcome")
def save(case_id):
    return _handle(case_id, "outcome", _save_outcome, "ending")


def _add_steps(found, form):
    steps = service.add_order_steps(found, form.kinds.data, StepSource(form.source.data), form.start.data,
                                    records.working_calendar())
    return ([(step, f"due {show(step.due_date)}") for step in steps], "order step added",
            f"{len(steps)} step{'s' if len(steps) != 1 else ''} added.")


@bp.post("/cases/<int:case_id>/outcome/steps")
def add_steps(case_id):
    return _handle(case_id, "steps", _add_steps, "kinds")


@bp.route("/cases/<int:case_id>/steps/<int:step_id>", methods=["GET", "POST"])
def step(case_id, step_id):
    found = case_for_user(case_id, roles=service.OUTCOME_EDITORS if request.method == "POST" else None)
    step = service.step_for_case(found, step_id) or abort(404)
    form = StepForm(obj=step) if request.method == "GET" else StepForm()
    if form.validate_on_submit():
        try:
            service.record_step(step, form.done_on.data, text(form.evidence_note),
                                text(form.exception_reason), form.provision_in_place_on.data)
        except ValueError as exc:
            form.done_on.errors = [str(exc)]
        else:
            audit("step recorded", found, step, detail=f"done {show(step.done_on) if step.done_on else 'not yet'}")
            flash(f"{step.act}: saved.", "success")
            back = "mediation.record" if step.source == StepSource.agreement else "outcomes.case"
            return redirect(url_for(back, case_id=found.id))
    return render_template("outcomes/step.html", case=found, step=step, form=form, today=dates.today(),
                           can_edit=current_user.role in service.OUTCOME_EDITORS), 400 if form.errors else 200


def _add_recommendation(found, form):
    item = service.add_recommendation(found, form.body.data, text(form.text), form.sent_on.data,
                                      records.working_calendar())
    due = f"response due {show(item.due_date)}"
    return [(item, due)], "recommendation added", f"Recommendation added: {due}."


@bp.post("/cases/<int:case_id>/outcome/recommendations")
def add_recommendation(case_id):
    return _handle(case_id, "recommendation", _add_recommendation, "text")


@bp.route("/cases/<int:case_id>/outcome/recommendations/<int:item_id>", methods=["GET", "POST"])
def recommendation(case_id, item_id):
    found = case_for_user(case_id, roles=service.OUTCOME_EDITORS if request.method == "POST" else None)
    item = db.session.get(Recommendation, item_id)
    if item is None or item.case_id != found.id:
        abort(404)
    form = ResponseForm(obj=item) if request.method == "GET" else ResponseForm()
    if form.validate_on_submit():
        item.response_on, item.response, item.followed = (form.response_on.data, text(form.response),
                                                          form.followed.data)
        audit("recommendation answered", found, item, detail=item.followed)
        return _done(found, "Response saved.")
    return render_template("outcomes/recommendation.html", case=found, item=item, form=form,
                           can_edit=current_user.role in service.OUTCOME_EDITORS), 400 if form.errors else 200


def _add_challenge(found, form):
    item = service.add_challenge(found, form.kind.data, form.applicant.data, form.applied_on.data,
                                 form.refusal_sent_on.data, records.working_calendar())
    return [(item, item.kind)], "challenge added", "Challenge added."


@bp.post("/cases/<int:case_id>/outcome/challenges")
def add_challenge(case_id):
    return _handle(case_id, "challenge", _add_challenge, "refusal_sent_on")


@bp.post("/cases/<int:case_id>/outcome/challenges/<int:item_id>")
def challenge_result(case_id, item_id):
    found = _editable(case_id)
    item = db.session.get(Challenge, item_id)
    if item is None or item.case_id != found.id:
        abort(404)
    form = ChallengeResultForm()
    if form.validate_on_submit():
        item.result, item.result_on = form.result.data, form.result_on.data
        audit("challenge result", found, item, detail=item.result)
        return _done(found, "Challenge result saved.")
    flash(" ".join(error for errors in form.errors.values() for error in errors), "error")
    return redirect(url_for("outcomes.case", case_id=found.id))


def _add_spend(found, form):
    item = service.add_spend(found, form.kind.data, form.amount.data, float(form.hours.data or Decimal(0)),
                             text(form.note))
    return [(item, f"{item.kind} £{item.amount}")], "spend added", "Spend added."


@bp.post("/cases/<int:case_id>/outcome/spend")
def add_spend(case_id):
    return _handle(case_id, "spend", _add_spend, "amount")


def _save_placement(found, form):
    item = service.save_placement(found, form.stage.data, form.kind.data, form.residential.data,
                                  form.annual_cost.data, form.transport_cost.data or 0)
    return [(item, f"{item.stage}: {item.kind}")], "placement saved", "Placement saved."


@bp.post("/cases/<int:case_id>/outcome/placements")
def save_placement(case_id):
    return _handle(case_id, "placement", _save_placement, "kind")


@bp.app_context_processor
def labels():
    return {"ending_labels": words.ENDING_LABELS, "issue_labels": words.ISSUES, "result_labels": words.RESULT_LABELS,
            "placement_named": words.PLACEMENT_NAMED, "challenge_labels": words.CHALLENGES,
            "spend_labels": words.SPEND_KINDS, "placement_types": words.PLACEMENT_TYPES,
            "source_labels": words.SOURCE_LABELS}
