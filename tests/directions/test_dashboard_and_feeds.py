"""The deadlines dashboard (most urgent first, filters, only the user's cases) and the iCalendar feeds."""
import re
from datetime import date

from icalendar import Calendar
from sqlalchemy import select

from bundler.extensions import db
from bundler.models import CalendarToken, Case, Direction, User
from bundler.timetable import fixed_date

from ..helpers import page


def add(app, case_id, title, due, responsible_id=None):
    with app.app_context():
        deadline = fixed_date(due)
        db.session.add(Direction(case_id=case_id, title=title, due_date=due, explanation=deadline.explanation,
                                 responsible_id=responsible_id))
        db.session.commit()


def dashboard(client, query="") -> str:
    return page(client, f"/deadlines{query}").text


def test_dashboard_lists_overdue_then_today_then_soon_with_tags(app, client, login, seed, on_day):
    on_day(date(2026, 1, 14))
    add(app, seed.own_case_id, "Later step", date(2026, 3, 2))
    add(app, seed.own_case_id, "Soon step", date(2026, 1, 20))
    add(app, seed.own_case_id, "Today step", date(2026, 1, 14))
    add(app, seed.own_case_id, "Overdue step", date(2026, 1, 9))
    login(client, "tribunal_officer")
    deadlines = page(client, "/deadlines")
    assert [row[2] for row in deadlines.rows()] == ["Overdue step", "Today step", "Soon step", "Later step"]
    assert deadlines.tags() == {"Overdue": "red", "Due today": "orange", "Due within 5 working days": "yellow",
                                "Open": "blue"}
    assert "Fixed date given by the Tribunal's directions" in deadlines.text  # each date shows its explanation


def test_dashboard_shows_only_the_users_cases(app, client, login, seed):
    add(app, seed.own_case_id, "Our step", date(2026, 1, 9))
    add(app, seed.other_case_id, "South step", date(2026, 1, 9))
    login(client, "send_officer")
    html = dashboard(client)
    assert "Our step" in html and "South step" not in html
    login(client, "administrator")
    assert "South step" in dashboard(client)


def test_dashboard_filters_by_officer_and_case(app, client, login, seed):
    officer = seed.user_ids["send_officer"]
    add(app, seed.own_case_id, "Mine", date(2026, 1, 9), responsible_id=officer)
    add(app, seed.own_case_id, "Not mine", date(2026, 1, 9))
    add(app, seed.other_case_id, "Other case", date(2026, 1, 9))
    login(client, "administrator")
    html = dashboard(client, f"?officer={officer}")
    assert "Mine" in html and "Not mine" not in html
    html = dashboard(client, f"?case={seed.other_case_id}")
    assert "Other case" in html and "Mine" not in html


def create_feed(client, case_id=None) -> str:
    data = {"case_id": str(case_id)} if case_id else {}
    html = client.post("/calendar/new", data=data).get_data(as_text=True)
    return re.search(r'<code class="app-feed-url">http://localhost(/calendar/[^<]+\.ics)</code>', html).group(1)


def read_feed(client, path) -> Calendar:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data)


def test_case_feed_is_valid_icalendar_with_the_dates_and_explanations(app, client, login, seed):
    add(app, seed.own_case_id, "Send the bundle", date(2026, 1, 27))
    login(client, "tribunal_officer")
    path = create_feed(client, seed.own_case_id)
    client.get("/logout")
    events = read_feed(client, path).walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert event.decoded("dtstart") == date(2026, 1, 27)
    assert str(event["summary"]) == "EH123/25/00001: Send the bundle"  # no state: it would go stale in Outlook
    assert "Fixed date given" in str(event["description"])
    with app.app_context():
        assert "Child of North" not in client.get(path).get_data(as_text=True)


def test_personal_feed_covers_the_users_cases_only(app, client, login, seed):
    add(app, seed.own_case_id, "North step", date(2026, 1, 9))
    add(app, seed.other_case_id, "South step", date(2026, 1, 9))
    login(client, "send_officer")
    summaries = [str(event["summary"]) for event in read_feed(client, create_feed(client)).walk("VEVENT")]
    assert any("North step" in s for s in summaries) and not any("South step" in s for s in summaries)


def test_feed_token_is_stored_only_as_a_hash_and_can_be_revoked(app, client, login, seed):
    login(client, "tribunal_officer")
    path = create_feed(client)
    secret = path.removeprefix("/calendar/").removesuffix(".ics")
    with app.app_context():
        (token,) = db.session.scalars(select(CalendarToken)).all()
        assert secret not in token.token_hash and len(secret) >= 40
        token_id = token.id
    assert client.post(f"/calendar/{token_id}/revoke").status_code == 302
    assert client.get(path).status_code == 404


def test_guessed_or_other_users_tokens_get_nothing(app, client, login, seed):
    login(client, "tribunal_officer")
    create_feed(client)
    assert client.get("/calendar/not-a-real-token.ics").status_code == 404
    with app.app_context():
        token_id = db.session.scalars(select(CalendarToken.id)).one()
    login(client, "send_officer")
    assert client.post(f"/calendar/{token_id}/revoke").status_code == 404


def test_case_feed_stops_when_the_user_loses_access_to_the_case(app, client, login, seed):
    login(client, "tribunal_officer")
    path = create_feed(client, seed.own_case_id)
    assert client.get(path).status_code == 200
    with app.app_context():
        db.session.get(Case, seed.own_case_id).team_id = db.session.get(Case, seed.other_case_id).team_id
        db.session.commit()
    assert client.get(path).status_code == 404


def test_feed_stops_when_the_user_is_deactivated(app, client, login, seed):
    login(client, "tribunal_officer")
    path = create_feed(client)
    assert client.get(path).status_code == 200
    with app.app_context():
        db.session.get(User, seed.user_ids["tribunal_officer"]).active = False
        db.session.commit()
    assert client.get(path).status_code == 404


def test_a_feed_for_a_case_the_user_cannot_see_is_refused(client, login, seed):
    login(client, "tribunal_officer")
    assert client.post("/calendar/new", data={"case_id": str(seed.other_case_id)}).status_code == 404
    assert client.post("/calendar/new", data={"case_id": "not-a-case"}).status_code == 404


def test_a_deadline_due_today_is_overdue_after_5pm(app, client, login, seed, on_day):
    # HESC r.12(1): an act due on a day must be done by 5pm that day.
    add(app, seed.own_case_id, "Today step", date(2026, 1, 14))
    login(client, "tribunal_officer")
    on_day(date(2026, 1, 14))
    assert page(client, "/deadlines").tags() == {"Due today": "orange"}
    on_day(date(2026, 1, 14), after_5pm=True)
    assert page(client, "/deadlines").tags() == {"Overdue": "red"}
