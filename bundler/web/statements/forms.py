from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea
from wtforms import BooleanField, SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from ..forms import BundlerForm


MAX_PART = 60_000


class ActionForm(BundlerForm):
    """A button that changes the statement (start, send to legal, approve, request changes); CSRF only."""


class PartForm(BundlerForm):
    text = TextAreaField("Text", widget=GovTextArea(), validators=[
        Length(max=MAX_PART, message=f"A part must be {MAX_PART:,} characters or fewer; split it or shorten it")])
    document = SelectField("Document to cite", widget=GovSelect(), validate_choice=False)
    insert = SubmitField("Insert reference", widget=GovSubmitInput())
    save = SubmitField("Save", widget=GovSubmitInput())


class CommentForm(BundlerForm):
    part = SelectField("Part", widget=GovSelect())
    body = TextAreaField("Comment", widget=GovTextArea(), validators=[
        InputRequired("Enter your comment"), Length(max=5000, message="Comment must be 5,000 characters or fewer")])
    add = SubmitField("Add comment", widget=GovSubmitInput())


class AnswerForm(BundlerForm):
    """Drawn by hand in the template, once for each comment, so each has its own field ids."""
    answer = TextAreaField("Your answer", validators=[
        Length(max=5000, message="Answer must be 5,000 characters or fewer")])
    resolve = BooleanField("Mark as resolved")


class TemplateForm(BundlerForm):
    source = TextAreaField("Statement template", widget=GovTextArea(), validators=[
        Length(max=100_000, message="The template must be 100,000 characters or fewer")])
    save = SubmitField("Save template", widget=GovSubmitInput())
    restore = SubmitField("Use the default template", widget=GovSubmitInput())
