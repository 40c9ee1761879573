"""Every foundation route for every role: allowed, forbidden (403), or not found (404) for another team's case."""
import pytest

from bundler.models import Role

SO, TO, LR, AD = Role.send_officer, Role.tribunal_officer, Role.legal_reviewer, Role.administrator
EVERYONE = (SO, TO, LR, AD)

# (url pattern, roles allowed on their own team's case); {case} is filled in per test.
CASE_ROUTES = [
    ("/cases/{case}", EVERYONE),
    ("/cases/{case}/edit", (TO, AD)),
    ("/cases/{case}/audit", (TO, AD)),
]
PLAIN_ROUTES = [
    ("/cases/", EVERYONE),
    ("/cases/new", (TO, AD)),
    ("/admin/", (AD,)),
    ("/admin/audit", (AD,)),
    ("/admin/people/new", (AD,)),
    ("/admin/people/1", (AD,)),
    ("/admin/teams/new", (AD,)),
    ("/admin/teams/1", (AD,)),
]


@pytest.mark.parametrize("role", EVERYONE)
@pytest.mark.parametrize("url, allowed", PLAIN_ROUTES)
def test_page_is_open_only_to_its_roles(client, login, role, url, allowed):
    login(client, role)
    assert client.get(url).status_code == (200 if role in allowed else 403)


@pytest.mark.parametrize("role", EVERYONE)
@pytest.mark.parametrize("url, allowed", CASE_ROUTES)
def test_case_page_on_own_team_is_open_only_to_its_roles(client, login, seed, role, url, allowed):
    login(client, role)
    assert client.get(url.format(case=seed.own_case_id)).status_code == (200 if role in allowed else 403)


@pytest.mark.parametrize("role", (SO, TO, LR))
@pytest.mark.parametrize("url, allowed", CASE_ROUTES)
def test_another_teams_case_is_not_found_whatever_the_role(client, login, seed, role, url, allowed):
    login(client, role)
    assert client.get(url.format(case=seed.other_case_id)).status_code == 404


@pytest.mark.parametrize("url, allowed", CASE_ROUTES)
def test_administrator_sees_every_teams_case(client, login, seed, url, allowed):
    login(client, AD)
    assert client.get(url.format(case=seed.other_case_id)).status_code == 200


@pytest.mark.parametrize("url, allowed", CASE_ROUTES)
def test_a_case_that_does_not_exist_is_not_found(client, login, url, allowed):
    login(client, AD)
    assert client.get(url.format(case=999999)).status_code == 404


@pytest.mark.parametrize("url", [u for u, _ in PLAIN_ROUTES] + ["/cases/1", "/cases/1/edit", "/cases/1/audit"])
def test_signed_out_visitor_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.location.startswith("/login?next=")


def test_posting_changes_to_another_teams_case_is_not_found_and_changes_nothing(client, login, seed, app):
    login(client, TO)
    response = client.post(f"/cases/{seed.other_case_id}/edit", data={"child_name": "Changed"})
    assert response.status_code == 404
    with app.app_context():
        from bundler.extensions import db
        from bundler.models import Case
        assert db.session.get(Case, seed.other_case_id).child_name == "Child of South"


def test_deactivated_user_is_treated_as_signed_out(client, login, seed, app):
    with app.app_context():
        from bundler.extensions import db
        from bundler.models import User
        db.session.get(User, seed.user_ids[TO]).active = False
        db.session.commit()
    login(client, TO)
    assert client.get("/cases/").status_code == 302


FORM_POSTS = [
    ("/cases/new", (TO, AD)),
    ("/cases/{case}/edit", (TO, AD)),
    ("/admin/people/new", (AD,)),
    ("/admin/people/1", (AD,)),
    ("/admin/teams/new", (AD,)),
    ("/admin/teams/1", (AD,)),
]


@pytest.mark.parametrize("role", (SO, LR))
@pytest.mark.parametrize("url, allowed", FORM_POSTS)
def test_roles_that_cannot_change_things_are_forbidden_from_posting(client, login, seed, role, url, allowed):
    login(client, role)
    assert client.post(url.format(case=seed.own_case_id), data={"name": "x"}).status_code == 403


@pytest.mark.parametrize("url", ["/admin/people/new", "/admin/teams/new"])
def test_tribunal_officer_cannot_post_to_administration(client, login, url):
    login(client, TO)
    assert client.post(url, data={"name": "x"}).status_code == 403
