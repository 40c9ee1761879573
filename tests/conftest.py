"""Shared fixtures: an app on a real database built by the migrations, seeded people on two teams, and login.

The database is a SQLite file, or with BUNDLER_TEST_DATABASE=postgresql a database on a throwaway PostgreSQL
cluster the session starts. The migrations run once per test session into a template database; each test gets its
own copy (a file copy, or CREATE DATABASE ... TEMPLATE), so tests are isolated and fast. Seed data: team North has
one user for each role and the case `own_case_id`; team South has its own tribunal officer and the case
`other_case_id`; the administrator is on no team.
"""
import itertools
import os
import socket
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import flask_migrate
import pytest
from flask.testing import FlaskCliRunner

from bundler import create_app
from bundler.cli import make_cli
from bundler.extensions import db
from bundler.models import Case, Role, Team, User

from . import hostile_files as hostile
from .servers import clamd, postgres, seaweedfs

PASSWORD = "a long test password"

# CI installs every optional tool (LibreOffice, OCR, Chromium, PostgreSQL, Redis, the S3 server), so a skipped test
# there means an install step is broken: the run fails and names each skip.
SKIPPED: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        SKIPPED.append(f"{report.nodeid}: {reason}")


def pytest_terminal_summary(terminalreporter):
    if os.environ.get("CI") == "true" and SKIPPED:
        terminalreporter.section("skipped in CI, where every tool should be installed")
        for line in SKIPPED:
            terminalreporter.line(line)


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CI") == "true" and SKIPPED and exitstatus == 0:
        session.exitstatus = 1


@dataclass(frozen=True)
class Seed:
    user_ids: dict          # Role -> id of that role's user on team North
    other_team_user_id: int  # a tribunal officer on team South only
    own_case_id: int         # a case on team North
    other_case_id: int       # a case on team South


TEST_DATABASE = os.environ.get("BUNDLER_TEST_DATABASE", "sqlite")
if TEST_DATABASE not in ("sqlite", "postgresql"):
    raise pytest.UsageError(f"BUNDLER_TEST_DATABASE is {TEST_DATABASE!r}: set it to sqlite or postgresql.")


# On the PostgreSQL pass, a test that reaches no database (no fixture below in its closure) would run exactly as it
# did on the SQLite pass, so it is left out of that pass and counted as deselected.
DATABASE_FIXTURES = {"database_url", "migrated_database", "postgres_cluster", "live_server"}


def pytest_collection_modifyitems(config, items):
    if TEST_DATABASE != "postgresql":
        return
    reaches = {item: bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))) for item in items}
    config.hook.pytest_deselected(items=[item for item in items if not reaches[item]])
    items[:] = [item for item in items if reaches[item]]


def app_config(tmp_path, database_url: str) -> dict:
    return {"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
            "DATABASE_URL": database_url, "EVIDENCE_DIR": str(tmp_path / "evidence"),
            "BUNDLES_DIR": str(tmp_path / "bundles"), "QUEUE_URL": "memory://"}


def make_user(role: Role, email: str, teams: list[Team]) -> User:
    user = User(email=email, name=f"{role.label} {email.split('@')[1].split('.')[0].title()}", role=role,
                teams=teams)
    user.set_password(PASSWORD)
    db.session.add(user)
    return user


def make_case(reference: str, team: Team, officer: User) -> Case:
    case = Case(reference=reference, child_name=f"Child of {team.name}", child_dob=date(2014, 3, 27),
                school="Riverside Primary", appellant_name="A Parent", appeal_type="contents",
                decision_letter_date=date(2025, 6, 2), registration_date=date(2025, 9, 1),
                hearing_date=date(2026, 2, 10), team=team, officer=officer)
    db.session.add(case)
    return case


def seed_people_and_cases() -> Seed:
    north, south = Team(name="North"), Team(name="South")
    db.session.add_all([north, south])
    users = {role: make_user(role, f"{role.value}@north.example", [] if role == Role.administrator else [north])
             for role in Role}
    south_officer = make_user(Role.tribunal_officer, "tribunal_officer@south.example", [south])
    own = make_case("EH123/25/00001", north, users[Role.tribunal_officer])
    other = make_case("EH123/25/00002", south, south_officer)
    db.session.commit()
    return Seed({role: user.id for role, user in users.items()}, south_officer.id, own.id, other.id)


def copy_database(source, target) -> None:
    """Copy through SQLite's backup API, so pages still in the write-ahead log come too."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


class SqliteTemplate:
    def __init__(self, folder: Path):
        self.path = folder / "bundler.sqlite"
        self.url = f"sqlite:///{self.path}"

    def copy(self, tmp_path: Path) -> str:
        copy_database(self.path, tmp_path / "bundler.sqlite")
        return f"sqlite:///{tmp_path / 'bundler.sqlite'}"

    def drop(self, url: str) -> None:
        pass  # the file goes with the test's temporary folder


class PostgresTemplate:
    def __init__(self, cluster):
        self.cluster = cluster
        self.url = cluster.url("migrated")
        self.numbers = itertools.count(1)
        cluster.execute("CREATE DATABASE migrated")

    def copy(self, tmp_path: Path) -> str:
        name = f"test_{next(self.numbers)}"
        self.cluster.execute(f"CREATE DATABASE {name} TEMPLATE migrated")
        return self.cluster.url(name)

    def drop(self, url: str) -> None:
        name = url.split("@/")[1].split("?")[0]
        self.cluster.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throwaway PostgreSQL cluster for the session."""
    try:
        with postgres() as cluster:
            yield cluster
    except FileNotFoundError as missing:
        pytest.skip(str(missing))


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """A SeaweedFS server with its S3 gateway on a free loopback port, for the session."""
    try:
        with seaweedfs(tmp_path_factory.mktemp("seaweedfs")) as server:
            yield server
    except FileNotFoundError as missing:
        pytest.skip(str(missing))


# A file holding these bytes is "infected" for the clamd that `clamd_socket` starts.
TEST_VIRUS = ("Bundler.Test.Signature", b"BUNDLER-TEST-SIGNATURE-7d1f3c0e")
CLAMD_STREAM_MAX_MB = 5


@pytest.fixture(scope="session")
def clamd_socket(tmp_path_factory):
    """clamd for the session, knowing only TEST_VIRUS, taking streams of at most CLAMD_STREAM_MAX_MB."""
    try:
        with clamd(tmp_path_factory.mktemp("clamd"), dict([TEST_VIRUS]), CLAMD_STREAM_MAX_MB) as socket_path:
            yield socket_path
    except FileNotFoundError as missing:
        pytest.skip(str(missing))


@pytest.fixture(scope="session")
def hostile_files(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """Each hostile upload, made once for the session: name -> (file, the start of the reason it is refused)."""
    folder = tmp_path_factory.mktemp("hostile")
    return {name: (make(folder / name), reason) for name, (make, reason) in hostile.HOSTILE.items()}


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory, request):
    """(template, Seed): a database built by `bundler db upgrade`'s migrations, then seeded; `template.copy`
    gives each test its own copy."""
    folder = tmp_path_factory.mktemp("template-instance")
    if TEST_DATABASE == "postgresql":
        template = PostgresTemplate(request.getfixturevalue("postgres_cluster"))
    else:
        template = SqliteTemplate(folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BUNDLER_INSTANCE", str(folder))
        app = create_app(app_config(folder, template.url))
        with app.app_context():
            flask_migrate.upgrade()
            seed = seed_people_and_cases()
            db.session.remove()
            db.engine.dispose()
    return template, seed


@pytest.fixture
def seed(migrated_database) -> Seed:
    return migrated_database[1]


@pytest.fixture
def database_url(tmp_path, migrated_database):
    """This test's own copy of the migrated, seeded database."""
    template = migrated_database[0]
    url = template.copy(tmp_path)
    yield url
    template.drop(url)


@pytest.fixture
def app(tmp_path, monkeypatch, database_url):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    app = create_app(app_config(tmp_path, database_url))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


class BundlerRunner(FlaskCliRunner):
    """Invokes the `bundler` command group (not just `flask`'s) against the test app."""

    def invoke(self, cli=None, args=None, **kwargs):
        return super().invoke(cli or make_cli(), args, **kwargs)


@pytest.fixture
def runner(app):
    """runner.invoke(args=["demo"]) runs `bundler demo` on the test app."""
    return BundlerRunner(app)


@pytest.fixture
def login(seed):
    """login(client, role) signs in as that role's user on team North (or pass a user id); returns the id."""
    def sign_in(client, who) -> int:
        user_id = who if isinstance(who, int) else seed.user_ids[Role(who)]
        with client.session_transaction() as session:
            session["_user_id"] = str(user_id)
            session["_fresh"] = True
        return user_id
    return sign_in


@dataclass
class Mailbox:
    """What a real SMTP server on 127.0.0.1 received: each message parsed, in order."""
    messages: list

    def links(self, to: str) -> list[str]:
        """The links in the e-mails sent to `to`."""
        import re
        return [link for message in self.messages if message["To"] == to
                for link in re.findall(r"https?://\S+", message.get_content())]


@pytest.fixture
def mailbox(app):
    """An SMTP server (aiosmtpd) the app is configured to send through; yields the Mailbox it fills."""
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    received = Mailbox([])

    class Keep:
        async def handle_DATA(self, server, session, envelope):
            received.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
            return "250 OK"

    with closing(socket.socket()) as probe:  # a free port (aiosmtpd's Controller cannot take port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                      MAIL_USE_TLS=False, MAIL_FROM="bundler@council.example")
    yield received
    controller.stop()
