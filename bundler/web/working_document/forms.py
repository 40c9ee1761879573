from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from ..forms import BundlerForm, GovDateField

MAX_WORDING = 10_000


class ImportForm(BundlerForm):
    document = SelectField("The plan's Word document", widget=GovSelect(),
                           validators=[InputRequired("Select the plan's .docx")])
    submit = SubmitField("Import the plan", widget=GovSubmitInput())


class ConfirmPlanForm(BundlerForm):
    """The item fields are drawn by hand, one per item; this holds the plan's own details."""
    version = StringField("Plan version or name", widget=GovTextInput(), validators=[Length(max=60)])
    issued = GovDateField("Date the plan was issued", what="the date the plan was issued", required=False)
    submit = SubmitField("Confirm the plan", widget=GovSubmitInput())


class ProposeForm(BundlerForm):
    field = SelectField("Which wording", widget=GovSelect(), validate_choice=False)
    wording = TextAreaField("The authority's wording", widget=GovTextArea(), validators=[
        InputRequired("Enter the wording the authority proposes"),
        Length(max=MAX_WORDING, message=f"Wording must be {MAX_WORDING:,} characters or fewer")])
    submit = SubmitField("Propose this wording", widget=GovSubmitInput())


class CounterForm(BundlerForm):
    wording = TextAreaField("The authority's wording instead", widget=GovTextArea(), validators=[
        InputRequired("Enter the wording the authority proposes instead"),
        Length(max=MAX_WORDING, message=f"Wording must be {MAX_WORDING:,} characters or fewer")])
    submit = SubmitField("Counter-propose", widget=GovSubmitInput())


class EvidenceForm(BundlerForm):
    document = SelectField("Evidence", widget=GovSelect(), validators=[InputRequired("Select the evidence")])
    submit = SubmitField("Attach evidence", widget=GovSubmitInput())


class ReturnedForm(BundlerForm):
    file = FileField("The appellant's working document (.docx)", widget=GovFileInput(),
                     validators=[InputRequired("Choose the .docx the appellant sent back")])
    submit = SubmitField("Read the returned file", widget=GovSubmitInput())


class SendForm(BundlerForm):
    reason = TextAreaField("Reason for sending despite the plan check errors", widget=GovTextArea(),
                           validators=[Length(max=2000, message="The reason must be 2,000 characters or fewer")])
    submit = SubmitField("Mark as ready and sent", widget=GovSubmitInput())


class DecisionForm(BundlerForm):
    """Which side the Tribunal found for on each disputed proposal is drawn by hand, one radio group each."""
    order_sent = GovDateField("Date the Tribunal sent its decision", what="the date the decision was sent")
    submit = SubmitField("Apply the decision", widget=GovSubmitInput())
