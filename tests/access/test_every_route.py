"""Every route in app.url_map has a row in routes.toml (or is public), and each row holds: allowed roles get the
page on their own team's case, other roles 403, another team's case 404, signed out to sign-in; a nested object's id
from another case under this case's URL is 404 even for the administrator.

Each request is made against a fresh set of objects (fresh_world), so a row that removes or locks something does
not change what the next row sees; one test per role walks every row and lists every row that fails."""
import re
import tomllib
from pathlib import Path

import pytest

from bundler import create_app
from bundler.models import Role

TABLE = tomllib.loads((Path(__file__).parent / "routes.toml").read_text())
PUBLIC: dict = TABLE["public"]
ELSEWHERE: dict = TABLE["elsewhere"]
ROUTES: list[dict] = TABLE["route"]
MIXED: list[dict] = TABLE["mixed"]
ROLES = [role.value for role in Role]
CASE_ROWS = [row for row in ROUTES if "{case}" in row["url"] and row.get("team", True)]
NESTED = ("document", "direction", "comment", "request", "version", "job", "token", "redaction", "step",
          "recommendation", "challenge")


# A SEND manager sees reports across teams and no case at all: "everyone" on a case's page means the roles that
# work on cases.
CASE_WORKERS = [role for role in ROLES if role != Role.send_manager]


def allowed_roles(row) -> list[str]:
    if row["allowed"] == ["everyone"]:
        return CASE_WORKERS if "{case}" in row["url"] else ROLES
    return row["allowed"]


def row_id(row) -> str:
    return f"{row['method']} {row['url']}"


def endpoint_methods() -> set[tuple[str, str]]:
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://", "QUEUE_URL": "memory://"})
    return {(rule.endpoint, method) for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def test_every_route_has_a_row_or_is_public():
    covered = {(row["endpoint"], row["method"]) for row in ROUTES}
    missing = sorted((endpoint, method) for endpoint, method in endpoint_methods()
                     if endpoint not in PUBLIC and endpoint not in ELSEWHERE and (endpoint, method) not in covered)
    assert not missing, f"routes with no row in tests/access/routes.toml: {missing}"


def _static_part(rule: str) -> str:
    """The longest piece of a URL rule without a placeholder: what a test requesting that route must contain."""
    return max((piece for piece in re.split(r"<[^>]+>", rule)), key=len).rstrip("/")


def test_routes_proven_elsewhere_are_named_by_their_test_file():
    """An [elsewhere] entry must point at a test file that exists and requests the route's URL."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://", "QUEUE_URL": "memory://"})
    rules = {rule.endpoint: rule.rule for rule in app.url_map.iter_rules()}
    root = Path(__file__).parent.parent.parent
    unproven = []
    for endpoint, test_file in ELSEWHERE.items():
        path = root / test_file
        if endpoint not in rules or not path.is_file() or _static_part(rules[endpoint]) not in path.read_text():
            unproven.append(f"{endpoint} ({test_file})")
    assert not unproven, f"[elsewhere] entries whose test file does not request the route: {unproven}"


def test_every_row_names_a_route_that_exists():
    real = endpoint_methods()
    stale = [row_id(row) for row in ROUTES if (row["endpoint"], row["method"]) not in real]
    stale += [endpoint for endpoint in PUBLIC if endpoint not in {name for name, _ in real}]
    assert not stale, f"rows for routes that no longer exist: {stale}"


def test_rows_name_real_roles():
    assert all(role in ROLES or role == "everyone" for row in ROUTES for role in row["allowed"])


def test_every_nested_object_has_a_mixed_id_row():
    """A route naming a nested object by id has a [[mixed]] row for each method it takes."""
    nested = {(row["method"], row["url"]) for row in ROUTES if any(f"{{{name}}}" in row["url"] for name in NESTED)}
    mixed = {(row["method"], row["url"].replace("{other_", "{")) for row in MIXED}
    nested = {(method, url) for method, url in nested}
    assert nested <= mixed, f"no [[mixed]] row for {sorted(nested - mixed)}"


def walk(client, login, fresh_world, rows, role, side, expected) -> list[str]:
    """Request each row as `role` on `side`'s case; the rows whose status is not in expected(row)."""
    wrong = []
    for row in rows:
        placeholders = fresh_world().placeholders(side, login(client, role))
        response = client.open(row["url"].format(**placeholders), method=row["method"], data={})
        to_login = response.location and response.location.startswith("/login") and not row.get("signs_out")
        if response.status_code not in expected(row) or to_login:
            wrong.append(f"{row_id(row)}: {response.status_code}")
    return wrong


def allowed_status(role):
    return lambda row: row.get("ok", [200, 302, 303]) if role in allowed_roles(row) else [403]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_on_its_own_team_is_let_in_or_forbidden(client, login, fresh_world, role):
    assert walk(client, login, fresh_world, ROUTES, role, "own", allowed_status(role)) == []


@pytest.mark.parametrize("role", [role for role in ROLES if role != Role.administrator])
def test_another_teams_case_is_not_found(client, login, fresh_world, role):
    assert walk(client, login, fresh_world, CASE_ROWS, role, "other", lambda row: [404]) == []


def test_administrator_reaches_every_teams_case(client, login, fresh_world):
    """The administrator sees every team's case: the same answer as on their own (a page, or 403 for their role)."""
    assert walk(client, login, fresh_world, CASE_ROWS, Role.administrator, "other",
                allowed_status(Role.administrator)) == []


def test_signed_out_visitor_is_sent_to_sign_in(client, fresh_world):
    placeholders = fresh_world().placeholders("own", next(iter(fresh_world().tokens)))
    wrong = []
    for row in ROUTES:
        response = client.open(row["url"].format(**placeholders), method=row["method"], data={})
        if response.status_code != 302 or not response.location.startswith("/login"):
            wrong.append(f"{row_id(row)}: {response.status_code}")
    assert wrong == []


@pytest.mark.parametrize("role", [Role.administrator.value, Role.tribunal_officer.value])
def test_another_cases_object_under_this_case_is_not_found(client, login, fresh_world, role):
    assert walk(client, login, fresh_world, MIXED, role, "own", mixed_status(role)) == []


def mixed_status(role):
    """404, or 403 where the route does not let the role in at all (the role is checked before the object)."""
    rows = {(row["method"], row["url"]): row for row in ROUTES}

    def expected(mixed):
        route = rows[(mixed["method"], mixed["url"].replace("{other_", "{"))]
        return [404] if role in allowed_roles(route) else [403]
    return expected
