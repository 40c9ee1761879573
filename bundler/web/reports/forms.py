from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput
from wtforms import SelectField, SubmitField

from ...models.outcomes import ISSUES
from ..forms import BundlerForm, options


class ReportFilterForm(BundlerForm):
    """A GET form that changes nothing, so it carries no CSRF token. Choices are filled in by the view."""

    class Meta:
        csrf = False

    year = SelectField("Academic year", widget=GovSelect(), default="")
    appeal_type = SelectField("Appeal type", widget=GovSelect(), default="")
    issue = SelectField("Issue", widget=GovSelect(), default="",
                        choices=options([("", "Any issue")] + list(ISSUES.items())))
    officer = SelectField("Officer", widget=GovSelect(), default="")
    team = SelectField("Team", widget=GovSelect(), default="")
    setting = SelectField("Setting", widget=GovSelect(), default="")
    submit = SubmitField("Apply filters", widget=GovSubmitInput())
