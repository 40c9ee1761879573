"""Accounts: invitations and resets by one-time e-mailed link, password rules, per-account sign-in limits, a new
session on sign-in, and two-factor sign-in with recovery codes. E-mails are read back from a real SMTP server."""
import re
import time
from datetime import timedelta

import pyotp
from sqlalchemy import select

from bundler.config import load
from bundler.extensions import db
from bundler.models import AccountLink, AuditEvent, RecoveryCode, Role, User
from bundler.models.audit import utc_now

from ..conftest import PASSWORD
from ..helpers import checked, page, submit
from .test_auth import csrf_app, sign_in

NEW_PASSWORD = "river kettle orange lantern"


def new_person(client, login, email="robin.new@north.example"):
    login(client, Role.administrator)
    return submit(client, "/admin/people/new", {"name": "Robin New", "email": email, "role": "send_officer",
                                                "teams": ["1"], "active": "y"})


def choose(client, link, password=NEW_PASSWORD, confirm=None):
    return submit(client, link, {"password": password, "confirm": password if confirm is None else confirm},
                  status=200)


def test_invitation_is_emailed_and_the_person_chooses_their_own_password_once(client, login, app, mailbox):
    shown = new_person(client, login)
    assert "We emailed robin.new@north.example" in shown.text and shown.select("#account-link") == []
    [message] = mailbox.messages
    assert message["Subject"].startswith("You have been invited") and "works once, for 7 days" in \
        message.get_content()
    [link] = mailbox.links("robin.new@north.example")
    client.post("/logout")
    form = page(client, link)
    assert form.h1 == "Choose your password"
    assert "Password must be 12 characters or more" in choose(client, link, "short").errors()[0]
    assert "one of the most common" in choose(client, link, "password1234").errors()[0]
    assert "one of the most common" in choose(client, link, "Qwerty123456!").errors()[0]  # case and a symbol
    assert "one of the most common" in choose(client, link, "Password20261!").errors()[0]  # "password" + digits
    assert "do not match" in choose(client, link, confirm="something else entirely").errors()[0]
    assert "Sign in with it now" in choose(client, link).text
    assert sign_in(client, "robin.new@north.example", NEW_PASSWORD).status_code == 302
    client.post("/logout")
    assert "This link does not work" in page(client, link, status=404).text  # once only
    token = link.rsplit("/", 1)[1]
    with app.app_context():
        stored = db.session.scalars(select(AccountLink.token_hash)).all()
        assert stored and token not in stored and all(len(value) == 64 for value in stored)  # hashed
        assert "set own password" in db.session.scalars(select(AuditEvent.action)).all()


def test_without_smtp_the_administrator_gets_the_link_once_to_copy(client, login):
    shown = new_person(client, login)
    assert "Email is not set up for this service" in shown.text
    link = shown.one("#account-link")["value"]
    assert re.fullmatch(r"http://localhost/invitation/[A-Za-z0-9_-]{43}", link)
    client.post("/logout")
    assert page(client, link).h1 == "Choose your password"


def test_a_new_invitation_stops_the_old_link_working(client, login, app):
    old = new_person(client, login).one("#account-link")["value"]
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == "robin.new@north.example"))
    new = submit(client, f"/admin/people/{user_id}/link").one("#account-link")["value"]
    assert new != old
    assert page(client, old, status=404).h1 == "This link does not work"
    assert page(client, new).h1 == "Choose your password"


def test_an_expired_invitation_does_not_work(client, login, app):
    link = new_person(client, login).one("#account-link")["value"]
    with app.app_context():
        db.session.scalar(select(AccountLink)).expires_at = utc_now() - timedelta(seconds=1)
        db.session.commit()
    assert "This link does not work" in page(client, link, status=404).text
    assert client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 404


def test_reset_answers_the_same_whether_or_not_the_address_has_an_account(client, mailbox):
    known = submit(client, "/reset-password", {"email": "tribunal_officer@north.example"})
    unknown = submit(client, "/reset-password", {"email": "nobody@north.example"})
    assert known.h1 == unknown.h1 == "Check your email"
    assert known.text.replace("tribunal_officer", "nobody") == unknown.text
    assert [message["To"] for message in mailbox.messages] == ["tribunal_officer@north.example"]


def test_reset_link_sets_a_new_password_once_and_the_old_one_stops_working(client, app, mailbox):
    submit(client, "/reset-password", {"email": "Tribunal_Officer@north.example "})
    [link] = mailbox.links("tribunal_officer@north.example")
    assert "works once, for 60 minutes" in mailbox.messages[0].get_content()
    assert page(client, link).h1 == "Choose a new password"
    choose(client, link)
    assert sign_in(client, "tribunal_officer@north.example", PASSWORD).status_code == 200
    assert sign_in(client, "tribunal_officer@north.example", NEW_PASSWORD).status_code == 302
    client.post("/logout")
    assert page(client, link, status=404).h1 == "This link does not work"


def test_reset_link_expires(client, app, mailbox):
    app.config["PASSWORD_RESET_MINUTES"] = 60
    submit(client, "/reset-password", {"email": "tribunal_officer@north.example"})
    [link] = mailbox.links("tribunal_officer@north.example")
    with app.app_context():
        stored = db.session.scalar(select(AccountLink))
        assert timedelta(minutes=59) < stored.expires_at - stored.created_at <= timedelta(minutes=60)
        stored.expires_at = utc_now() - timedelta(seconds=1)
        db.session.commit()
    assert page(client, link, status=404).h1 == "This link does not work"


def test_sign_in_is_limited_per_account_even_from_many_addresses(tmp_path, database_url, monkeypatch):
    app = csrf_app(tmp_path, database_url, monkeypatch, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="100 per minute",
                   ACCOUNT_LOGIN_RATE_LIMIT="3 per 15 minutes")
    client = app.test_client()
    codes = [sign_in(client, "tribunal_officer@north.example", "wrong", environ_base={
        "REMOTE_ADDR": f"10.0.0.{number}"}).status_code for number in range(1, 5)]
    assert codes == [200, 200, 200, 429]
    refused = checked(sign_in(client, " Tribunal_Officer@north.example", environ_base={"REMOTE_ADDR": "10.0.0.9"}))
    assert refused.status == 429 and "too many sign-in attempts for this account" in refused.text
    assert "reset your password" in refused.text
    assert sign_in(client, "legal_reviewer@north.example", environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code \
        == 302  # another account from the same address is not held up


def test_signing_in_starts_a_new_session(client):
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    before = client.get_cookie("session").value
    assert sign_in(client, "tribunal_officer@north.example").status_code == 302
    after = client.get_cookie("session").value
    assert after != before
    with client.session_transaction() as session:
        assert "planted" not in session and session["_user_id"]


def set_up_two_factor(client) -> tuple[str, list[str]]:
    """Through the account page: read the key shown, confirm a code from it; returns the key and recovery codes."""
    setup = page(client, "/two-factor/setup")
    key = setup.one("#totp-key").get_text().replace(" ", "")
    refused = submit(client, "/two-factor/setup", {"code": "000000" if pyotp.TOTP(key).now() != "000000"
                                                   else "111111"})
    assert "The code does not match" in refused.errors()[0]
    shown = submit(client, "/two-factor/setup", {"code": pyotp.TOTP(key).now()})
    assert shown.h1 == "Your recovery codes"
    return key, shown.texts("#recovery-codes li")


def next_code(key: str) -> str:
    """A code from the next time step, as the app shows 30 seconds later (a code works only once)."""
    return pyotp.TOTP(key).at(time.time() + 30)


def test_two_factor_sign_in_with_a_code_then_a_recovery_code_each_once(client, login, app, seed):
    login(client, Role.tribunal_officer)
    assert "Set up two-factor sign-in" in page(client, "/account").text
    key, codes = set_up_two_factor(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    with app.app_context():
        hashes = db.session.scalars(select(RecoveryCode.code_hash)).all()
        assert len(hashes) == 10 and not set(codes) & set(hashes)  # kept hashed
    client.post("/logout")
    response = sign_in(client, "tribunal_officer@north.example")
    assert response.location == "/login/two-factor"
    assert client.get(f"/cases/{seed.own_case_id}").status_code == 302  # not signed in yet
    assert "Enter the 6-digit code" in submit(client, "/login/two-factor", {"code": "12345"}).errors()[0]
    code = next_code(key)
    assert submit(client, "/login/two-factor", {"code": code}).status == 200
    assert client.get(f"/cases/{seed.own_case_id}").status_code == 200
    client.post("/logout")
    sign_in(client, "tribunal_officer@north.example")
    assert submit(client, "/login/two-factor", {"code": code}).errors()  # the same code again: refused
    submit(client, "/login/two-factor", {"code": codes[0].upper()})
    assert client.get(f"/cases/{seed.own_case_id}").status_code == 200
    assert "9 unused recovery codes" in page(client, "/account").text
    client.post("/logout")
    sign_in(client, "tribunal_officer@north.example")
    assert submit(client, "/login/two-factor", {"code": codes[0]}).errors()  # each recovery code once
    with app.app_context():
        details = db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "signed in")).all()
        assert "with a recovery code" in details and "with a code" in details


def test_a_person_part_way_through_sign_in_cannot_replace_their_authenticator(client, login, app):
    login(client, Role.tribunal_officer)
    set_up_two_factor(client)
    client.post("/logout")
    sign_in(client, "tribunal_officer@north.example")
    assert client.get("/two-factor/setup").location == "/login/two-factor"


def test_when_two_factor_is_required_a_person_sets_it_up_before_they_are_signed_in(client, app, seed):
    app.config["REQUIRE_TWO_FACTOR"] = True
    assert sign_in(client, "legal_reviewer@north.example").location == "/two-factor/setup"
    assert client.get(f"/cases/{seed.own_case_id}").status_code == 302
    setup = page(client, "/two-factor/setup")
    assert "asks everyone to sign in with a code" in setup.text
    key = setup.one("#totp-key").get_text().replace(" ", "")
    assert submit(client, "/two-factor/setup", {"code": pyotp.TOTP(key).now()}).h1 == "Your recovery codes"
    assert client.get(f"/cases/{seed.own_case_id}").status_code == 200


def test_administrator_turns_off_two_factor_for_someone_who_lost_their_app(client, login, app, seed):
    login(client, Role.send_officer)
    set_up_two_factor(client)
    login(client, Role.administrator)
    user_id = seed.user_ids[Role.send_officer]
    assert "Turn off two-factor sign-in" in page(client, f"/admin/people/{user_id}").text
    assert "Two-factor sign-in is off" in submit(client, f"/admin/people/{user_id}/two-factor/off").text
    client.post("/logout")
    assert sign_in(client, "send_officer@north.example").status_code == 302
    with app.app_context():
        assert db.session.get(User, user_id).totp_secret is None
        assert db.session.scalars(select(RecoveryCode)).all() == []


def test_only_administrators_send_links_or_turn_off_two_factor(client, login, seed):
    login(client, Role.tribunal_officer)
    user_id = seed.user_ids[Role.send_officer]
    assert client.post(f"/admin/people/{user_id}/link").status_code == 403
    assert client.post(f"/admin/people/{user_id}/two-factor/off").status_code == 403


def test_two_factor_is_optional_unless_the_setting_requires_it(tmp_path):
    assert load(tmp_path, {}, {})["REQUIRE_TWO_FACTOR"] is False
    assert load(tmp_path, {}, {"BUNDLER_REQUIRE_TWO_FACTOR": "1"})["REQUIRE_TWO_FACTOR"] is True
