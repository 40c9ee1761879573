"""Issue 11: an explanation a person reads is short and plain; the detailed basis, and anything to check (an
unconfirmed rule, a date that needs a look), sits behind "How this date was worked out", on the dashboard, the case
timetable and the direction's own page."""
from datetime import date

from bundler.extensions import db
from bundler.models import Case

from ..helpers import page
from .test_timetable import directions


def _details(element) -> list[tuple[str, str]]:
    """(summary, hidden text) of each details element inside `element`."""
    return [(" ".join(d.select_one("summary").get_text(" ").split()),
             " ".join(d.select_one(".govuk-details__text").get_text(" ").split()))
            for d in element.select("details.govuk-details")]


def _explanations(element) -> str:
    return " ".join(" ".join(p.get_text(" ").split()) for p in element.select(".app-explanation"))


def test_a_dashboard_row_gives_the_short_explanation_and_keeps_the_basis_behind_details(app, client, login, seed,
                                                                                         on_day):
    on_day(date(2025, 12, 1))
    with app.app_context():  # hearing on 7 Jan 2026: counting back 10 SEN working days crosses Christmas
        db.session.get(Case, seed.own_case_id).hearing_date = date(2026, 1, 7)
        db.session.commit()
    login(client, "tribunal_officer")
    client.post(f"/cases/{seed.own_case_id}/timetable/bundle/confirm")
    client.post(f"/cases/{seed.own_case_id}/timetable/response/confirm")
    bundle, response = sorted(directions(app, seed.own_case_id), key=lambda d: d.source != "standard:bundle")
    assert bundle.flag and bundle.detail and response.detail and not response.flag
    shown = page(client, "/deadlines")
    rows = {cells[2]: element for element, cells in zip(shown.select("table tbody tr"), shown.rows(), strict=True)}
    row = rows["Hearing bundle to the Tribunal and the appellant"]
    explanation = _explanations(row)
    assert explanation == bundle.explanation and len(explanation) < 200 and "HESC" not in explanation
    assert bundle.flag not in explanation and "Counted from" not in explanation
    [(summary, hidden)] = _details(row)
    assert summary == "How this date was worked out, and what to check"
    assert "Counted from" in hidden and "HESC r.12(3)(b)" in hidden and bundle.flag in hidden
    warnings = row.select(".govuk-warning-text")
    assert warnings and all(warning.find_parent("details") for warning in warnings)  # the caution is inside
    [(summary, hidden)] = _details(rows["Authority's response to the appeal"])
    assert summary == "How this date was worked out" and "Counted from Mon 1 Sep 2025" in hidden


def test_the_timetable_and_direction_pages_keep_the_basis_behind_details(app, client, login, seed):
    with app.app_context():
        db.session.get(Case, seed.own_case_id).decision_letter_date = date(2025, 12, 31)
        db.session.commit()
    login(client, "tribunal_officer")
    client.post(f"/cases/{seed.own_case_id}/timetable/bundle/confirm")
    timetable = page(client, f"/cases/{seed.own_case_id}/timetable")
    appeal = next(row for row in timetable.select(".govuk-summary-list__row")
                  if "Last day to appeal" in row.get_text())
    assert "which has no day 31" in _explanations(appeal) and "Dodds v Walker" not in _explanations(appeal)
    [(summary, hidden)] = _details(appeal)
    assert summary == "How this date was worked out" and "Dodds v Walker [1981] 1 WLR 1027" in hidden
    standard = next(row for row in timetable.select("table tbody tr")
                    if row.select_one("th").get_text(strip=True) == "Hearing bundle to the Tribunal and the appellant")
    [(_, hidden)] = _details(standard)
    assert "Historic practice: at least 10 working days before the hearing" in hidden
    assert "Historic practice" not in _explanations(standard)
    (bundle,) = directions(app, seed.own_case_id)
    direction = page(client, f"/cases/{seed.own_case_id}/directions/{bundle.id}")
    [(_, hidden)] = _details(direction.soup)
    assert hidden == bundle.detail and "Counted from" in hidden
