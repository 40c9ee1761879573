from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, EmailField, IntegerField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional, StopValidation, ValidationError

from ... import dates
from ...models.evidence import Party
from ...services.evidence import section_choices
from ..forms import BundlerForm, EmailAddress, GovDateField, TextRequired, options
from ..uploads import files_field


def not_in_the_past(form, field):
    if field.data and field.data < dates.today():
        raise ValidationError("Due date must be today or in the future")


def party_choices():
    return options(Party.choices())


class DocumentFieldsMixin:
    """The details every document has; the section list comes from the bundle template."""

    def set_choices(self):
        self.section.choices = options(section_choices())
        self.party.choices = party_choices()


class UploadForm(DocumentFieldsMixin, BundlerForm):
    files = files_field()
    section = SelectField("Bundle section", widget=GovSelect(), validators=[InputRequired("Select a bundle section")])
    party = RadioField("Relied on by", widget=GovRadioInput(), validators=[InputRequired("Select who relies on it")])
    author = StringField("Author or profession", widget=GovTextInput(),
                         description="For example, Educational psychologist",
                         validators=[Optional(), Length(max=200, message="Author must be 200 characters or fewer")])
    document_date = GovDateField("Date of the documents", what="the date of the documents", required=False,
                                 description="Leave blank to use each document's own date, read from its first page "
                                             "or the file's details. For example, 27 3 2026.")
    no_ocr = BooleanField("Do not OCR these files", widget=GovCheckboxInput(),
                          description="Pages without text (scans, photos) are made searchable automatically. "
                                      "Tick this only to keep them as they are.")
    submit = SubmitField("Upload", widget=GovSubmitInput())


class DocumentForm(DocumentFieldsMixin, BundlerForm):
    title = StringField("Title", widget=GovTextInput(), validators=[
        TextRequired("Enter the document's title"), Length(max=300, message="Title must be 300 characters or fewer")])
    author = UploadForm.author
    document_date = GovDateField("Date", what="the document's date", description="For example, 27 3 2026")
    section = UploadForm.section
    party = UploadForm.party
    submit = SubmitField("Save", widget=GovSubmitInput())


class EvidenceRequestForm(BundlerForm):
    recipient_name = StringField("School or professional", widget=GovTextInput(),
                                 description="For example, Riverside Primary School (SENCo)",
                                 validators=[TextRequired("Enter who you are asking"),
                                             Length(max=200, message="Name must be 200 characters or fewer")])
    recipient_email = EmailField("Email address", widget=GovTextInput(),
                                 description="Leave blank to send the link yourself",
                                 validators=[Optional(),
                                             EmailAddress("Enter an email address like name@school.example"),
                                             Length(max=254, message="Email must be 254 characters or fewer")])
    details = StringField("What you are asking for", widget=GovTextArea(),
                          validators=[TextRequired("Say what evidence you are asking for"),
                                      Length(max=2000, message="Keep this to 2000 characters or fewer")])
    due_date = GovDateField("Due date", what="the date the evidence is due", description="For example, 27 3 2026",
                            validators=[not_in_the_past])
    section = SelectField("Bundle section for what arrives", widget=GovSelect(),
                          validators=[InputRequired("Select a bundle section")])
    submit = SubmitField("Create request", widget=GovSubmitInput())

    def set_choices(self):
        self.section.choices = options(section_choices())


def reason_if_kept(form, field):
    if form.place.data == "keep" and not (field.data or "").strip():
        raise ValidationError("Say why this document is kept out of date order: the bundle's index prints it")
    field.data = (field.data or "").strip()


def position_if_kept(form, field):
    if form.place.data == "keep" and (field.data is None or field.data < 1):
        raise StopValidation("Enter the position to keep it at, as a number such as 1 for first")


class PlaceForm(BundlerForm):
    """Where a document goes in its section: the Practice Direction's date order, or kept at a position."""
    place = RadioField("Place in the bundle", widget=GovRadioInput(), validators=[InputRequired("Choose a place")],
                       choices=options([("date", "In date order (as the Practice Direction asks)"),
                                        ("keep", "Keep at a position of my own, out of date order")]))
    position = IntegerField("Position in the section", widget=GovTextInput(), description="1 is first",
                            validators=[position_if_kept, Optional()])
    reason = StringField("Why it is kept there", widget=GovTextInput(),
                         description="Printed in the bundle's index note, for example: the annex follows the "
                                     "report it belongs to",
                         validators=[reason_if_kept, Length(max=300, message="Keep it to 300 characters")])
    submit = SubmitField("Save the place", widget=GovSubmitInput())
