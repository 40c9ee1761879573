"""Administrators add and change people, roles and teams; team membership decides which cases people see."""
from sqlalchemy import select

from bundler.extensions import db
from bundler.models import AuditEvent, Role, Team, User

from ..conftest import PASSWORD


def person(**changes) -> dict:
    data = {"name": "Robin New", "email": "Robin.New@north.example", "role": "send_officer", "teams": ["1"],
            "active": "y", "password": "a new long password"}
    data.update(changes)
    return data


def find_user(app, email) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            user.team_names = [team.name for team in user.teams]
        return user


def test_administrator_adds_a_person_who_can_then_sign_in_and_see_their_teams_cases(client, login, app, seed):
    login(client, Role.administrator)
    response = client.post("/admin/people/new", data=person())
    assert response.location == "/admin/"
    user = find_user(app, "robin.new@north.example")
    assert user.role == Role.send_officer and user.team_names == ["North"] and user.active
    client.post("/logout")
    assert client.post("/login", data={"email": "robin.new@north.example",
                                       "password": "a new long password"}).status_code == 302
    assert client.get(f"/cases/{seed.own_case_id}").status_code == 200
    assert client.get(f"/cases/{seed.other_case_id}").status_code == 404


def test_a_new_person_needs_a_password_of_twelve_characters(client, login):
    login(client, Role.administrator)
    assert "Enter a password for the new account" in client.post(
        "/admin/people/new", data=person(password="")).get_data(as_text=True)
    assert "Password must be 12 characters or more" in client.post(
        "/admin/people/new", data=person(password="short")).get_data(as_text=True)


def test_an_email_already_in_use_is_refused(client, login):
    login(client, Role.administrator)
    page = client.post("/admin/people/new", data=person(email="SEND_officer@north.example")).get_data(as_text=True)
    assert "Someone already has this email address" in page


def test_moving_a_person_to_another_team_changes_the_cases_they_see(client, login, app, seed):
    login(client, Role.administrator)
    data = person(name="SEND officer North", email="send_officer@north.example", teams=["2"], password="")
    client.post(f"/admin/people/{seed.user_ids[Role.send_officer]}", data=data)
    login(client, Role.send_officer)
    assert client.get(f"/cases/{seed.own_case_id}").status_code == 404
    assert client.get(f"/cases/{seed.other_case_id}").status_code == 200
    with app.app_context():
        user = db.session.get(User, seed.user_ids[Role.send_officer])
        assert user.check_password(PASSWORD)  # a blank password keeps the old one
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "changed person")).one()
        assert event.detail == "teams" and event.object_id == str(user.id)


def test_deactivating_a_person_stops_them_signing_in(client, login, app, seed):
    login(client, Role.administrator)
    data = person(name="Legal reviewer North", email="legal_reviewer@north.example", role="legal_reviewer",
                  password="")
    del data["active"]
    client.post(f"/admin/people/{seed.user_ids[Role.legal_reviewer]}", data=data)
    assert not find_user(app, "legal_reviewer@north.example").active
    client.post("/logout")
    assert client.post("/login", data={"email": "legal_reviewer@north.example",
                                       "password": PASSWORD}).status_code == 200


def test_administrator_cannot_remove_their_own_administrator_role(client, login, app, seed):
    login(client, Role.administrator)
    data = person(name="Administrator North", email="administrator@north.example", role="tribunal_officer",
                  password="")
    page = client.post(f"/admin/people/{seed.user_ids[Role.administrator]}", data=data).get_data(as_text=True)
    assert "You cannot remove your own administrator role" in page
    assert find_user(app, "administrator@north.example").role == Role.administrator


def test_administrator_adds_a_team_with_members(client, login, app, seed):
    login(client, Role.administrator)
    members = [str(seed.user_ids[Role.legal_reviewer]), str(seed.other_team_user_id)]
    assert client.post("/admin/teams/new", data={"name": "East", "members": members}).location == "/admin/"
    with app.app_context():
        team = db.session.scalar(select(Team).where(Team.name == "East"))
        assert sorted(member.id for member in team.members) == sorted(int(m) for m in members)


def test_a_team_name_already_in_use_is_refused(client, login):
    login(client, Role.administrator)
    page = client.post("/admin/teams/new", data={"name": "South"}).get_data(as_text=True)
    assert "There is already a team with this name" in page


def test_a_name_of_only_spaces_is_refused_and_names_are_trimmed(client, login):
    login(client, Role.administrator)
    assert "Enter the team&#39;s name" in client.post("/admin/teams/new", data={"name": "  "}).get_data(as_text=True)
    assert "Enter the person&#39;s full name" in client.post(
        "/admin/people/new", data=person(name="   ")).get_data(as_text=True)
    page = client.post("/admin/teams/new", data={"name": " South "}).get_data(as_text=True)
    assert "There is already a team with this name" in page


def test_removing_a_member_from_a_team_hides_its_cases_from_them(client, login, seed):
    login(client, Role.administrator)
    client.post("/admin/teams/2", data={"name": "South", "members": []})
    login(client, seed.other_team_user_id)
    assert client.get(f"/cases/{seed.other_case_id}").status_code == 404


def test_edit_pages_show_the_current_role_and_teams(client, login, seed):
    login(client, Role.administrator)
    page = client.get(f"/admin/people/{seed.user_ids[Role.legal_reviewer]}").get_data(as_text=True)
    assert 'value="legal_reviewer" checked' in page and 'value="1" checked' in page
    page = client.get("/admin/teams/1").get_data(as_text=True)
    assert f'value="{seed.user_ids[Role.send_officer]}" checked' in page


def test_a_person_or_team_that_does_not_exist_is_not_found(client, login):
    login(client, Role.administrator)
    assert client.get("/admin/people/9999").status_code == 404
    assert client.get("/admin/teams/9999").status_code == 404


def test_admin_page_links_to_change_each_person_and_team(client, login, seed):
    login(client, Role.administrator)
    page = client.get("/admin/").get_data(as_text=True)
    user_id = seed.user_ids[Role.legal_reviewer]
    assert (f'<a class="govuk-link" href="/admin/people/{user_id}">Change'
            '<span class="govuk-visually-hidden"> Legal reviewer North</span></a>') in page
    assert '<a class="govuk-link" href="/admin/teams/2">Change<span class="govuk-visually-hidden"> South</span></a>' in page


def test_administrator_audit_log_shows_sign_ins_and_case_views_across_teams(client, login, seed):
    login(client, seed.other_team_user_id)
    client.get(f"/cases/{seed.other_case_id}")
    client.post("/logout")
    client.post("/login", data={"email": "nobody@north.example", "password": "x"})
    login(client, Role.administrator)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "EH123/25/00002" in page and "viewed" in page
    assert "sign-in refused" in page and "nobody@north.example" in page


def test_admin_page_links_to_local_holidays_and_the_statement_template(client, login):
    login(client, Role.administrator)
    page = client.get("/admin/").get_data(as_text=True)
    assert 'href="/deadlines/holidays"' in page
    assert 'href="/admin/statement-template"' in page
