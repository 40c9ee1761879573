from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ...models import DirectionStatus
from ..forms import BundlerForm, GovDateField, RequiredIf, options


class DashboardFilterForm(BundlerForm):
    """Filters on the dashboard: a GET form that changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    officer = SelectField("Responsible officer", widget=GovSelect(), default="")
    case = SelectField("Case", widget=GovSelect(), default="")
    submit = SubmitField("Apply filters", widget=GovSubmitInput())


class OverrideForm(BundlerForm):
    due = GovDateField("Date the tribunal's letter gives", what="the date the tribunal's letter gives",
                       description="For example, 27 3 2026")
    submit = SubmitField("Save this date", widget=GovSubmitInput())


class ResponsibleMixin:
    responsible_id = SelectField("Responsible officer", coerce=int, widget=GovSelect())


class DirectionForm(ResponsibleMixin, BundlerForm):
    title = StringField("What must be done", widget=GovTextInput(), validators=[
        InputRequired("Enter what the direction says must be done"),
        Length(max=200, message="Keep it to 200 characters or fewer")])
    date_kind = RadioField("How does the order give the date?", widget=GovRadioInput(),
                           choices=options([("fixed", "A fixed date"),
                                            ("counted", "A number of working days from a date")]),
                           validators=[InputRequired("Select how the order gives the date")])
    due = GovDateField("Fixed date", what="the date the order gives", required=False,
                       validators=[RequiredIf("date_kind", "fixed", "Enter the date the order gives")])
    start = GovDateField("Counting from", what="the date to count from", required=False,
                         description="Usually the date the order was sent",
                         validators=[RequiredIf("date_kind", "counted", "Enter the date to count from")])
    working_days = IntegerField("Number of working days", widget=GovTextInput(), validators=[
        RequiredIf("date_kind", "counted", "Enter the number of working days"),
        Optional(), NumberRange(min=1, max=250, message="Enter a number of working days from 1 to 250")])
    submit = SubmitField("Add direction", widget=GovSubmitInput())


class StatusForm(BundlerForm):
    status = RadioField("Status", widget=GovRadioInput(), choices=options([
        (DirectionStatus.open.value, "Open"), (DirectionStatus.done.value, "Done"),
        (DirectionStatus.missed.value, "Missed")]), validators=[InputRequired("Select the status")])
    done_on = GovDateField("Date it was done", what="the date it was done", required=False,
                           validators=[RequiredIf("status", DirectionStatus.done.value, "Enter the date it was done")])
    evidence_note = TextAreaField("Evidence it was done", widget=GovTextArea(),
                                  description=('For example, "Response emailed to the tribunal, receipt in the '
                                               'case file"'),
                                  validators=[RequiredIf("status", DirectionStatus.done.value,
                                                         "Enter the evidence that it was done"),
                                              Length(max=2000, message="Keep the note to 2000 characters or fewer")])
    submit = SubmitField("Save status", widget=GovSubmitInput())


class HolidayForm(BundlerForm):
    day = GovDateField("Date", what="the date of the holiday", description="For example, 8 5 2026")
    name = StringField("Name", widget=GovTextInput(), description="For example, \"Coronation bank holiday\"",
                       validators=[InputRequired("Enter the name of the holiday"),
                                   Length(max=120, message="Keep the name to 120 characters or fewer")])
    submit = SubmitField("Add holiday", widget=GovSubmitInput())
