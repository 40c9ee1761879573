from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField

from ..forms import BundlerForm, GovDateField


class BuildForm(BundlerForm):
    bundle_date = GovDateField("Bundle date", what="the date to print on the bundle",
                               description="Printed on the cover. For example, 27 3 2026")
    submit = SubmitField("Build bundle", widget=GovSubmitInput())


class IssueForm(BundlerForm):
    issued_on = GovDateField("Date issued to the tribunal", what="the date the bundle went to the tribunal",
                             description="For example, 27 3 2026")
    submit = SubmitField("Record as issued", widget=GovSubmitInput())
