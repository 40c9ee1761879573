from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput
from wtforms import RadioField, SelectField, SubmitField
from wtforms.validators import InputRequired

from ...services.evidence import section_choices
from ..forms import BundlerForm, GovDateField, options

ACTIONS = (("move", "Move to another section"), ("redate", "Change their date"),
           ("remove", "Remove from the case (their files stay on record)"))


class BatchForm(BundlerForm):
    action = RadioField("What to do with the selected documents", widget=GovRadioInput(), choices=options(ACTIONS),
                        validators=[InputRequired("Select what to do with the documents")])
    # Checked in `validate`, only when moving: the other actions leave it unset.
    section = SelectField("Section to move them to", widget=GovSelect(), validate_choice=False)
    new_date = GovDateField("New date", what="the new date", required=False, description="For example, 27 3 2026")
    submit = SubmitField("Apply to the selected documents", widget=GovSubmitInput())

    def set_choices(self):
        self.section.choices = options([("", "Choose a section")] + section_choices())

    def validate(self, extra_validators=None) -> bool:
        """The action's own field is required: a section to move to, a date to re-date with."""
        valid = super().validate(extra_validators)
        if self.action.data == "move" and self.section.data not in dict(section_choices()):
            self.section.errors = [*self.section.errors, "Select the section to move them to"]
            valid = False
        if self.action.data == "redate" and self.new_date.data is None and not self.new_date.errors:
            self.new_date.errors = [*self.new_date.errors, "Enter the new date"]
            valid = False
        return valid
