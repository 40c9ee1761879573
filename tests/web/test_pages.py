"""Error pages, the accessibility and privacy pages, the page layout, and the demo command."""
import re

from sqlalchemy import func, select

from bundler.extensions import db
from bundler.models import Case, Team, User

from ..helpers import page


def test_missing_page_uses_the_service_layout_and_says_what_to_do(client):
    missing = page(client, "/no-such-page", status=404)
    assert missing.h1 == "Page not found" and "Check the web address" in missing.text


def test_forbidden_page_says_who_to_ask(client, login):
    login(client, "send_officer")
    assert "Ask an administrator" in page(client, "/admin/", status=403).text


def test_server_error_page_hides_the_error(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.add_url_rule("/broken", "broken", lambda: 1 / 0)
    failed = page(client, "/broken", status=500)
    assert failed.h1 == "Sorry, there is a problem with the service" and "ZeroDivisionError" not in failed.text


def test_accessibility_and_privacy_pages_are_public(client):
    assert page(client, "/accessibility").h1.startswith("Accessibility statement for")
    assert page(client, "/privacy").h1 == "Privacy notice"


def test_layout_has_skip_link_council_header_and_no_crown(client, app):
    login_page = page(client, "/login")
    assert login_page.one("a.govuk-skip-link")["href"] == "#main-content" and login_page.one("main#main-content")
    assert app.config["AUTHORITY_NAME"] in login_page.text and app.config["SERVICE_NAME"] in login_page.text
    assert login_page.select(".govuk-header__logotype") == [] and "Crown copyright" not in login_page.text
    assert "GOV.UK" not in str(login_page.soup)


def test_layout_starts_govuk_frontend_from_static_files(client):
    scripts = [script["src"] for script in page(client, "/login").select("script")]
    assert scripts == ["/static/js/supported.js", "/static/js/init.mjs"]
    for script in scripts:
        assert client.get(script).status_code == 200


def test_signed_in_layout_shows_administration_only_to_administrators(client, login):
    login(client, "tribunal_officer")
    assert "Administration" not in page(client, "/cases/").texts(".govuk-service-navigation__item")
    login(client, "administrator")
    assert "Administration" in page(client, "/cases/").texts(".govuk-service-navigation__item")


def counts(app):
    with app.app_context():
        return [db.session.scalar(select(func.count()).select_from(model)) for model in (User, Team, Case)]


def test_demo_adds_a_user_for_each_role_and_a_case_and_running_it_again_changes_nothing(app, runner):
    before = counts(app)
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    after = counts(app)
    # A user for each of the five roles; the demo case and, from the outcomes seed, a case already decided.
    assert [b - a for a, b in zip(before, after, strict=True)] == [5, 1, 2]
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
