"""The case page's summary lists, as GOV.UK summary-list rows, with a Change link for people who may edit."""
from flask import get_template_attribute, url_for
from markupsafe import Markup

from ...dates import page_date
from ...drafting.issues import APPELLANT_KINDS, PLAN_ISSUES, ordered
from ...models import Case
from ...services.cases import appeal_description, evidence_budget

STATUS_COLOURS = {"registered": "blue", "preparing": "yellow", "bundle_issued": "green",
                  "heard": "grey", "conceded": "grey", "withdrawn": "grey"}


def _tag(text: str, colour: str) -> Markup:
    """The same GOV.UK tag the templates draw (`tag` in _components.html)."""
    return get_template_attribute("_components.html", "tag")(text, colour)


def status_tag(case: Case) -> Markup:
    return _tag(case.status.label, STATUS_COLOURS[case.status.value])


def case_summary(case: Case, can_edit: bool) -> list[tuple[str, list[dict]]]:
    def row(label, value, field, empty="Not recorded"):
        item = {"key": {"text": label},
                "value": {"html": value} if isinstance(value, Markup) else {"text": value or empty}}
        if can_edit:
            item["actions"] = {"items": [{"href": url_for("cases.edit", case_id=case.id, _anchor=field),
                                          "text": "Change", "visuallyHiddenText": label.lower()}]}
        return item

    return [
        ("Appeal", [
            row("Tribunal reference", case.reference, "reference"),
            row("Appeal type", appeal_description(case), "appeal_type"),
            row("Sections in dispute", ", ".join(PLAN_ISSUES[key] for key in ordered(case.issues, PLAN_ISSUES)),
                "issues", "None recorded"),
            row("Evidence page limit", _budget_text(case), "appeal_type", "No limit set"),
            row("Status", status_tag(case), "status"),
            row("Team", case.team.name, "team_id"),
            row("Case officer", case.officer.name if case.officer else "", "officer_id", "No officer yet"),
        ]),
        ("Child", [
            row("Name", case.child_name, "child_name"),
            row("Date of birth", page_date(case.child_dob), "child_dob"),
            row("School or setting", case.school, "school"),
        ]),
        ("Appellant", [
            row("Appellant", case.appellant_name, "appellant_name"),
            row("Who is appealing", APPELLANT_KINDS.get(case.appellant_kind, ""), "appellant_kind"),
            row("Representative", case.representative, "representative", "Not represented"),
        ]),
        ("Key dates", [
            row("Decision letter", page_date(case.decision_letter_date), "decision_letter_date"),
            row("Mediation certificate", page_date(case.mediation_certificate_date), "mediation_certificate_date"),
            row("Registration", page_date(case.registration_date), "registration_date"),
            row("Hearing", page_date(case.hearing_date), "hearing_date"),
            row("Closed", page_date(case.closed_on), "closed_on", "Open"),
        ]),
    ]


def _budget_text(case: Case):
    figures = evidence_budget(case)
    if figures.applied is None:
        return ""
    text = f"{figures.applied} pages for each party"
    if not figures.note:
        return text
    return Markup('{}<p class="govuk-body-s govuk-!-margin-top-1">{} {}</p>').format(text, _tag("Check", "yellow"),
                                                                                    figures.note)
