"""What every area's forms share: the BundlerForm base, the GOV.UK date input whose errors say what to enter, and the
validators."""
import re
from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.main import wtforms_errors
from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import DateField, PasswordField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Regexp, StopValidation

DATE_PARTS = ("day", "month", "year")
FIRST_YEAR, LAST_YEAR = 1900, 2100


def strip_whitespace(value):
    return value.strip() if isinstance(value, str) else value


class BundlerForm(FlaskForm):
    """The base of every form: what is typed arrives without surrounding spaces (GOV.UK Notify's StripWhitespaceForm),
    except passwords, which are taken as typed."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            strip = issubclass(field_class, StringField) and not issubclass(field_class, PasswordField)
            filters = [strip_whitespace] if strip else []
            filters += unbound_field.kwargs.get("filters", [])
            return unbound_field.bind(form=form, filters=filters, **options)


class ButtonForm(BundlerForm):
    """A button that changes something (start, approve, accept, write a version...): no fields, CSRF only."""


class GovDateField(DateField):
    """Day, month and year boxes. `what` finishes "Enter ...", e.g. "the hearing date"."""

    widget = GovDateInput()

    def __init__(self, label, validators=None, *, what: str, required: bool = True, **kwargs):
        super().__init__(label, validators, format="%d %m %Y", **kwargs)
        self.what = what
        self.required = required
        # The errors give the same example as the hint (a date of birth's is not 2026's).
        hint = re.search(r"\b(\d{1,2}) (\d{1,2}) (\d{4})\b", kwargs.get("description", ""))
        self.example = hint.group(0) if hint else DEFAULT_EXAMPLE

    def process_formdata(self, valuelist):
        parts = [value.strip() for value in valuelist] + [""] * (3 - len(valuelist))
        self.raw_data = parts[:3]
        self.data = None
        self.data = parse_date_parts(self.label.text, self.what, parts[:3], self.required, self.example)

    def pre_validate(self, form):
        # A post without the boxes at all never reaches process_formdata; it must not pass as an empty date.
        if self.required and self.data is None and not self.process_errors:
            raise StopValidation(f"Enter {self.what}")


DEFAULT_EXAMPLE = "27 3 2026"


def parse_date_parts(label: str, what: str, parts: list[str], required: bool,
                     example: str = DEFAULT_EXAMPLE) -> date | None:
    """Turn day, month, year text into a date, or raise ValueError with what to enter."""
    if not any(parts):
        if required:
            raise ValueError(f"Enter {what}")
        return None
    missing = [name for name, value in zip(DATE_PARTS, parts, strict=False) if not value]
    if missing:
        raise ValueError(f"{label} must include a {' and a '.join(missing)}")
    if not all(value.isdigit() for value in parts):
        raise ValueError(f"{label} must be a real date, using numbers, for example {example}")
    day, month, year = (int(value) for value in parts)
    if len(parts[2]) != 4:
        raise ValueError(f"Year must include 4 numbers, for example {example.split()[-1]}")
    if not FIRST_YEAR <= year <= LAST_YEAR:  # a typing slip; year 9999 would also overflow deadline arithmetic
        raise ValueError(f"{label} must be between {FIRST_YEAR} and {LAST_YEAR}, for example {example}")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{label} must be a real date, for example {example}") from None


class TextRequired(InputRequired):
    """InputRequired that also refuses text of only spaces (which BundlerForm has stripped to nothing)."""

    def __call__(self, form, field):
        super().__call__(form, field)
        if not field.data:
            raise StopValidation(self.message)


class RequiredIf:
    """This field must be filled in when the form's field `other` has `value` (the fixed date, when the order gives
    one). Put it before Optional, which would otherwise stop the checks on an empty field."""

    def __init__(self, other: str, value, message: str):
        self.other, self.value, self.message = other, value, message

    def __call__(self, form, field):
        empty = not any(str(part).strip() for part in field.raw_data or [])
        if empty and form[self.other].data == self.value:
            field.errors[:] = []  # "not a valid number" for an empty box says less than this message
            raise StopValidation(self.message)


class EmailAddress(Regexp):
    """Enough to catch typing mistakes (one @, a dot after it, no spaces); the mail server has the last word."""

    def __init__(self, message: str):
        super().__init__(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=message)


def options(pairs) -> list[SelectChoice]:
    """Select-box choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def error_summary(form, params=None) -> dict:
    """GOV.UK error summary parameters whose links land on the field to fix: a date's first box, not its fieldset."""
    summary = wtforms_errors(form, params or {})
    date_ids = {f"#{field.id}": f"#{field.name}-day" for field in form if isinstance(field, GovDateField)}
    for item in summary["errorList"]:
        item["href"] = date_ids.get(item["href"], item["href"])
    return summary


def text(field) -> str:
    """A text field's value without surrounding spaces ("" when it was not posted)."""
    return (field.data or "").strip()
