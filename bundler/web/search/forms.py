from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField
from wtforms.validators import Length

from ..forms import BundlerForm, TextRequired


class SearchForm(BundlerForm):
    query = StringField("Search the case's documents", widget=GovTextInput(),
                        description="Every word must be on the page. For example, a name or a provision.",
                        validators=[TextRequired("Enter words to search for"),
                                    Length(max=200, message="Search for at most 200 characters")])
    submit = SubmitField("Search", widget=GovSubmitInput())
