from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import RadioField, SubmitField

from ..forms import BundlerForm, options


class DigestForm(BundlerForm):
    digest = RadioField("Daily e-mail of your deadlines", widget=GovRadioInput(), choices=options(
        [("on", "Yes, e-mail me each working morning"), ("off", "No, turn it off")]))
    submit = SubmitField("Save", widget=GovSubmitInput())
