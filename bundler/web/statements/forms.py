from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovRadioInput, GovSelect, GovSubmitInput, GovTextArea
from wtforms import BooleanField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from ...drafting.position import OPPOSES, POSITIONS
from ..forms import BundlerForm, GovDateField, options

MAX_PART = 60_000


class PositionForm(BundlerForm):
    """The authority's position: chosen when the draft starts, changed while it is a draft."""
    position = RadioField("The local authority's position on the appeal", widget=GovRadioInput(), default=OPPOSES,
                          choices=options(POSITIONS.items()))
    conceded = TextAreaField("Issues the local authority concedes", widget=GovTextArea(),
                             description="Only when it opposes in part: one issue a line, for example "
                                         "\"Section F: the speech and language therapy the appellant asks for\".",
                             validators=[Length(max=5000, message="Concessions must be 5,000 characters or fewer")])
    paper_decision = BooleanField("The local authority is content for the Tribunal to decide without a hearing",
                                  widget=GovCheckboxInput(),
                                  description="Adds the optional paragraph under rule 21(3); common in an appeal "
                                              "against a refusal to assess.")


class SignatoryForm(BundlerForm):
    signatory = SelectField("Who signs for the local authority", widget=GovSelect(), coerce=int,
                            description="Only people on the administrators' list of authorised signatories.")
    submit = SubmitField("Choose signatory", widget=GovSubmitInput())


class FiledForm(BundlerForm):
    filed_on = GovDateField("Date sent to the Tribunal", what="the date it was sent to the Tribunal",
                            description="For example, 27 3 2026")
    submit = SubmitField("Record as filed", widget=GovSubmitInput())


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
