from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField

from ..forms import BundlerForm
from ..uploads import files_field


class PublicUploadForm(BundlerForm):
    files = files_field()
    submit = SubmitField("Send files", widget=GovSubmitInput())
