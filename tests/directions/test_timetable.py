"""A case's timetable: the proposal, confirming, the tribunal's fixed dates, directions, an order's steps, status."""
from datetime import date

from sqlalchemy import select

from bundler.dates import page_date
from bundler.extensions import db
from bundler.models import Case, Direction, DirectionStatus, HolidayOverride
from bundler.timetable import WorkingCalendar, propose_timetable

from ..helpers import checked, page


def directions(app, case_id) -> list[Direction]:
    with app.app_context():
        found = db.session.scalars(select(Direction).where(Direction.case_id == case_id)
                                   .order_by(Direction.due_date)).all()
        for direction in found:
            _ = [event.action for event in direction.events]  # load the history before the session closes
        return found


def test_timetable_proposes_each_date_with_its_explanation(client, login, seed):
    # The seeded case was registered Mon 1 Sep 2025, hearing Tue 10 Feb 2026.
    login(client, "tribunal_officer")
    html = page(client, f"/cases/{seed.own_case_id}/timetable").text
    proposal = propose_timetable(WorkingCalendar(), date(2025, 9, 1), date(2026, 2, 10), sen=True)
    assert len(proposal) >= 5
    for entry in proposal:
        assert entry.rule.title in html
        assert page_date(entry.deadline.due) in html and entry.deadline.explanation in html
    assert "27 January 2026" in html  # bundle: 10 SEN working days before the hearing (§8 R6)


def test_confirming_puts_the_proposed_date_on_the_timetable_with_history(app, client, login, seed):
    login(client, "send_officer")
    client.post(f"/cases/{seed.own_case_id}/timetable/bundle/confirm")
    (bundle,) = directions(app, seed.own_case_id)
    assert (bundle.due_date, bundle.source, bundle.rule) == (
        date(2026, 1, 27), "standard:bundle", "10 SEN working days before the hearing")
    assert "10 SEN working days before the hearing" in bundle.explanation
    assert [event.action for event in bundle.events] == ["confirmed"]
    assert "Confirmed" in page(client, f"/cases/{seed.own_case_id}/timetable").text


def test_the_tribunals_fixed_date_overrides_the_proposal(app, client, login, seed):
    login(client, "tribunal_officer")
    response = client.post(f"/cases/{seed.own_case_id}/timetable/bundle/date", data={"due": ["23", "1", "2026"]})
    assert response.status_code == 302
    (bundle,) = directions(app, seed.own_case_id)
    assert bundle.due_date == date(2026, 1, 23) and bundle.is_fixed
    assert "Fixed date" in bundle.explanation and "proposed Tue 27 Jan 2026" in bundle.explanation
    assert "Fixed date from the tribunal" in page(client, f"/cases/{seed.own_case_id}/timetable").text


def test_a_confirmed_date_says_when_the_case_dates_have_moved(app, client, login, seed):
    login(client, "tribunal_officer")
    client.post(f"/cases/{seed.own_case_id}/timetable/bundle/confirm")
    with app.app_context():
        db.session.get(Case, seed.own_case_id).hearing_date = date(2026, 3, 10)
        db.session.commit()
    assert "The case dates have changed" in page(client, f"/cases/{seed.own_case_id}/timetable").text
    client.post(f"/cases/{seed.own_case_id}/timetable/bundle/confirm")
    (bundle,) = directions(app, seed.own_case_id)
    assert bundle.due_date == date(2026, 2, 24)
    assert bundle.events[-1].detail == "Tue 27 Jan 2026 → Tue 24 Feb 2026"


def test_an_orders_steps_are_added_on_the_outcome_page_and_shown_on_the_timetable(app, client, login, seed):
    """One way to track an order: the timetable sends the officer to the outcome page, whose steps (reg 44 from
    Fri 7 Nov 2025: 2, 10 and 14 weeks) are then on the timetable, each linking to its step."""
    login(client, "tribunal_officer")
    timetable = page(client, f"/cases/{seed.own_case_id}/timetable")
    assert f"/cases/{seed.own_case_id}/outcome#add-steps" in timetable.links()
    assert f"/cases/{seed.own_case_id}/directions/from-order" not in timetable.links()
    response = client.post(f"/cases/{seed.own_case_id}/outcome/steps",
                           data={"source": "order", "kinds": ["assess"], "start": ["7", "11", "2025"]})
    assert response.status_code == 302
    assert directions(app, seed.own_case_id) == []
    html = page(client, f"/cases/{seed.own_case_id}/timetable")
    for due in ("21 November 2025", "16 January 2026", "13 February 2026"):
        assert due in html.text
    assert "Send the final EHC plan" in html.text and "reg 44" in html.text
    assert sum(f"/cases/{seed.own_case_id}/steps/" in link for link in html.links()) == 3


def test_a_direction_counted_in_working_days_skips_christmas(app, client, login, seed):
    login(client, "tribunal_officer")
    client.post(f"/cases/{seed.own_case_id}/directions/new", data={
        "title": "Send the amended working document", "date_kind": "counted", "start": ["1", "12", "2025"],
        "working_days": "30", "responsible_id": str(seed.user_ids["send_officer"])})
    (added,) = directions(app, seed.own_case_id)
    assert added.due_date == date(2026, 1, 20) and added.responsible_id == seed.user_ids["send_officer"]
    assert added.rule == "30 SEN working days after Mon 1 Dec 2025"


def test_the_add_form_says_what_is_missing(client, login, seed):
    login(client, "tribunal_officer")
    html = " ".join(checked(client.post(f"/cases/{seed.own_case_id}/directions/new", data={
        "title": "Witness list", "date_kind": "counted", "responsible_id": "0"})).errors())
    assert "Enter the date to count from" in html and "Enter the number of working days" in html


def test_marking_done_needs_a_date_and_evidence_and_is_recorded(app, client, login, seed):
    login(client, "tribunal_officer")
    client.post(f"/cases/{seed.own_case_id}/timetable/response/confirm")
    (response,) = directions(app, seed.own_case_id)
    url = f"/cases/{seed.own_case_id}/directions/{response.id}"
    html = " ".join(checked(client.post(url, data={"status": "done"})).errors())
    assert "Enter the date it was done" in html and "Enter the evidence that it was done" in html
    client.post(url, data={"status": "done", "done_on": ["10", "10", "2025"],
                           "evidence_note": "Emailed to the tribunal; receipt filed"})
    (response,) = directions(app, seed.own_case_id)
    assert response.status == DirectionStatus.done and response.done_on == date(2025, 10, 10)
    assert [event.action for event in response.events] == ["confirmed", "marked done"]
    html = page(client, url).text
    assert "Emailed to the tribunal; receipt filed" in html and response.explanation in html


def test_an_administrators_local_holiday_moves_new_proposals(client, login, seed):
    login(client, "administrator")
    client.post("/deadlines/holidays", data={"day": ["3", "2", "2026"], "name": "Civic day"})
    html = page(client, f"/cases/{seed.own_case_id}/timetable").text
    # The bundle and the final working document, 10 working days before the hearing on 10 Feb 2026, move back a
    # day from 27 Jan (the holiday's name is in the detailed basis, not the short explanation).
    assert "26 January 2026" in html and "27 January 2026" not in html


def test_removing_a_local_holiday_restores_the_proposal(app, client, login, seed):
    login(client, "administrator")
    client.post("/deadlines/holidays", data={"day": ["3", "2", "2026"], "name": "Civic day"})
    with app.app_context():
        holiday_id = db.session.scalars(select(HolidayOverride.id)).one()
    assert client.post(f"/deadlines/holidays/{holiday_id}/delete").status_code == 302
    html = page(client, f"/cases/{seed.own_case_id}/timetable").text
    assert "(Civic day 3 Feb 2026)" not in html and "27 January 2026" in html


def test_appeal_deadline_shows_its_month_end_clamp_on_the_page(app, client, login, seed):
    with app.app_context():
        case = db.session.get(Case, seed.own_case_id)
        case.decision_letter_date, case.mediation_certificate_date = date(2025, 12, 31), None
        db.session.commit()
    login(client, "legal_reviewer")
    shown = page(client, f"/cases/{seed.own_case_id}/timetable")
    html = next(" ".join(row.get_text(" ").split()) for row in shown.select(".govuk-summary-list__row")
                if "Last day to appeal" in row.get_text())
    assert "2 March 2026" in html
    assert "2 months from the decision letter of Wed 31 Dec 2025 is Sat 28 Feb 2026" in html
    assert "the last day of February, which has no day 31" in html and "unconfirmed" not in html
    assert "Dodds v Walker" in html  # settled law, cited in how the date was worked out


def test_appeal_deadline_uses_the_later_certificate_month(app, client, login, seed):
    with app.app_context():
        case = db.session.get(Case, seed.own_case_id)
        case.decision_letter_date, case.mediation_certificate_date = date(2025, 10, 1), date(2025, 11, 29)
        db.session.commit()
    login(client, "send_officer")
    html = page(client, f"/cases/{seed.own_case_id}/timetable").text
    assert "2 January 2026" in html and "falls in 25 Dec–1 Jan" in html


def test_the_tribunals_date_on_a_non_working_day_is_kept_and_flagged(app, client, login, seed):
    # HESC r.12(2): an act due on a non-working day is in time on the next working day.
    login(client, "tribunal_officer")
    client.post(f"/cases/{seed.own_case_id}/timetable/bundle/date", data={"due": ["24", "1", "2026"]})  # a Saturday
    (bundle,) = directions(app, seed.own_case_id)
    assert bundle.due_date == date(2026, 1, 24)
    assert "Mon 26 Jan 2026 (HESC r.12(2))" in bundle.flag
    assert bundle.flag in page(client, f"/cases/{seed.own_case_id}/timetable").text


def test_a_confirmed_date_that_no_longer_matches_the_proposal_shows_its_own_explanation(app, client, login, seed):
    # Every computed date shows how it was worked out wherever it is shown, here beside the new proposal.
    login(client, "tribunal_officer")
    client.post(f"/cases/{seed.own_case_id}/timetable/bundle/confirm")
    (bundle,) = directions(app, seed.own_case_id)
    with app.app_context():
        db.session.get(Case, seed.own_case_id).hearing_date = date(2026, 3, 10)
        db.session.commit()
    html = page(client, f"/cases/{seed.own_case_id}/timetable").text
    standard = html[html.index("Standard timetable"):html.index("Directions and dates")]
    assert "The case dates have changed" in standard and bundle.explanation in standard
