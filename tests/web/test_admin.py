"""Administrators add and change people, roles and teams; team membership decides which cases people see."""
from sqlalchemy import select

from bundler.extensions import db
from bundler.models import AuditEvent, Role, Team, User

from ..conftest import PASSWORD
from ..helpers import checked, page, submit


def person(**changes) -> dict:
    data = {"name": "Robin New", "email": "Robin.New@north.example", "role": "send_officer", "teams": ["1"],
            "active": "y"}
    data.update(changes)
    return data


def find_user(app, email) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            user.team_names = [team.name for team in user.teams]
        return user


def test_administrator_adds_a_person_who_chooses_their_password_and_sees_their_teams_cases(client, login, app,
                                                                                            seed):
    login(client, Role.administrator)
    shown = submit(client, "/admin/people/new", person())
    assert shown.h1 == "Invitation for Robin New" and "Email is not set up" in shown.text
    link = shown.one("#account-link")["value"]
    user = find_user(app, "robin.new@north.example")
    assert user.role == Role.send_officer and user.team_names == ["North"] and user.active
    assert not user.has_password  # nobody has typed a password for them
    client.post("/logout")
    submit(client, link, {"password": "a new long password", "confirm": "a new long password"})
    assert client.post("/login", data={"email": "robin.new@north.example",
                                       "password": "a new long password"}).status_code == 302
    assert client.get(f"/cases/{seed.own_case_id}").status_code == 200
    assert client.get(f"/cases/{seed.other_case_id}").status_code == 404


def test_no_administrator_page_has_a_field_for_someone_elses_password(client, login, app, seed):
    login(client, Role.administrator)
    for url in ("/admin/people/new", f"/admin/people/{seed.user_ids[Role.send_officer]}"):
        assert page(client, url).select("input[type=password]") == []
    submit(client, "/admin/people/new", person(password="typed by the admin"))
    assert not find_user(app, "robin.new@north.example").has_password  # a posted password is ignored


def test_an_email_already_in_use_is_refused(client, login):
    login(client, Role.administrator)
    shown = checked(client.post("/admin/people/new", data=person(email="SEND_officer@north.example")))
    assert "Someone already has this email address" in shown.text


def test_moving_a_person_to_another_team_changes_the_cases_they_see(client, login, app, seed):
    login(client, Role.administrator)
    data = person(name="SEND officer North", email="send_officer@north.example", teams=["2"])
    client.post(f"/admin/people/{seed.user_ids[Role.send_officer]}", data=data)
    login(client, Role.send_officer)
    assert client.get(f"/cases/{seed.own_case_id}").status_code == 404
    assert client.get(f"/cases/{seed.other_case_id}").status_code == 200
    with app.app_context():
        user = db.session.get(User, seed.user_ids[Role.send_officer])
        assert user.check_password(PASSWORD)  # changing a person never touches their password
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "changed person")).one()
        assert event.detail == "teams" and event.object_id == str(user.id)


def test_deactivating_a_person_stops_them_signing_in(client, login, app, seed):
    login(client, Role.administrator)
    data = person(name="Legal reviewer North", email="legal_reviewer@north.example", role="legal_reviewer")
    del data["active"]
    client.post(f"/admin/people/{seed.user_ids[Role.legal_reviewer]}", data=data)
    assert not find_user(app, "legal_reviewer@north.example").active
    client.post("/logout")
    assert client.post("/login", data={"email": "legal_reviewer@north.example",
                                       "password": PASSWORD}).status_code == 200


def test_administrator_cannot_remove_their_own_administrator_role(client, login, app, seed):
    login(client, Role.administrator)
    data = person(name="Administrator North", email="administrator@north.example", role="tribunal_officer")
    shown = checked(client.post(f"/admin/people/{seed.user_ids[Role.administrator]}", data=data))
    assert "You cannot remove your own administrator role" in shown.text
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
    shown = checked(client.post("/admin/teams/new", data={"name": "South"}))
    assert "There is already a team with this name" in shown.text


def test_a_name_of_only_spaces_is_refused_and_names_are_trimmed(client, login):
    login(client, Role.administrator)
    assert "Enter the team's name" in checked(client.post("/admin/teams/new", data={"name": "  "})).errors()
    assert "Enter the person's full name" in checked(client.post(
        "/admin/people/new", data=person(name="   "))).errors()
    shown = checked(client.post("/admin/teams/new", data={"name": " South "}))
    assert "There is already a team with this name" in shown.text


def test_removing_a_member_from_a_team_hides_its_cases_from_them(client, login, seed):
    login(client, Role.administrator)
    client.post("/admin/teams/2", data={"name": "South", "members": []})
    login(client, seed.other_team_user_id)
    assert client.get(f"/cases/{seed.other_case_id}").status_code == 404


def test_edit_pages_show_the_current_role_and_teams(client, login, seed):
    login(client, Role.administrator)
    shown = page(client, f"/admin/people/{seed.user_ids[Role.legal_reviewer]}")
    assert [box["value"] for box in shown.select("input[checked]")] == ["legal_reviewer", "1", "y"]
    shown = page(client, "/admin/teams/1")
    assert str(seed.user_ids[Role.send_officer]) in [box["value"] for box in shown.select("input[checked]")]


def test_a_person_or_team_that_does_not_exist_is_not_found(client, login):
    login(client, Role.administrator)
    assert client.get("/admin/people/9999").status_code == 404
    assert client.get("/admin/teams/9999").status_code == 404


def test_admin_page_links_to_change_each_person_and_team(client, login, seed):
    login(client, Role.administrator)
    shown = page(client, "/admin/")
    user_id = seed.user_ids[Role.legal_reviewer]
    assert shown.texts(f'a[href="/admin/people/{user_id}"]') == ["Change Legal reviewer North"]
    assert shown.texts('a[href="/admin/teams/2"]') == ["Change South"]


def test_administrator_audit_log_shows_sign_ins_and_case_views_across_teams(client, login, seed):
    login(client, seed.other_team_user_id)
    client.get(f"/cases/{seed.other_case_id}")
    client.post("/logout")
    client.post("/login", data={"email": "nobody@north.example", "password": "x"})
    login(client, Role.administrator)
    shown = page(client, "/admin/audit")
    assert "EH123/25/00002" in shown.text and "viewed" in shown.text
    assert "sign-in refused" in shown.text and "nobody@north.example" in shown.text


def test_admin_page_links_to_local_holidays_and_the_statement_template(client, login):
    login(client, Role.administrator)
    shown = page(client, "/admin/")
    assert {"/deadlines/holidays", "/admin/statement-template"} <= set(shown.links())
