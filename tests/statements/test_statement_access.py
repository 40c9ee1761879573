"""Every statement route for every role: allowed, forbidden (403), or not found (404) for another team's case."""
import pytest

from bundler.extensions import db
from bundler.models import Case, Role, User
from bundler.models.statements import StatementOfCase
from bundler.services.statements import workflow

SO, TO, LR, AD = Role.send_officer, Role.tribunal_officer, Role.legal_reviewer, Role.administrator
EVERYONE = (SO, TO, LR, AD)

GET_ROUTES = [  # (url, roles allowed); {case} is filled in per test
    ("/cases/{case}/statement", EVERYONE),
    ("/cases/{case}/statement/parts/introduction", (SO, TO)),
    ("/cases/{case}/statement/compare?from=1&to=1", EVERYONE),
    ("/cases/{case}/statement/download/docx", EVERYONE),
]
POST_ROUTES = [
    ("/cases/{case}/statement/start", (SO, TO)),
    ("/cases/{case}/statement/submit", (SO, TO)),
    ("/cases/{case}/statement/approve", (LR,)),
    ("/cases/{case}/statement/request_changes", (LR,)),
    ("/cases/{case}/statement/comments", (LR,)),
    ("/cases/{case}/statement/position", (SO, TO)),
    ("/cases/{case}/statement/filed", (SO, TO)),
    ("/cases/{case}/statement/signatory", (SO, TO)),
]


@pytest.fixture
def drafts(app, seed):
    """A draft statement on each team's case."""
    with app.app_context():
        for case_id, user_id in ((seed.own_case_id, seed.user_ids[TO]), (seed.other_case_id, seed.other_team_user_id)):
            workflow.start_draft(db.session.get(Case, case_id), db.session.get(User, user_id))
        db.session.commit()


@pytest.mark.parametrize("role", EVERYONE)
@pytest.mark.parametrize("url, allowed", GET_ROUTES)
def test_statement_pages_are_open_only_to_their_roles(client, login, seed, drafts, role, url, allowed):
    login(client, role)
    assert client.get(url.format(case=seed.own_case_id)).status_code == (200 if role in allowed else 403)


@pytest.mark.parametrize("role", EVERYONE)
@pytest.mark.parametrize("url, allowed", POST_ROUTES)
def test_statement_actions_are_open_only_to_their_roles(client, login, seed, drafts, role, url, allowed):
    login(client, role)
    response = client.post(url.format(case=seed.own_case_id), data={"part": "introduction", "body": "Check"})
    assert response.status_code == (302 if role in allowed else 403)


@pytest.mark.parametrize("url", [url for url, _ in GET_ROUTES])
def test_another_teams_statement_is_not_found(client, login, seed, drafts, url):
    login(client, TO)
    assert client.get(url.format(case=seed.other_case_id)).status_code == 404


@pytest.mark.parametrize("url", [url for url, _ in POST_ROUTES if url.endswith(("start", "submit"))])
def test_another_teams_statement_cannot_be_changed(client, login, app, seed, drafts, url):
    login(client, TO)
    assert client.post(url.format(case=seed.other_case_id)).status_code == 404
    with app.app_context():
        other = db.session.query(StatementOfCase).filter_by(case_id=seed.other_case_id).one()
        assert other.state.value == "draft" and len(other.versions) == 1


@pytest.mark.parametrize("role", EVERYONE)
def test_only_administrators_edit_the_statement_template(client, login, role):
    login(client, role)
    assert client.get("/admin/statement-template").status_code == (200 if role == AD else 403)


def test_signed_out_visitor_is_sent_to_sign_in(client, seed):
    response = client.get(f"/cases/{seed.own_case_id}/statement")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
