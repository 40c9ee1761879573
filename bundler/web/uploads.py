"""Uploading files, for the officers' upload page and the public one behind an evidence request's link."""
from flask import current_app
from govuk_frontend_wtf.wtforms_widgets import GovFileInput
from wtforms import MultipleFileField
from wtforms.validators import ValidationError

from ..engine.errors import InputError
from ..services import evidence


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


def size_advice() -> str:
    limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    return f"Send at most {limit} MB at a time: choose fewer files, or split a large PDF."
