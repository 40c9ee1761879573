from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ... import dates
from ...drafting.issues import APPELLANT_KINDS, HEALTH_AND_CARE_SECTIONS, PLAN_ISSUES, IssuesError
from ...engine.errors import ManifestError
from ...engine.manifest import validate_reference
from ...models import CaseStatus
from ..forms import BundlerForm, GovDateField, TextRequired, options


def tribunal_reference(form, field):
    """Accept EH936/25/01234 with or without a space after EH; store the usual form."""
    try:
        field.data = validate_reference(field.data or "")
    except ManifestError:
        raise ValidationError(
            "Enter the tribunal reference as it appears on the registration letter, like EH936/25/01234") from None


def dated_before(other_name: str, message: str):
    def check(form, field):
        other = getattr(form, other_name).data
        if field.data and other and field.data < other:
            raise ValidationError(message)
    return check


class CaseForm(BundlerForm):
    reference = StringField(
        "Tribunal reference", widget=GovTextInput(), description="For example, EH936/25/01234",
        validators=[InputRequired("Enter the tribunal reference"), tribunal_reference])
    appeal_type = SelectField("Appeal type", widget=GovSelect(),
                              validators=[InputRequired("Select the appeal type")])
    issues = SelectMultipleField("Sections of the plan in dispute", widget=GovCheckboxesInput(),
                                 choices=options(PLAN_ISSUES.items()),
                                 description="Select all that apply. Leave blank for an appeal about whether to "
                                             "assess, issue or keep a plan.")
    extended_sections = SelectMultipleField(
        "Health and social care sections (extended appeal)", widget=GovCheckboxesInput(),
        choices=options(HEALTH_AND_CARE_SECTIONS.items()),
        description="Only if the appellant asks the Tribunal for recommendations on health or social care. "
                    "Leave blank if the appeal is not extended.")
    status = SelectField("Status", widget=GovSelect(),
                         choices=options(CaseStatus.choices()))
    team_id = SelectField("Team", coerce=int, widget=GovSelect(),
                          validators=[InputRequired("Select the team that handles this case")])
    officer_id = SelectField("Case officer", coerce=int, widget=GovSelect(),
                             description="Someone on the case's team")
    child_name = StringField("Child's full name", widget=GovTextInput(), validators=[
        TextRequired("Enter the child's full name"), Length(max=120, message="Name must be 120 characters or fewer")])
    child_dob = GovDateField("Child's date of birth", what="the child's date of birth",
                             description="For example, 27 3 2014")
    school = StringField("School or setting", widget=GovTextInput(), validators=[
        Optional(), Length(max=200, message="School must be 200 characters or fewer")])
    appellant_name = StringField("Appellant", widget=GovTextInput(), description="Usually the parent or carer",
                                 validators=[TextRequired("Enter the appellant's name"),
                                             Length(max=200, message="Name must be 200 characters or fewer")])
    appellant_kind = RadioField("Who is appealing", widget=GovRadioInput(), default="parent",
                                choices=options(APPELLANT_KINDS.items()))
    representative = StringField("Appellant's representative", widget=GovTextInput(),
                                 description="Leave blank if the appellant is not represented",
                                 validators=[Optional(),
                                             Length(max=200, message="Name must be 200 characters or fewer")])
    decision_letter_date = GovDateField("Decision letter date", what="the date of the decision letter",
                                        required=False, description="The local authority's decision being appealed")
    mediation_certificate_date = GovDateField(
        "Mediation certificate date", what="the date of the mediation certificate", required=False,
        validators=[dated_before("decision_letter_date",
                                 "Mediation certificate date must be on or after the decision letter date")])
    registration_date = GovDateField(
        "Registration date", what="the date the tribunal registered the appeal", required=False,
        validators=[dated_before("decision_letter_date",
                                 "Registration date must be on or after the decision letter date")])
    hearing_date = GovDateField(
        "Hearing date", what="the hearing date", required=False,
        validators=[dated_before("registration_date", "Hearing date must be after the registration date")])
    closed_on = GovDateField(
        "Date the case was closed", what="the date the case was closed", required=False,
        description="When the appeal and anything the authority had to do after it are finished. The authority's "
                    "retention period runs from here. For example, 27 3 2026")
    submit = SubmitField("Save case", widget=GovSubmitInput())

    def validate_extended_sections(self, field):
        from ...services.cases import check_extended
        try:
            check_extended(self.appeal_type.data, field.data or [])
        except IssuesError as exc:
            raise ValidationError(str(exc)) from None

    def validate_closed_on(self, field):
        if field.data and field.data > dates.today():
            raise ValidationError("Date the case was closed must be today or in the past")

    def validate_child_dob(self, field):
        if field.data and field.data >= dates.today():
            raise ValidationError("Child's date of birth must be in the past")
        if field.data and self.registration_date.data and field.data >= self.registration_date.data:
            raise ValidationError("Child's date of birth must be before the registration date")


class CaseFilterForm(BundlerForm):
    """The case list's search and filters: a GET form that changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    q = StringField("Search", widget=GovTextInput(), description="Reference, child or appellant")
    status = SelectField("Status", widget=GovSelect(), default="")
    officer = SelectField("Case officer", widget=GovSelect(), default="")
    # A legal reviewer's queue (shown to legal reviewers only): choices set by the view.
    statement = SelectField("Statement of case", widget=GovSelect(), default="")
    hearing_from = GovDateField("Hearing on or after", what="a date", required=False)
    hearing_to = GovDateField("Hearing on or before", what="a date", required=False)
    submit = SubmitField("Apply filters", widget=GovSubmitInput())
