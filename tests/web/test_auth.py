"""Signing in and out, password hashing, CSRF, rate limiting, cookies and security headers."""
import re

from sqlalchemy import select

from bundler import create_app
from bundler.extensions import db
from bundler.models import AuditEvent, Role, User
from bundler.web.navigation import home_url

from ..conftest import PASSWORD, app_config
from ..helpers import checked, page


def sign_in(client, email, password=PASSWORD, **kwargs):
    return client.post("/login", data={"email": email, "password": password}, **kwargs)


def home(app) -> str:
    with app.test_request_context():
        return home_url()


def test_correct_password_signs_in_and_opens_the_home_page(client, app):
    response = sign_in(client, "tribunal_officer@north.example")
    assert response.status_code == 302
    assert response.location == home(app) != "/login"
    assert client.get(response.location).status_code == 200


def test_email_is_matched_without_regard_to_case_or_spaces(client):
    assert sign_in(client, "  Tribunal_Officer@North.example ").status_code == 302


def test_wrong_password_is_refused_with_an_error_linked_to_the_field(client):
    refused = checked(sign_in(client, "tribunal_officer@north.example", "wrong"))
    assert refused.status == 200
    assert [link["href"] for link in refused.select(".govuk-error-summary a")] == ["#email"]
    assert refused.errors() == ["Enter a correct email address and password"]
    assert refused.title.startswith("Error: Sign in")
    assert client.get("/cases/").status_code == 302


def test_deactivated_account_cannot_sign_in(client, app, seed):
    with app.app_context():
        db.session.get(User, seed.user_ids[Role.legal_reviewer]).active = False
        db.session.commit()
    refused = checked(sign_in(client, "legal_reviewer@north.example"))
    assert refused.status == 200 and refused.errors() == ["Enter a correct email address and password"]


def test_passwords_are_stored_hashed(app, seed):
    with app.app_context():
        user = db.session.get(User, seed.user_ids[Role.send_officer])
        assert PASSWORD not in user.password_hash
        assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))
        assert user.check_password(PASSWORD) and not user.check_password(PASSWORD + "x")


def test_sign_in_follows_next_only_within_the_site(client, app, seed):
    here = sign_in(client, "tribunal_officer@north.example", query_string={"next": f"/cases/{seed.own_case_id}"})
    assert here.location == f"/cases/{seed.own_case_id}"
    client.post("/logout")
    for target in ("https://evil.example/", "//evil.example/x"):
        away = sign_in(client, "tribunal_officer@north.example", query_string={"next": target})
        assert away.location == home(app)
        client.post("/logout")


def test_sign_in_and_out_are_audited(client, app, seed):
    sign_in(client, "send_officer@north.example", "wrong")
    sign_in(client, "send_officer@north.example")
    client.post("/logout")
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.user_id == seed.user_ids[Role.send_officer])).all()
        refused = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "sign-in refused")).one()
    assert actions == ["signed in", "signed out"]
    assert refused.user_id is None and refused.detail == "send_officer@north.example"


def test_sign_out_ends_the_session(client, login):
    login(client, "tribunal_officer")
    assert client.get("/cases/").status_code == 200
    assert client.post("/logout").location == "/login"
    assert client.get("/cases/").status_code == 302


def test_signing_out_needs_a_post_so_a_link_cannot_sign_someone_out(client, login):
    login(client, "tribunal_officer")
    assert client.get("/logout").status_code == 405


def csrf_app(tmp_path, database_url, monkeypatch, **extra):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    return create_app(app_config(tmp_path, database_url) | extra)


def test_form_post_without_csrf_token_is_rejected(tmp_path, database_url, monkeypatch):
    client = csrf_app(tmp_path, database_url, monkeypatch, WTF_CSRF_ENABLED=True).test_client()
    response = sign_in(client, "tribunal_officer@north.example")
    assert response.status_code == 400
    assert "problem with that request" in checked(response).text


def test_form_post_with_the_pages_csrf_token_is_accepted(tmp_path, database_url, monkeypatch):
    client = csrf_app(tmp_path, database_url, monkeypatch, WTF_CSRF_ENABLED=True).test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": "tribunal_officer@north.example", "password": PASSWORD,
                                           "csrf_token": token.group(1)})
    assert response.status_code == 302


def test_repeated_sign_in_attempts_are_limited(tmp_path, database_url, monkeypatch):
    app = csrf_app(tmp_path, database_url, monkeypatch, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    codes = [sign_in(client, "tribunal_officer@north.example", "wrong").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert checked(sign_in(client, "tribunal_officer@north.example")).h1 == "Too many attempts"


def test_session_cookie_is_http_only_and_same_site_lax(client):
    response = sign_in(client, "tribunal_officer@north.example")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_cookie_is_secure_outside_debugging_and_testing(tmp_path, monkeypatch):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    monkeypatch.delenv("BUNDLER_SESSION_COOKIE_SECURE", raising=False)
    assert create_app().config["SESSION_COOKIE_SECURE"] is True
    assert create_app({"TESTING": True}).config["SESSION_COOKIE_SECURE"] is False


def test_pages_send_a_content_security_policy_without_inline_script(client):
    response = client.get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    checked(response)  # which refuses inline script


def test_https_responses_tell_browsers_to_stay_on_https(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    assert client.get("/login", base_url="https://localhost").headers["Strict-Transport-Security"]


def test_idle_session_is_signed_out_and_sent_back_to_sign_in(client, login, app, seed):
    login(client, "tribunal_officer")
    assert client.get("/cases/").status_code == 200
    with client.session_transaction() as session:
        session["seen"] -= app.config["SESSION_IDLE_MINUTES"] * 60 + 1
    response = client.get(f"/cases/{seed.own_case_id}")
    assert response.status_code == 302 and response.location.startswith("/login?next=")
    assert "without activity" in page(client, response.location).text
    assert client.get("/cases/").status_code == 302


def test_activity_within_the_idle_limit_keeps_the_session(client, login, app):
    login(client, "tribunal_officer")
    client.get("/cases/")
    with client.session_transaction() as session:
        session["seen"] -= app.config["SESSION_IDLE_MINUTES"] * 60 - 5
    assert client.get("/cases/").status_code == 200
