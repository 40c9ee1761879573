"""Single sign-on with OpenID Connect (issue 16, accounts): against a real provider on loopback (oidc-provider-mock,
which signs its ID tokens with its own key), a person whose account already exists signs in; anyone else, a refusal
at the provider or a forged answer is turned away with a message and nothing signed in."""
from urllib.parse import urlsplit

import pytest
import requests
from oidc_provider_mock import User as ProviderUser
from oidc_provider_mock import run_server_in_thread
from sqlalchemy import select

from bundler import create_app
from bundler.config import ConfigError, check
from bundler.extensions import db
from bundler.models import AuditEvent, Role, User

from ..conftest import app_config
from ..helpers import checked, page


@pytest.fixture(scope="module")
def provider():
    with run_server_in_thread(require_nonce=True, user_claims=[
            ProviderUser(sub="entra-officer", claims={"email": "Tribunal_Officer@North.example"}),
            ProviderUser(sub="entra-stranger", claims={"email": "stranger@north.example"}),
            ProviderUser(sub="entra-upn", claims={"preferred_username": "legal_reviewer@north.example"})]) as server:
        yield f"http://127.0.0.1:{server.server_port}"


@pytest.fixture
def sso_app(tmp_path, monkeypatch, database_url, provider):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    app = create_app(app_config(tmp_path, database_url) | {
        "OIDC_ISSUER": provider, "OIDC_CLIENT_ID": "bundler", "OIDC_CLIENT_SECRET": "test-secret",
        "OIDC_PROVIDER_NAME": "North Council account"})
    yield app
    with app.app_context():
        db.engine.dispose()


def at_provider(client, sub: str, action: str = "") -> str:
    """Start single sign-on, answer the provider's sign-in form as `sub` (or deny), and return where the provider
    sends the browser back to (a path on bundler)."""
    start = client.get("/login/single-sign-on?next=/cases")
    assert start.status_code == 302
    answer = requests.post(start.headers["Location"], data={"sub": sub, **({"action": action} if action else {})},
                           allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/login/single-sign-on/done"
    return f"{back.path}?{back.query}"


def events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_person_with_an_account_signs_in_through_the_provider(sso_app, seed):
    client = sso_app.test_client()
    assert "Sign in with North Council account" in page(client, "/login").text
    done = client.get(at_provider(client, "entra-officer"))
    assert done.status_code == 302 and done.headers["Location"] == "/cases"
    assert client.get(f"/cases/{seed.own_case_id}").status_code == 200
    signed_in = events(sso_app, "signed in")
    assert signed_in[-1].user_id == seed.user_ids[Role.tribunal_officer] and signed_in[-1].detail == "single sign-on"


def test_entra_ids_sign_in_name_is_used_when_there_is_no_email_claim(sso_app, seed):
    client = sso_app.test_client()
    client.get(at_provider(client, "entra-upn"))
    assert client.get(f"/cases/{seed.own_case_id}").status_code == 200


def test_nobody_gets_an_account_by_signing_in(sso_app, seed):
    client = sso_app.test_client()
    shown = checked(client.get(at_provider(client, "entra-stranger"), follow_redirects=True))
    assert "There is no active account for stranger@north.example here" in shown.text
    assert client.get("/cases/").status_code == 302  # still signed out
    with sso_app.app_context():
        assert db.session.scalar(select(User).where(User.email == "stranger@north.example")) is None
    assert "single sign-on as stranger@north.example" in events(sso_app, "sign-in refused")[-1].detail


def test_a_deactivated_account_is_refused(sso_app, seed):
    with sso_app.app_context():
        db.session.get(User, seed.user_ids[Role.tribunal_officer]).active = False
        db.session.commit()
    client = sso_app.test_client()
    shown = checked(client.get(at_provider(client, "entra-officer"), follow_redirects=True))
    assert "There is no active account for tribunal_officer@north.example" in shown.text
    assert client.get("/cases/").status_code == 302


def test_a_refusal_at_the_provider_says_what_to_do(sso_app, seed):
    client = sso_app.test_client()
    shown = checked(client.get(at_provider(client, "entra-officer", action="deny"), follow_redirects=True))
    assert "Single sign-on did not complete" in shown.text and client.get("/cases/").status_code == 302


def test_an_answer_from_another_browser_is_refused(sso_app, seed):
    """A code and state made for one browser session, replayed in another (login CSRF), signs nobody in."""
    victim, attacker = sso_app.test_client(), sso_app.test_client()
    forged = at_provider(attacker, "entra-officer")
    victim.get("/login/single-sign-on")  # the victim has a sign-on of their own under way
    shown = checked(victim.get(forged, follow_redirects=True))
    assert "Single sign-on did not complete" in shown.text and victim.get("/cases/").status_code == 302


def test_single_sign_on_is_off_unless_configured(client, seed):
    assert client.get("/login/single-sign-on").status_code == 404
    assert "Sign in with" not in page(client, "/login").text


def test_an_issuer_without_its_client_stops_start_up():
    with pytest.raises(ConfigError, match="OIDC_CLIENT_ID"):
        check({"OIDC_ISSUER": "https://login.microsoftonline.com/tenant/v2.0"})
