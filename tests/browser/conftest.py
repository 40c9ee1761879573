"""The real app served on 127.0.0.1 from a temporary instance, driven by Debian chromium through playwright."""
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "test-artefacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "correct horse battery staple"

def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@dataclass
class LiveServer:
    url: str
    app: object
    instance: Path
    emails: dict  # role value -> email of that role's user on the team "E2E"


def add_people(app) -> dict:
    from bundler.extensions import db
    from bundler.models import Role, Team, User

    with app.app_context():
        team = Team(name="E2E")
        emails = {}
        for role in Role:
            user = User(email=f"{role.value}@e2e.example", name=role.label, role=role,
                        teams=[] if role == Role.administrator else [team])
            user.set_password(PASSWORD)
            db.session.add(user)
            emails[role.value] = user.email
        db.session.commit()
        return emails


# Module scope: only one sync playwright may run at a time, and other folders load these fixtures as a copy.
@pytest.fixture(scope="module")
def sync_playwright_instance():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is missing: .venv/bin/pip install playwright")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="module")
def browser(sync_playwright_instance):
    browser = sync_playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, request):
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    instance = tmp_path_factory.mktemp("instance")
    database = ""  # SQLite in the instance folder, unless the suite runs on PostgreSQL
    if os.environ.get("BUNDLER_TEST_DATABASE") == "postgresql":  # as tests/conftest.py reads it
        cluster = request.getfixturevalue("postgres_cluster")
        name = f"browser_{instance.name}"  # one per live server: a module may start its own
        cluster.execute(f"CREATE DATABASE {name}")
        database = f"DATABASE_URL = {cluster.url(name)!r}\n"
    (instance / "config.py").write_text(
        f"SECRET_KEY = {secrets.token_hex(16)!r}\n{database}"
        "SESSION_COOKIE_SECURE = False\nREMEMBER_COOKIE_SECURE = False\n"
        "WTF_CSRF_TIME_LIMIT = None\n"
        "QUEUE_URL = 'memory://'\n")  # jobs on threads in this process, so a test can slow the engine down
    from bundler import create_app

    # The instance folder is read once, when the app is made; the rest of the session keeps its own setting.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BUNDLER_INSTANCE", str(instance))
        app = create_app()
    with app.app_context():
        upgrade()
    emails = add_people(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(f"http://127.0.0.1:{server.server_port}", app, instance, emails)
    server.shutdown()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    page = context.new_page()
    page.csp_errors = []
    page.on("console", lambda message: "Content Security Policy" in message.text
            and page.csp_errors.append(message.text))
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """screenshot(page, name) saves a full-page PNG in test-artefacts/."""
    def save(page, name: str) -> Path:
        ARTEFACTS.mkdir(exist_ok=True)
        path = ARTEFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path
    return save


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: run npm install (axe-core is in package.json)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def serious_violations(axe_source):
    """serious_violations(page) runs axe-core in the page and returns its serious and critical violations."""
    return lambda page: _axe(page, axe_source)


class Screens:
    """screens(name) saves a screenshot of the page as it is now and runs axe on it; `violations` keeps each
    screen's serious problems, so a journey test walks every screen and reports all the failing ones at the end."""

    def __init__(self, page, screenshot, serious_violations):
        self.page, self._screenshot, self._serious = page, screenshot, serious_violations
        self.violations: dict[str, list] = {}

    def __call__(self, name: str) -> None:
        self._screenshot(self.page, name)
        if found := self._serious(self.page):
            self.violations[name] = found


@pytest.fixture
def screens(page, screenshot, serious_violations):
    return Screens(page, screenshot, serious_violations)


@pytest.fixture
def sign_in(live_server):
    """sign_in(page, role) signs in through the login form."""
    def submit(page, role: str):
        page.goto("/login")
        page.fill("#email", live_server.emails[role])
        page.fill("#password", PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/login" not in url)
    return submit


def _axe(page, source) -> list[dict]:
    # evaluate() runs outside the page's CSP, which (rightly) forbids injected script tags.
    page.evaluate(source)
    result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', "
                           "'wcag22aa', 'best-practice']})")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture(scope="module")
def case_with_documents(live_server):
    """case_with_documents(reference, {file name: PDF bytes}) adds a case on the E2E team with those documents
    uploaded and converted; returns (case id, [document ids])."""
    from datetime import date

    def make(reference: str, files: dict[str, bytes]):
        import io

        from bundler import jobs
        from bundler.extensions import db
        from bundler.models import Case, Team, User
        from bundler.models.evidence import Party
        from bundler.services import evidence

        with live_server.app.app_context():
            team = db.session.scalar(db.select(Team).where(Team.name == "E2E"))
            officer = db.session.scalar(db.select(User).where(User.email == live_server.emails["tribunal_officer"]))
            case = Case(reference=reference, child_name="Sam Example", child_dob=date(2014, 5, 1),
                        school="Riverside Primary", appellant_name="A Parent", appeal_type="contents",
                        decision_letter_date=date(2025, 6, 2), registration_date=date(2025, 9, 1),
                        hearing_date=date(2026, 3, 10), team=team, officer=officer)
            db.session.add(case)
            db.session.commit()
            added = evidence.add_documents(
                case, [evidence.Upload(name, io.BytesIO(content)) for name, content in files.items()],
                evidence.DocumentDetails(section="la_evidence", party=Party.local_authority,
                                         document_date=date(2025, 10, 1)), user=officer)
            for document in added:
                jobs.wait(document.conversion_job_id, timeout=120)
            return case.id, [document.id for document in added]
    return make
