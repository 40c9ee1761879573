"""Set-up on a fresh machine: typed settings checked at start-up, advice for plain HTTP and an unmigrated database,
the first administrator from the command line, and a demo dated from today."""
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bundler import create_app, dates
from bundler.config import ConfigError, markdown_table
from bundler.demo import CASE_DAYS, DEMO_REFERENCE
from bundler.demo import evidence as demo_evidence
from bundler.extensions import db
from bundler.models import AuditEvent, Case, Role, User
from bundler.schema import UPGRADE_ADVICE

from ..conftest import BundlerRunner, app_config

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def fresh_instance(tmp_path, monkeypatch):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    for name in ("DATABASE_URL", "BUNDLER_SECRET_KEY", "BUNDLER_MAIL_SERVER", "BUNDLER_MAIL_FROM"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.mark.parametrize(("text", "expected"), [("0", False), ("false", False), ("off", False), ("1", True),
                                                ("yes", True), ("True", True)])
def test_cookie_secure_from_the_environment_is_a_real_boolean(fresh_instance, monkeypatch, text, expected):
    monkeypatch.setenv("BUNDLER_SESSION_COOKIE_SECURE", text)
    config = create_app().config
    assert config["SESSION_COOKIE_SECURE"] is expected
    assert config["REMEMBER_COOKIE_SECURE"] is expected


def test_cookie_secure_is_on_by_default_outside_debugging(fresh_instance):
    assert create_app().config["SESSION_COOKIE_SECURE"] is True


def test_a_setting_that_cannot_be_parsed_says_what_to_enter(fresh_instance, monkeypatch):
    monkeypatch.setenv("BUNDLER_SESSION_COOKIE_SECURE", "maybe")
    with pytest.raises(ConfigError, match="BUNDLER_SESSION_COOKIE_SECURE is 'maybe': set it to 1"):
        create_app()
    monkeypatch.setenv("BUNDLER_SESSION_COOKIE_SECURE", "1")
    monkeypatch.setenv("BUNDLER_MAX_UPLOAD_MB", "lots")
    with pytest.raises(ConfigError, match="whole number"):
        create_app()


def test_upload_limit_in_megabytes_sets_the_request_limit(fresh_instance, monkeypatch):
    monkeypatch.setenv("BUNDLER_MAX_UPLOAD_MB", "5")
    assert create_app().config["MAX_CONTENT_LENGTH"] == 5 * 1024 * 1024


def test_mail_server_without_a_from_address_stops_start_up(fresh_instance, monkeypatch):
    monkeypatch.setenv("BUNDLER_MAIL_SERVER", "smtp.council.example")
    with pytest.raises(ConfigError, match="set BUNDLER_MAIL_FROM"):
        create_app()


def test_s3_storage_without_endpoint_or_credentials_stops_start_up(fresh_instance, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY", raising=False)
    monkeypatch.setenv("BUNDLER_STORAGE_URL", "s3://evidence")
    with pytest.raises(ConfigError) as raised:
        create_app()
    assert "BUNDLER_S3_ENDPOINT_URL" in str(raised.value) and "AWS_SECRET_ACCESS_KEY" in str(raised.value)


def test_readme_settings_table_is_the_one_the_code_holds():
    text = README.read_text(encoding="utf-8")
    table = re.search(r"<!-- settings table:[^>]*-->\n(.*?)\n<!-- end of settings table -->", text, re.S)
    assert table is not None and table.group(1) == markdown_table()


def insecure_app(tmp_path, database_url, secure=True):
    return create_app({**app_config(tmp_path, database_url), "SESSION_COOKIE_SECURE": secure})


def test_sign_in_page_over_plain_http_elsewhere_than_localhost_says_what_to_set(tmp_path, database_url,
                                                                                  monkeypatch):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    app = insecure_app(tmp_path, database_url)
    remote = app.test_client().get("/login", base_url="http://bundler.council.example").get_data(as_text=True)
    assert "BUNDLER_SESSION_COOKIE_SECURE=0" in remote and "over plain HTTP" in remote
    local = app.test_client().get("/login", base_url="http://127.0.0.1:5000").get_data(as_text=True)
    secure = app.test_client().get("/login", base_url="https://bundler.council.example").get_data(as_text=True)
    assert "plain HTTP" not in local and "plain HTTP" not in secure


def test_sign_in_page_gives_no_advice_when_the_cookie_is_not_secure(tmp_path, database_url, monkeypatch):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    app = insecure_app(tmp_path, database_url, secure=False)
    page = app.test_client().get("/login", base_url="http://bundler.council.example").get_data(as_text=True)
    assert "plain HTTP" not in page


def test_a_failed_csrf_check_over_plain_http_explains_the_cookie(tmp_path, database_url, monkeypatch):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    app = insecure_app(tmp_path, database_url)
    app.config["WTF_CSRF_ENABLED"] = True
    response = app.test_client().post("/login", data={"email": "a@b.example", "password": "x"},
                                      base_url="http://bundler.council.example")
    assert response.status_code == 400
    assert "BUNDLER_SESSION_COOKIE_SECURE=0" in response.get_data(as_text=True)


def test_behind_a_proxy_the_forwarded_scheme_is_believed(tmp_path, database_url, monkeypatch):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    app = create_app({**app_config(tmp_path, database_url), "PROXY_FIX": True})
    response = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert response.headers.get("Strict-Transport-Security", "").startswith("max-age=")


def unmigrated_app(tmp_path):
    return create_app(app_config(tmp_path, f"sqlite:///{tmp_path / 'empty.sqlite'}"))


def test_sign_in_against_an_unmigrated_database_says_to_upgrade(tmp_path, monkeypatch):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    response = unmigrated_app(tmp_path).test_client().post(
        "/login", data={"email": "admin@demo.example", "password": "whatever it is"})
    assert response.status_code == 503
    assert "bundler db upgrade" in response.get_data(as_text=True)


def test_demo_on_an_unmigrated_database_says_to_upgrade(tmp_path, monkeypatch):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    result = BundlerRunner(unmigrated_app(tmp_path)).invoke(args=["demo"])
    assert result.exit_code == 1
    assert UPGRADE_ADVICE in result.output
    assert "Traceback" not in result.output


def test_demo_with_no_worker_says_to_start_one(tmp_path, monkeypatch, database_url):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    monkeypatch.setattr(demo_evidence, "CONVERSION_WAIT_SECONDS", 0.5)
    queued = create_app(app_config(tmp_path, database_url) | {"QUEUE_URL": ""})  # the SQLite queue; nobody reads it
    result = BundlerRunner(queued).invoke(args=["demo"])
    assert result.exit_code == 1
    assert "did not finish within 0 s. Is a worker running? Start one with `bundler worker`." in result.output
    assert "Traceback" not in result.output


def test_user_add_makes_an_administrator_who_can_sign_in(app, runner):
    password = "correct horse battery"
    result = runner.invoke(args=["user", "add", "Head.Of.SEND@Council.example", "--name", "Pat Head",
                                 "--role", "administrator"], input=f"short\npassword1234\n{password}\n{password}\n")
    assert result.exit_code == 0, result.output
    assert "12 characters or more" in result.output
    assert "one of the most common" in result.output  # password1234 is on the list
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "head.of.send@council.example"))
        assert user.role == Role.administrator and user.check_password(password)
        assert password not in result.output
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.object_id == str(user.id)))
        assert event.action == "added user"
    response = app.test_client().post("/login", data={"email": "head.of.send@council.example",
                                                      "password": password})
    assert response.status_code == 302


def test_user_add_refuses_an_address_already_in_use(runner):
    result = runner.invoke(args=["user", "add", "administrator@north.example", "--name", "Someone"],
                           input="a long password here\na long password here\n")
    assert result.exit_code == 2 and "already has the address" in result.output


def test_demo_case_is_dated_from_today(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == DEMO_REFERENCE))
        today = dates.today()
        assert timedelta(weeks=9) <= case.hearing_date - today <= timedelta(weeks=11)
        assert case.registration_date < today < case.hearing_date
        assert case.decision_letter_date == today + timedelta(days=CASE_DAYS["decision_letter_date"])


def test_demo_prints_the_address_it_is_served_on(app, runner):
    app.config["PUBLIC_URL"] = "http://127.0.0.1:5001"
    result = runner.invoke(args=["demo"])
    assert "Sign in at http://127.0.0.1:5001/login" in result.output
