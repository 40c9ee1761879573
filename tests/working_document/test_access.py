"""Every working document route for every role: allowed, forbidden (403), or not found (404) for another team's
case; the administrator on any team's case; signed out to sign-in; another case's plan or proposal under this case's
URL not found; and each view or download is in the audit log.

These are walked here, not in tests/access/routes.toml, because the world they need (an imported, confirmed plan
and a working document with a proposal and a written version) is slow to build afresh for every request there."""
import pytest

from bundler.extensions import db
from bundler.models import AuditEvent, Case, Role, User
from bundler.services.working_document import documents as service
from bundler.services.working_document import plans

from .helpers import plan_docx, store_document

SO, TO, LR, AD, SM = (Role.send_officer, Role.tribunal_officer, Role.legal_reviewer, Role.administrator,
                      Role.send_manager)
EVERYONE = (SO, TO, LR, AD)  # who works on cases; a SEND manager sees reports across teams, not cases
WRITERS = (SO, TO)

GET_ROUTES = [  # {case}, {plan}, {proposal} are filled in per test
    ("/cases/{case}/working-document", EVERYONE),
    ("/cases/{case}/working-document/plan/{plan}", EVERYONE),
    ("/cases/{case}/working-document/items/B-01", EVERYONE),
    ("/cases/{case}/working-document/versions/1", EVERYONE),
    ("/cases/{case}/working-document/versions/1/download", EVERYONE),
    ("/cases/{case}/working-document/reports", EVERYONE),
    ("/cases/{case}/working-document/reports/alignment.docx", EVERYONE),
    ("/cases/{case}/working-document/reports/provision-map.xlsx", EVERYONE),
    ("/cases/{case}/working-document/reports/provision-map.docx", EVERYONE),
    ("/cases/{case}/working-document/reports/position-table.docx", EVERYONE),
]
POST_ROUTES = [  # each answers 302 (a redirect, perhaps with a message) for the roles allowed
    ("/cases/{case}/working-document/plan/import", WRITERS),
    ("/cases/{case}/working-document/plan/{plan}", WRITERS),
    ("/cases/{case}/working-document/start", WRITERS),
    ("/cases/{case}/working-document/items/B-02/propose", WRITERS),
    ("/cases/{case}/working-document/proposals/{proposal}/accept", WRITERS),
    ("/cases/{case}/working-document/proposals/{proposal}/reject", WRITERS),
    ("/cases/{case}/working-document/proposals/{proposal}/withdraw", WRITERS),
    ("/cases/{case}/working-document/proposals/{proposal}/undo", WRITERS),
    ("/cases/{case}/working-document/proposals/{proposal}/counter", WRITERS),
    ("/cases/{case}/working-document/proposals/{proposal}/evidence", WRITERS),
    ("/cases/{case}/working-document/versions", WRITERS),
    ("/cases/{case}/working-document/versions/1/send", WRITERS),
    ("/cases/{case}/working-document/versions/1/final", WRITERS),
    ("/cases/{case}/working-document/returned", WRITERS),
    ("/cases/{case}/working-document/reports/links", WRITERS),
    ("/cases/{case}/working-document/decision", WRITERS),
]


@pytest.fixture
def ids(app, seed, tmp_path):
    """A confirmed plan, a working document with an appellant's proposal and a written version on each case."""
    found = {}
    with app.app_context():
        for case_id, user_id in ((seed.own_case_id, seed.user_ids[TO]), (seed.other_case_id, seed.other_team_user_id)):
            case, user = db.session.get(Case, case_id), db.session.get(User, user_id)
            source = store_document(case_id, plan_docx(tmp_path / f"plan-{case_id}.docx"), "EHC plan")
            plan = plans.import_from_document(case, db.session.get(plans.Document, source), user)
            plans.correct_and_confirm(plan, version="", issued=None, texts={}, user=user)
            document = service.start(case, plan)
            proposal = service.propose(document, "B-01", "text", "Sam has great difficulty following spoken "
                                       "instructions in class.", user, by="appellant")
            service.write_version(document, user)
            db.session.commit()
            found[case_id] = {"case": case_id, "plan": plan.id, "proposal": proposal.id}
    return found


# One test per route with every role in turn: the fixture is the slow part.
@pytest.mark.parametrize("url, allowed", GET_ROUTES)
def test_page_is_open_only_to_its_roles_and_not_found_on_another_team(client, login, seed, ids, url, allowed):
    for role in (*EVERYONE, SM):
        login(client, role)
        status = client.get(url.format(**ids[seed.own_case_id])).status_code
        assert status == (200 if role in allowed else 403), role
    login(client, TO)
    assert client.get(url.format(**ids[seed.other_case_id])).status_code == 404
    login(client, AD)
    assert client.get(url.format(**ids[seed.other_case_id])).status_code == 200


@pytest.mark.parametrize("url, allowed", POST_ROUTES)
def test_action_is_open_only_to_its_roles_and_not_found_on_another_team(client, login, seed, ids, url, allowed):
    for role in (*EVERYONE, SM):
        login(client, role)
        status = client.post(url.format(**ids[seed.own_case_id]), data={"wording": "x"}).status_code
        assert status == (302 if role in allowed else 403), role
    login(client, TO)
    assert client.post(url.format(**ids[seed.other_case_id]), data={"wording": "x"}).status_code == 404


ALL_ROUTES = [(method, url, allowed) for method, routes in (("GET", GET_ROUTES), ("POST", POST_ROUTES))
              for url, allowed in routes]


def test_signed_out_visitor_is_sent_to_sign_in(client, seed, ids):
    wrong = []
    for method, url, _ in ALL_ROUTES:
        response = client.open(url.format(**ids[seed.own_case_id]), method=method, data={})
        if response.status_code != 302 or not response.location.startswith("/login"):
            wrong.append(f"{method} {url}: {response.status_code}")
    assert wrong == []


@pytest.mark.parametrize("role", [AD, TO])
def test_another_cases_plan_or_proposal_under_this_case_is_not_found(client, login, seed, ids, role):
    """404, or 403 where the route does not let the role in at all (the role is checked before the object)."""
    mixed = dict(ids[seed.other_case_id], case=seed.own_case_id)
    login(client, role)
    wrong = []
    for method, url, allowed in ALL_ROUTES:
        if "{plan}" in url or "{proposal}" in url:
            status = client.open(url.format(**mixed), method=method, data={"wording": "x"}).status_code
            if status != (404 if role in allowed else 403):
                wrong.append(f"{method} {url}: {status}")
    assert wrong == []


def test_another_teams_proposal_cannot_be_reached_through_ones_own_case(client, login, seed, ids, app):
    login(client, TO)
    other = ids[seed.other_case_id]["proposal"]
    assert client.post(f"/cases/{seed.own_case_id}/working-document/proposals/{other}/accept").status_code == 404
    with app.app_context():
        assert db.session.get(service.Proposal, other).status == "proposed"


def test_views_and_downloads_are_audited(client, login, seed, ids, app):
    login(client, LR)
    case = seed.own_case_id
    client.get(f"/cases/{case}/working-document/versions/1/download")
    client.get(f"/cases/{case}/working-document/items/B-01")
    with app.app_context():
        actions = {e.action for e in db.session.query(AuditEvent).filter_by(case_id=case)}
    assert {"downloaded working document", "viewed working document item"} <= actions
