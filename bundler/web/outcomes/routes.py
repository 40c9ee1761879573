"""A case after the appeal: how it ended and the decision per issue, the order steps and their compliance,
recommendations, challenges, spend and placements. Every change is audited."""
from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ... import dates
from ...extensions import db
from ...models import Challenge, ComplianceStep, IssueResult, Placement, Recommendation, Spend, StepSource
from ...models import outcomes as words
from ...models.outcomes import Ending
from ...services import outcomes as service
from ...services.directions import records
from ...timetable import load_rules, show
from ..access import audit, case_for_user
from ..forms import options, text
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
    forms["steps"].kinds.choices = options((key, kind.title) for key, kind in load_rules().orders.items())
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
        steps=service.case_steps(case),
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


def outcome_form(rule: str, endpoint: str, name: str, error_field: str):
    """Registers `act` as what posting the outcome page's form `name` to `rule` does (see `_handle`)."""
    def register(act):
        bp.add_url_rule(rule, endpoint, lambda case_id: _handle(case_id, name, act, error_field), methods=["POST"])
        return act
    return register


def _item_page(case_id, model, item_id, form_class, template: str, save, error_field: str):
    """The page of one step or recommendation: anyone on the case sees it; an editor posts `form_class`, and
    `save(case, item, form)` -> (audit action, audit detail, message, page to go back to); a ValueError from the
    service is shown on `error_field`."""
    found = case_for_user(case_id, roles=service.OUTCOME_EDITORS if request.method == "POST" else None)
    item = service.case_item(model, found, item_id) or abort(404)
    form = form_class(obj=item) if request.method == "GET" else form_class()
    if form.validate_on_submit():
        try:
            action, detail, message, back = save(found, item, form)
        except ValueError as exc:
            getattr(form, error_field).errors = [str(exc)]
        else:
            audit(action, found, item, detail=detail)
            flash(message, "success")
            return redirect(back)
    return render_template(template, case=found, item=item, form=form, today=dates.today(),
                           can_edit=current_user.role in service.OUTCOME_EDITORS), 400 if form.errors else 200


@outcome_form("/cases/<int:case_id>/outcome", "save", "outcome", "ending")
def _save_outcome(found, form):
    values = {name: getattr(form, name).data for name in ("ended_on", "hearing_on", "decision_on", "sent_on")}
    values |= {"ending": Ending(form.ending.data), "remarks": text(form.remarks)}
    issues = [(key, IssueResult(result), form.placement_named.data or "") for key, result in form.issue_results()]
    outcome = service.save_outcome(found, values, issues)
    return [(outcome, f"{outcome.ending.value}; {len(issues)} issues")], "outcome saved", "Outcome saved."


@outcome_form("/cases/<int:case_id>/outcome/steps", "add_steps", "steps", "kinds")
def _add_steps(found, form):
    steps = service.add_order_steps(found, ",".join(form.kinds.data), StepSource(form.source.data),
                                    form.start.data, records.working_calendar())
    return ([(step, f"due {show(step.due_date)}") for step in steps], "order step added",
            f"{len(steps)} step{'s' if len(steps) != 1 else ''} added.")


def _record_step(found, step, form):
    service.record_step(step, form.done_on.data, text(form.evidence_note), text(form.exception_reason),
                        form.provision_in_place_on.data)
    back = "mediation.record" if step.source == StepSource.agreement else "outcomes.case"
    return ("step recorded", f"done {show(step.done_on) if step.done_on else 'not yet'}", f"{step.act}: saved.",
            url_for(back, case_id=found.id))


@bp.route("/cases/<int:case_id>/steps/<int:step_id>", methods=["GET", "POST"])
def step(case_id, step_id):
    return _item_page(case_id, ComplianceStep, step_id, StepForm, "outcomes/step.html", _record_step, "done_on")


@outcome_form("/cases/<int:case_id>/outcome/recommendations", "add_recommendation", "recommendation", "text")
def _add_recommendation(found, form):
    item = service.add_recommendation(found, form.body.data, text(form.text), form.sent_on.data,
                                      records.working_calendar())
    due = f"response due {show(item.due_date)}"
    return [(item, due)], "recommendation added", f"Recommendation added: {due}."


def _answer(found, item, form):
    service.answer_recommendation(item, form.response_on.data, text(form.response), form.followed.data)
    return "recommendation answered", item.followed, "Response saved.", url_for("outcomes.case", case_id=found.id)


@bp.route("/cases/<int:case_id>/outcome/recommendations/<int:item_id>", methods=["GET", "POST"])
def recommendation(case_id, item_id):
    return _item_page(case_id, Recommendation, item_id, ResponseForm, "outcomes/recommendation.html", _answer,
                      "response_on")


@outcome_form("/cases/<int:case_id>/outcome/challenges", "add_challenge", "challenge", "refusal_sent_on")
def _add_challenge(found, form):
    item = service.add_challenge(found, form.kind.data, form.applicant.data, form.applied_on.data,
                                 form.refusal_sent_on.data, records.working_calendar())
    return [(item, item.kind)], "challenge added", "Challenge added."


@bp.post("/cases/<int:case_id>/outcome/challenges/<int:item_id>")
def challenge_result(case_id, item_id):
    found = _editable(case_id)
    item = service.case_item(Challenge, found, item_id) or abort(404)
    form = ChallengeResultForm()
    if form.validate_on_submit():
        service.record_challenge_result(item, form.result.data, form.result_on.data)
        audit("challenge result", found, item, detail=item.result)
        return _done(found, "Challenge result saved.")
    flash(" ".join(error for errors in form.errors.values() for error in errors), "error")
    return redirect(url_for("outcomes.case", case_id=found.id))


@outcome_form("/cases/<int:case_id>/outcome/spend", "add_spend", "spend", "amount")
def _add_spend(found, form):
    item = service.add_spend(found, form.kind.data, form.amount.data, float(form.hours.data or Decimal(0)),
                             text(form.note))
    return [(item, f"{item.kind} £{item.amount}")], "spend added", "Spend added."


@outcome_form("/cases/<int:case_id>/outcome/placements", "save_placement", "placement", "kind")
def _save_placement(found, form):
    item = service.save_placement(found, form.stage.data, form.kind.data, form.residential.data,
                                  form.annual_cost.data, form.transport_cost.data or 0)
    return [(item, f"{item.stage}: {item.kind}")], "placement saved", "Placement saved."


@bp.app_context_processor
def labels():
    return {"ending_labels": words.ENDING_LABELS, "issue_labels": words.ISSUES, "result_labels": words.RESULT_LABELS,
            "placement_named": words.PLACEMENT_NAMED, "challenge_labels": words.CHALLENGES,
            "spend_labels": words.SPEND_KINDS, "placement_types": words.PLACEMENT_TYPES,
            "source_labels": words.SOURCE_LABELS}
