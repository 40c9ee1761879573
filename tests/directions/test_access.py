"""Who may use each directions page: allowed, 403 for the wrong role, 404 for another team's case."""
from datetime import date

import pytest

from bundler.extensions import db
from bundler.models import Direction, Role
from bundler.timetable import fixed_date

EDITORS = ("send_officer", "tribunal_officer", "administrator")


def add_direction(app, case_id) -> int:
    with app.app_context():
        due = fixed_date(date(2026, 1, 5))
        direction = Direction(case_id=case_id, title="Send the response", due_date=due.due,
                              explanation=due.explanation)
        db.session.add(direction)
        db.session.commit()
        return direction.id


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_every_case_role_sees_the_timetable_of_a_case_on_their_team(client, login, seed, role):
    """A SEND manager sees reports only, never a case (403)."""
    login(client, role)
    expected = 403 if role == Role.send_manager else 200
    assert client.get(f"/cases/{seed.own_case_id}/timetable").status_code == expected


@pytest.mark.parametrize("role", ["send_officer", "tribunal_officer", "legal_reviewer"])
def test_another_teams_timetable_is_not_found(client, login, seed, role):
    login(client, role)
    assert client.get(f"/cases/{seed.other_case_id}/timetable").status_code == 404
    assert client.post(f"/cases/{seed.other_case_id}/timetable/response/confirm").status_code == 404


def test_administrator_sees_every_teams_timetable(client, login, seed):
    login(client, "administrator")
    assert client.get(f"/cases/{seed.other_case_id}/timetable").status_code == 200


@pytest.mark.parametrize("role, status", [(role, 302) for role in EDITORS] + [("legal_reviewer", 403)])
def test_confirming_a_date_needs_an_editing_role(client, login, seed, role, status):
    login(client, role)
    assert client.post(f"/cases/{seed.own_case_id}/timetable/response/confirm").status_code == status


@pytest.mark.parametrize("path", ["directions/new", "timetable/bundle/date"])
def test_legal_reviewer_cannot_open_the_editing_forms(client, login, seed, path):
    login(client, "legal_reviewer")
    assert client.get(f"/cases/{seed.own_case_id}/{path}").status_code == 403
    login(client, "send_officer")
    assert client.get(f"/cases/{seed.own_case_id}/{path}").status_code == 200


def test_a_direction_is_only_found_under_its_own_case(app, client, login, seed):
    direction_id = add_direction(app, seed.other_case_id)
    login(client, "administrator")
    assert client.get(f"/cases/{seed.other_case_id}/directions/{direction_id}").status_code == 200
    assert client.get(f"/cases/{seed.own_case_id}/directions/{direction_id}").status_code == 404
    login(client, "tribunal_officer")
    assert client.get(f"/cases/{seed.other_case_id}/directions/{direction_id}").status_code == 404


def test_legal_reviewer_reads_a_direction_but_cannot_change_its_status(app, client, login, seed):
    direction_id = add_direction(app, seed.own_case_id)
    login(client, "legal_reviewer")
    url = f"/cases/{seed.own_case_id}/directions/{direction_id}"
    assert client.get(url).status_code == 200
    assert client.post(url, data={"status": "missed"}).status_code == 403


@pytest.mark.parametrize("role, status", [("administrator", 200), ("tribunal_officer", 403), ("send_officer", 403)])
def test_only_administrators_manage_local_holidays(client, login, role, status):
    login(client, role)
    assert client.get("/deadlines/holidays").status_code == status


def test_dashboard_and_feeds_need_sign_in(client):
    for path in ("/deadlines", "/calendar"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_home_page_after_login_is_the_dashboard(client, login):
    login(client, "send_officer")
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/deadlines")
