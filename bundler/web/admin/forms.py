from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, EmailField, RadioField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from ...models import Role
from ..forms import BundlerForm, EmailAddress, TextRequired, options


class UserForm(BundlerForm):
    name = StringField("Full name", widget=GovTextInput(), validators=[
        TextRequired("Enter the person's full name"), Length(max=120, message="Name must be 120 characters or fewer")])
    email = EmailField("Email address", widget=GovTextInput(), validators=[
        InputRequired("Enter the person's work email address"),
        EmailAddress("Enter an email address in the correct format, like name@example.gov.uk"),
        Length(max=254, message="Email address must be 254 characters or fewer")])
    role = RadioField("Role", widget=GovRadioInput(), validators=[InputRequired("Select the person's role")],
                      choices=options(Role.choices()))
    teams = SelectMultipleField("Teams", widget=GovCheckboxesInput(), coerce=int,
                                description="They see the cases of these teams. Administrators see every case.")
    active = BooleanField("Account is active (the person can sign in)", widget=GovCheckboxInput(), default=True)
    submit = SubmitField("Save", widget=GovSubmitInput())


class TeamForm(BundlerForm):
    name = StringField("Team name", widget=GovTextInput(), validators=[
        TextRequired("Enter the team's name"), Length(max=120, message="Team name must be 120 characters or fewer")])
    members = SelectMultipleField("Members", widget=GovCheckboxesInput(), coerce=int,
                                  description="They see every case on this team.")
    submit = SubmitField("Save", widget=GovSubmitInput())
