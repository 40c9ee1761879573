from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, ValidationError

from ..forms import BundlerForm, GovDateField, TextRequired, options


def date_if_made(form, field):
    if form.send7_made.data == "yes" and field.data is None:
        raise ValidationError("Enter the date the request for change (SEND7) was made")


class BuildForm(BundlerForm):
    bundle_date = GovDateField("Bundle date", what="the date to print on the bundle",
                               description="Printed on the cover. For example, 27 3 2026")
    # Asked only once a version has been issued (the service refuses a build after an issue without a choice).
    late_choice = RadioField("How should documents added since then go in?", widget=GovRadioInput(),
                             choices=options([
                                 ("supplement", "In a supplementary part at the end, numbered on from the last "
                                                "page: every page of the issued bundle stays as it is"),
                                 ("reissue", "Re-issue the whole bundle in order: pages may move, and you are "
                                             "shown every document that moved")]),
                             validate_choice=False)
    direction_date = GovDateField("Date of the direction admitting the late evidence",
                                  what="the date of the direction", required=False,
                                  description="For a supplementary part. For example, 27 3 2026")
    submit = SubmitField("Build bundle", widget=GovSubmitInput())


class IssueForm(BundlerForm):
    issued_on = GovDateField("Date issued to the tribunal", what="the date the bundle went to the tribunal",
                             description="For example, 27 3 2026")
    submit = SubmitField("Record as issued", widget=GovSubmitInput())


class SectionNoteForm(BundlerForm):
    reason = StringField("Why the extra pages are needed", widget=GovTextArea(),
                         description="Finishes the sentence \u201cThe local authority asks the Tribunal to accept the "
                                     "extra pages because \u2026\u201d. Say why each document is needed and why it "
                                     "cannot be shortened.",
                         validators=[TextRequired("Say why the extra pages are needed"),
                                     Length(max=4000, message="Keep the reason to 4000 characters or fewer")])
    send7_made = RadioField("Has a request for change (SEND7) been made?", widget=GovRadioInput(),
                            choices=options([("yes", "Yes"), ("no", "No, it will be made")]),
                            validators=[InputRequired("Say whether a request for change (SEND7) has been made")])
    send7_date = GovDateField("Date the SEND7 request was made", what="the date the SEND7 request was made",
                              required=False, description="For example, 27 3 2026", validators=[date_if_made])
    submit = SubmitField("Save the note", widget=GovSubmitInput())
