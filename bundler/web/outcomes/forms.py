from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ...models.outcomes import (
    CHALLENGES,
    ENDING_LABELS,
    ISSUES,
    PLACEMENT_NAMED,
    PLACEMENT_TYPES,
    RESULT_LABELS,
    SOURCE_LABELS,
    SPEND_KINDS,
    StepSource,
)
from ..forms import BundlerForm, GovDateField, options


def _date(label, what, required=False, hint=""):
    return GovDateField(label, what=what, required=required, description=hint)


class OutcomeForm(BundlerForm):
    """How the appeal ended, the decision's dates, and per issue appealed its result."""
    ending = RadioField("How the appeal ended", widget=GovRadioInput(), choices=options(ENDING_LABELS.items()),
                        validators=[InputRequired("Select how the appeal ended")])
    ended_on = _date("Date it ended", "the date the appeal ended", required=True,
                     hint="The decision date, or the date of the withdrawal, concession or agreement")
    hearing_on = _date("Hearing date", "the hearing date")
    decision_on = _date("Decision date", "the decision date")
    sent_on = _date("Decision sent", "the date the decision was sent", hint="The order's periods run from this day")
    placement_named = RadioField("Section I: which placement was named", widget=GovRadioInput(),
                                 choices=options(PLACEMENT_NAMED.items()), validators=[Optional()])
    remarks = TextAreaField("The judge's remarks on the authority's practice", widget=GovTextArea(),
                            validators=[Length(max=4000)])
    submit = SubmitField("Save the outcome", widget=GovSubmitInput())

    def issue_results(self) -> list[tuple[str, str]]:
        return [(key, getattr(self, f"issue_{key}").data) for key in ISSUES if getattr(self, f"issue_{key}").data]

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        section_i = self.issue_section_i.data
        if section_i and section_i != "agreed" and not self.placement_named.data:
            self.placement_named.errors = ["Select which placement the decision named in Section I"]
            ok = False
        return ok


for _key, _label in ISSUES.items():
    setattr(OutcomeForm, f"issue_{_key}", SelectField(
        _label, widget=GovSelect(), validators=[Optional()],
        choices=options([("", "Not appealed")] + list(RESULT_LABELS.items()))))


class StepsForm(BundlerForm):
    source = RadioField("Where the steps come from", widget=GovRadioInput(), validators=[
        InputRequired("Select where the steps come from")],
        choices=options((s.value, label) for s, label in SOURCE_LABELS.items() if s != StepSource.agreement))
    # The order kinds are editable data (bundler/rules/timetable.toml): the view fills the choices in, and the
    # service says which kinds it does not know or which cannot go together.
    kinds = SelectMultipleField("What the Tribunal ordered", widget=GovCheckboxesInput(), validate_choice=False,
                                validators=[InputRequired("Select what the Tribunal ordered")])
    start = _date("Counting from", "the date the periods run from", required=True,
                  hint="The day the decision was sent, the authority's reg 45 notice, or the consent order")
    submit = SubmitField("Add the steps", widget=GovSubmitInput())


class StepForm(BundlerForm):
    done_on = _date("Done on", "the date it was done")
    evidence_note = TextAreaField("Evidence it was done", widget=GovTextArea(), validators=[Length(max=2000)])
    exception_reason = TextAreaField("Reg 44(3) exception, with its reason", widget=GovTextArea(),
                                     validators=[Length(max=2000)],
                                     description="Only if the time limit could not be met: exceptional personal "
                                                 "circumstances, absence from the area for 2 weeks or more, or the "
                                                 "parent or young person asking to make representations")
    provision_in_place_on = _date("Provision actually in place on", "the date the provision was in place")
    submit = SubmitField("Save the step", widget=GovSubmitInput())


class RecommendationForm(BundlerForm):
    body = RadioField("Body", widget=GovRadioInput(), validators=[InputRequired("Select the body")],
                      choices=options([("health", "Health"), ("social_care", "Social care")]))
    text = TextAreaField("Recommendation", widget=GovTextArea(), validators=[
        InputRequired("Enter the recommendation"), Length(max=4000)])
    sent_on = _date("Recommendation sent", "the date the recommendation was sent", required=True)
    submit = SubmitField("Add recommendation", widget=GovSubmitInput())


class ResponseForm(BundlerForm):
    response_on = _date("Response received", "the date the response was received", required=True)
    response = TextAreaField("Response", widget=GovTextArea(), validators=[Length(max=4000)])
    followed = RadioField("Was it followed?", widget=GovRadioInput(),
                          validators=[InputRequired("Say if it was followed")],
                          choices=options([("yes", "Yes"), ("partly", "Partly"), ("no", "No")]))
    submit = SubmitField("Save response", widget=GovSubmitInput())


class ChallengeForm(BundlerForm):
    kind = SelectField("Challenge", widget=GovSelect(), choices=options(CHALLENGES.items()))
    applicant = RadioField("Made by", widget=GovRadioInput(), validators=[InputRequired("Select who made it")],
                           choices=options([("authority", "The authority"), ("appellant", "The appellant")]))
    applied_on = _date("Applied on", "the date of the application", required=True)
    refusal_sent_on = _date("First-tier refusal sent", "the date the refusal was sent",
                            hint="Upper Tribunal applications only: the month runs from this day")
    submit = SubmitField("Add challenge", widget=GovSubmitInput())


class ChallengeResultForm(BundlerForm):
    result = SelectField("Result", widget=GovSelect(), choices=options(
        [("pending", "Pending"), ("granted", "Granted"), ("refused", "Refused"), ("withdrawn", "Withdrawn")]))
    result_on = _date("Result on", "the date of the result")
    submit = SubmitField("Save result", widget=GovSubmitInput())


class SpendForm(BundlerForm):
    kind = SelectField("Kind", widget=GovSelect(), choices=options(SPEND_KINDS.items()))
    amount = IntegerField("Amount (£)", widget=GovTextInput(), validators=[
        InputRequired("Enter the amount in whole pounds"), NumberRange(min=0, max=10_000_000)])
    hours = DecimalField("Hours (officer time)", widget=GovTextInput(), places=1,
                         validators=[Optional(), NumberRange(min=0, max=10_000)])
    note = StringField("Note", widget=GovTextInput(), validators=[Length(max=200)])
    submit = SubmitField("Add spend", widget=GovSubmitInput())


class PlacementForm(BundlerForm):
    stage = RadioField("Placement", widget=GovRadioInput(), validators=[InputRequired("Select before or after")],
                       choices=options([("before", "Before the appeal"), ("after", "After the appeal")]))
    kind = SelectField("Type", widget=GovSelect(), choices=options(PLACEMENT_TYPES.items()))
    residential = BooleanField("Residential", widget=GovCheckboxInput())
    annual_cost = IntegerField("Annual placement cost (£)", widget=GovTextInput(), validators=[
        InputRequired("Enter the annual placement cost in whole pounds"), NumberRange(min=0, max=10_000_000)])
    transport_cost = IntegerField("Annual transport cost (£)", widget=GovTextInput(), default=0, validators=[
        Optional(), NumberRange(min=0, max=10_000_000)])
    submit = SubmitField("Save placement", widget=GovSubmitInput())
