from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired

from ..forms import BundlerForm


class LoginForm(BundlerForm):
    email = EmailField("Email address", widget=GovTextInput(),
                       validators=[InputRequired("Enter your email address")])
    password = PasswordField("Password", widget=GovPasswordInput(),
                             validators=[InputRequired("Enter your password")])
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class ResetRequestForm(BundlerForm):
    email = EmailField("Email address", widget=GovTextInput(),
                       validators=[InputRequired("Enter your email address")])
    submit = SubmitField("Send me a reset link", widget=GovSubmitInput())


class NewPasswordForm(BundlerForm):
    password = PasswordField("New password", widget=GovPasswordInput(),
                             validators=[InputRequired("Enter a new password")])
    confirm = PasswordField("Enter the password again", widget=GovPasswordInput(), validators=[
        InputRequired("Enter the password again"), EqualTo("password", "The two passwords do not match")])
    submit = SubmitField("Save password", widget=GovSubmitInput())


class CodeForm(BundlerForm):
    code = StringField("Code", widget=GovTextInput(), validators=[InputRequired("Enter the code")])
    submit = SubmitField("Continue", widget=GovSubmitInput())
