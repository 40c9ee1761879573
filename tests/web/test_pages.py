"""Error pages, the accessibility and privacy pages, the page layout, and the demo command."""
import re

from sqlalchemy import func, select

from bundler.extensions import db
from bundler.models import Case, Team, User


def test_missing_page_uses_the_service_layout_and_says_what_to_do(client):
    response = client.get("/no-such-page")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "<h1 class=\"govuk-heading-l\">Page not found</h1>" in page and "Check the web address" in page


def test_forbidden_page_says_who_to_ask(client, login):
    login(client, "send_officer")
    response = client.get("/admin/")
    assert response.status_code == 403 and "Ask an administrator" in response.get_data(as_text=True)


def test_server_error_page_hides_the_error(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.add_url_rule("/broken", "broken", lambda: 1 / 0)
    response = client.get("/broken")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page and "ZeroDivisionError" not in page


def test_accessibility_and_privacy_pages_are_public(client):
    assert "Accessibility statement for" in client.get("/accessibility").get_data(as_text=True)
    assert "Privacy notice" in client.get("/privacy").get_data(as_text=True)


def test_layout_has_skip_link_council_header_and_no_crown(client, app):
    page = client.get("/login").get_data(as_text=True)
    assert '<a href="#main-content" class="govuk-skip-link"' in page and 'id="main-content"' in page
    assert app.config["AUTHORITY_NAME"] in page and app.config["SERVICE_NAME"] in page
    assert "govuk-header__logotype" not in page and "Crown copyright" not in page and "GOV.UK" not in page


def test_layout_starts_govuk_frontend_from_static_files(client):
    page = client.get("/login").get_data(as_text=True)
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert scripts == ["/static/js/supported.js", "/static/js/init.mjs"]
    for script in scripts:
        assert client.get(script).status_code == 200


def test_signed_in_layout_shows_administration_only_to_administrators(client, login):
    login(client, "tribunal_officer")
    assert "Administration" not in client.get("/cases/").get_data(as_text=True)
    login(client, "administrator")
    assert "Administration" in client.get("/cases/").get_data(as_text=True)


def counts(app):
    with app.app_context():
        return [db.session.scalar(select(func.count()).select_from(model)) for model in (User, Team, Case)]


def test_demo_adds_a_user_for_each_role_and_a_case_and_running_it_again_changes_nothing(app, runner):
    before = counts(app)
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    after = counts(app)
    assert [b - a for a, b in zip(before, after)] == [4, 1, 1]
    password = re.search(r"with password (\S+)", first.output).group(1)
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0 and counts(app) == after
    assert f"with password {password}" in second.output and "Already present" in second.output


def test_demo_users_can_sign_in_with_the_printed_password(app, runner, client):
    output = runner.invoke(args=["demo"]).output
    password = re.search(r"with password (\S+)", output).group(1)
    for email in re.findall(r"\s(\S+@demo\.example)", output):
        assert client.post("/login", data={"email": email, "password": password}).status_code == 302
        client.post("/logout")
