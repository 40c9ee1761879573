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
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ...models import Role
from ...models.retention import RETENTION_BASES
from ..forms import BundlerForm, EmailAddress, GovDateField, TextRequired, options


class UserForm(BundlerForm):
    name = StringField("Full name", widget=GovTextInput(), validators=[
        TextRequired("Enter the person's full name"), Length(max=120, message="Name must be 120 characters or fewer")])
    email = EmailField("Email address", widget=GovTextInput(), validators=[
        InputRequired("Enter the person's work email address"),
        EmailAddress("Enter an email address in the correct format, like name@example.gov.uk"),
        Length(max=254, message="Email address must be 254 characters or fewer")])
    job_title = StringField("Job title", widget=GovTextInput(),
                            description="As a response to the Tribunal states it, for example \"Senior SEND Officer\"",
                            validators=[Optional(),
                                        Length(max=120, message="Job title must be 120 characters or fewer")])
    role = RadioField("Role", widget=GovRadioInput(), validators=[InputRequired("Select the person's role")],
                      choices=options(Role.choices()))
    teams = SelectMultipleField("Teams", widget=GovCheckboxesInput(), coerce=int,
                                description="They see the cases of these teams. Administrators see every case.")
    active = BooleanField("Account is active (the person can sign in)", widget=GovCheckboxInput(), default=True)
    authorised_signatory = BooleanField("Authorised to sign responses to the Tribunal for the authority",
                                        widget=GovCheckboxInput())
    submit = SubmitField("Save", widget=GovSubmitInput())


class TeamForm(BundlerForm):
    name = StringField("Team name", widget=GovTextInput(), validators=[
        TextRequired("Enter the team's name"), Length(max=120, message="Team name must be 120 characters or fewer")])
    document_address = TextAreaField(
        "Address for documents", widget=GovTextArea(),
        description="Postal address, e-mail address and telephone number where the Tribunal and the other parties "
                    "send documents for this team's cases. Responses print it in the signature block.",
        validators=[Optional(), Length(max=1000, message="Address must be 1,000 characters or fewer")])
    members = SelectMultipleField("Members", widget=GovCheckboxesInput(), coerce=int,
                                  description="They see every case on this team.")
    submit = SubmitField("Save", widget=GovSubmitInput())


class AuditFilterForm(BundlerForm):
    """A GET form that changes nothing, so it carries no CSRF token. The people and actions are filled in by the
    view."""

    class Meta:
        csrf = False

    person = SelectField("Person", widget=GovSelect(), default="")
    case = StringField("Case reference", widget=GovTextInput(), description="For example EH999/25/00001",
                       validators=[Optional(), Length(max=20, message="A case reference is 20 characters or fewer")])
    action = SelectField("Action", widget=GovSelect(), default="")
    from_date = GovDateField("From", what="the first day to show", required=False,
                             description="For example 1 9 2025")
    to_date = GovDateField("To", what="the last day to show", required=False, description="For example 31 8 2026")
    submit = SubmitField("Apply filters", widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and self.from_date.data and self.to_date.data and self.to_date.data < self.from_date.data:
            self.to_date.errors.append("The last day must be the same as or after the first day")
            ok = False
        return ok


class RetentionPolicyForm(BundlerForm):
    basis = RadioField("Count the retention period from", widget=GovRadioInput(),
                       choices=options(list(RETENTION_BASES.items())),
                       validators=[InputRequired("Select what the retention period is counted from")])
    age = IntegerField("Birthday to count from (age)", widget=GovTextInput(),
                       description="Used when the period is counted from a birthday; for example 25",
                       validators=[InputRequired("Enter the age the period is counted from"),
                                   NumberRange(min=0, max=40, message="Enter an age from 0 to 40")])
    years = IntegerField("Years to keep the documents", widget=GovTextInput(), description="For example 6",
                         validators=[InputRequired("Enter how many years the documents are kept"),
                                     NumberRange(min=1, max=100, message="Enter a number of years from 1 to 100")])
    submit = SubmitField("Save the retention policy", widget=GovSubmitInput())


class DestroyDocumentsForm(BundlerForm):
    reference = StringField("Type the case reference to confirm", widget=GovTextInput(),
                            validators=[InputRequired("Type the case reference to confirm")])
    submit = SubmitField("Destroy the documents", widget=GovSubmitInput())
