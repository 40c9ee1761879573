from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ...models import MediationChoice, MediationOutcome
from ...models.mediation import NOTICE_CHECKLIST
from ...models.outcomes import ISSUES
from ..forms import BundlerForm, GovDateField, options, text

CHOICE_LABELS = {MediationChoice.undecided: "Not known yet", MediationChoice.mediate: "Wants mediation",
                 MediationChoice.decline: "Declined mediation (the adviser issues the certificate)"}
OUTCOME_LABELS = {MediationOutcome.pending: "Not held yet", MediationOutcome.agreed: "Agreement on every issue",
                  MediationOutcome.agreed_in_part: "Agreement on some issues",
                  MediationOutcome.not_agreed: "No agreement",
                  MediationOutcome.not_held: "Not held: the authority could not arrange it within 30 days"}


def _date(label, what, hint=""):
    return GovDateField(label, what=what, required=False, description=hint)


class MediationForm(BundlerForm):
    notice_sent_on = _date("Notice of the decision sent (reg 32)", "the date the notice was sent")
    notice_checks = SelectMultipleField("The notice says", widget=GovCheckboxesInput(),
                                        choices=options(NOTICE_CHECKLIST.items()), validators=[Optional()])
    issues = SelectMultipleField("Issues in dispute", widget=GovCheckboxesInput(), choices=options(ISSUES.items()),
                                 validators=[Optional()])
    choice = RadioField("The parent's or young person's choice", widget=GovRadioInput(),
                        choices=options((c.value, label) for c, label in CHOICE_LABELS.items()),
                        default=MediationChoice.undecided.value)
    adviser_contacted_on = _date("Mediation adviser contacted", "the date the adviser was contacted")
    declined_on = _date("Mediation declined on", "the date mediation was declined")
    told_on = _date("Authority told they want mediation", "the date the authority was told",
                    "The authority must arrange mediation within 30 days")
    health_in_issue = BooleanField("Health provision is in issue", widget=GovCheckboxInput())
    health_notice_sent_on = _date("Notice to each health body sent", "the date the health notice was sent",
                                  "Within 3 working days of being told")
    cannot_arrange_on = _date("Authority told the adviser it cannot arrange mediation within 30 days",
                              "the date the adviser was told")
    mediation_on = _date("Mediation date", "the mediation date")
    attendee_id = SelectField("Attending for the authority", coerce=int, widget=GovSelect())
    attendee_can_settle = BooleanField("They have authority to settle", widget=GovCheckboxInput())
    outcome = RadioField("Outcome", widget=GovRadioInput(),
                         choices=options((o.value, label) for o, label in OUTCOME_LABELS.items()),
                         default=MediationOutcome.pending.value)
    certificate_on = _date("Mediation certificate issued", "the date the certificate was issued")
    agreement_on = _date("Written mediation agreement dated", "the date of the agreement")
    position = TextAreaField("The authority's position", widget=GovTextArea(), validators=[Length(max=4000)])
    room_to_settle = TextAreaField("Room to settle", widget=GovTextArea(), validators=[Length(max=4000)])
    options_text = TextAreaField("Options", widget=GovTextArea(), validators=[Length(max=4000)])
    submit = SubmitField("Save mediation record", widget=GovSubmitInput())

    def values(self) -> dict:
        return {
            "notice_sent_on": self.notice_sent_on.data, "notice_checks": ",".join(self.notice_checks.data or []),
            "issues": ",".join(self.issues.data or []), "choice": MediationChoice(self.choice.data),
            "adviser_contacted_on": self.adviser_contacted_on.data, "declined_on": self.declined_on.data,
            "told_on": self.told_on.data, "health_in_issue": self.health_in_issue.data,
            "health_notice_sent_on": self.health_notice_sent_on.data,
            "cannot_arrange_on": self.cannot_arrange_on.data, "mediation_on": self.mediation_on.data,
            "attendee_id": self.attendee_id.data or None, "attendee_can_settle": self.attendee_can_settle.data,
            "outcome": MediationOutcome(self.outcome.data), "certificate_on": self.certificate_on.data,
            "agreement_on": self.agreement_on.data, "position": text(self.position),
            "room_to_settle": text(self.room_to_settle), "options": text(self.options_text)}

    def fill(self, mediation) -> None:
        for name in ("notice_sent_on", "adviser_contacted_on", "declined_on", "told_on", "health_in_issue",
                     "health_notice_sent_on", "cannot_arrange_on", "mediation_on", "attendee_can_settle",
                     "certificate_on", "agreement_on", "position", "room_to_settle"):
            getattr(self, name).data = getattr(mediation, name)
        self.notice_checks.data = sorted(mediation.checked)
        self.issues.data = mediation.issue_keys
        self.choice.data, self.outcome.data = mediation.choice.value, mediation.outcome.value
        self.attendee_id.data = mediation.attendee_id or 0
        self.options_text.data = mediation.options

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.attendee_can_settle.data and not self.attendee_id.data:
            self.attendee_id.errors.append("Select who attends for the authority")
            ok = False
        return ok


class ActionForm(BundlerForm):
    act = StringField("What the authority agreed to do", widget=GovTextInput(), validators=[
        InputRequired("Enter what the authority agreed to do"), Length(max=250)])
    kind = SelectField("What kind of item is it?", widget=GovSelect(), validators=[Optional()])
    written_due = _date("Another date agreed in writing", "the date agreed in writing",
                        "Only if the parties agreed another timescale in writing")
    written_record = TextAreaField("Where the written agreement to that timescale is kept", widget=GovTextArea(),
                                   validators=[Length(max=1000)])
    submit = SubmitField("Add action", widget=GovSubmitInput())

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.written_due.data and not text(self.written_record):
            self.written_record.errors.append("Say where the written agreement to the other timescale is kept")
            ok = False
        return ok
