"""Uploading files, for the officers' upload page and the public one behind an evidence request's link."""
from flask import current_app
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import MultipleFileField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from .. import dates
from ..engine.errors import InputError
from ..models.evidence import Document
from ..services import evidence
from .forms import BundlerForm, GovDateField, TextRequired, options


def files_chosen(form, field):
    if not [f for f in field.data or [] if getattr(f, "filename", "")]:
        raise ValidationError("Select one or more files to upload")


def files_field() -> MultipleFileField:
    return MultipleFileField("Files", widget=GovFileInput(), validators=[files_chosen],
                             description="PDF, Word, OpenDocument, RTF, JPEG, PNG or TIFF. You can choose several.")


def checked_uploads(field) -> tuple[list[evidence.Upload], list[InputError]]:
    """The chosen files that can be used, and an error naming each that cannot, with why."""
    return evidence.screen_uploads([evidence.Upload(f.filename, f.stream) for f in field.data or [] if f.filename])


def refused_messages(refused: list[InputError]) -> list[str]:
    return [f"{error.file} could not be used: {error.reason}" for error in refused]


def refused_message(refused: list[InputError]) -> str:
    """Every refused file's name and reason in one message: a field shows only its first error."""
    return " ".join(message if message.endswith(".") else f"{message}." for message in refused_messages(refused))


def size_advice() -> str:
    limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    return f"Send at most {limit} MB at a time: choose fewer files, or split a large PDF."


# Describing each file of a batch ------------------------------------------------------------------------------

def not_after_today(form, field):
    if field.data and field.data > dates.today():
        raise ValidationError(f"{field.label.text} must be today or in the past")


def _file_fields(document: Document, staff: bool) -> dict:
    """The fields one file gets, each naming the file in its messages (there is a set for every file)."""
    name = document.original_filename
    fields = {"title": StringField("Title", widget=GovTextInput(), validators=[
        TextRequired(f"Enter a title for {name}"),
        Length(max=300, message=f"The title of {name} must be 300 characters or fewer")])}
    if staff:
        fields["section"] = SelectField("Bundle section", widget=GovSelect(),
                                        choices=options(evidence.section_choices()),
                                        validators=[InputRequired(f"Select a bundle section for {name}")])
        fields["author"] = StringField("Author or profession", widget=GovTextInput(), validators=[
            Optional(), Length(max=200, message=f"The author of {name} must be 200 characters or fewer")])
    fields["document_date"] = GovDateField(
        f"Date of {name}", what=f"the date of {name}", required=False, validators=[not_after_today],
        description="The date the document gives itself, for example 27 3 2026. Leave it blank if it has none.")
    if not staff:
        fields["note"] = StringField("Anything we should know about it (optional)", widget=GovTextArea(), validators=[
            Optional(), Length(max=2000, message=f"Keep the note on {name} to 2000 characters or fewer")])
    return fields


class DescribeForm(BundlerForm):
    """One set of fields per file: `files` is [(document, {name: field})] in upload order."""
    submit = SubmitField("Save the details", widget=GovSubmitInput())

    def file_fields(self, documents: list[Document]) -> list[tuple[Document, dict]]:
        return [(d, {key: self[f"{key}-{d.id}"] for key in _FIELD_NAMES if f"{key}-{d.id}" in self})
                for d in documents]


_FIELD_NAMES = ("title", "section", "author", "document_date", "note")


def describe_form(documents: list[Document], *, staff: bool, fresh: bool = False) -> DescribeForm:
    """The form describing each of `documents` (staff: section, author and date; a sender: title, date and a
    note), prefilled with what is known, including a date read from the file; `fresh`: not from the request."""
    per_file = {d.id: _file_fields(d, staff) for d in documents}
    form_class = type("FilesDescribeForm", (DescribeForm,), {
        f"{key}-{doc_id}": field for doc_id, fields in per_file.items() for key, field in fields.items()})
    known = {f"{key}-{d.id}": getattr(d, key) for d in documents for key in per_file[d.id]}
    return form_class(formdata=None, data=known) if fresh else form_class(data=known)


def describe_documents(form: DescribeForm, documents: list[Document]) -> None:
    """Save what the form says about each document: a date left blank keeps the one it has (or none)."""
    for document, fields in form.file_fields(documents):
        evidence.describe(document, {key: field.data for key, field in fields.items()})
