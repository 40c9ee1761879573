from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import HiddenField, StringField, SubmitField
from wtforms.validators import Length

from ..forms import BundlerForm


class TermsForm(BundlerForm):
    """What to redact: terms to find (other children's names) and, with JavaScript, areas drawn on the pages."""
    terms = StringField("Words to redact", widget=GovTextArea(),
                        description="For example, the names of other children. One per line: a full name finds "
                                    "the whole name, a first name finds it on its own too.",
                        validators=[Length(max=5000, message="Enter at most 5000 characters of terms")])
    areas = HiddenField()
    submit = SubmitField("Find matches", widget=GovSubmitInput())
