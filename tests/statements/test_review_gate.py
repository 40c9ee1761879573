"""Issue 11, review that cannot be skipped: approval is refused with the list of what is left (template
instructions, references the case cannot resolve, open reviewer comments); "Send to legal services" shows the same
list as warnings; an approved, locked statement takes no more comments."""
from sqlalchemy import select

from bundler.extensions import db
from bundler.models import Role
from bundler.models.statements import ReviewComment, StatementOfCase

WRITER, REVIEWER = Role.tribunal_officer, Role.legal_reviewer


def _url(seed, tail=""):
    return f"/cases/{seed.own_case_id}/statement{tail}"


def _state(app, seed):
    with app.app_context():
        return db.session.scalar(select(StatementOfCase.state).where(StatementOfCase.case_id == seed.own_case_id))


def test_approval_lists_what_is_left_and_is_refused_until_it_is_done(client, login, app, seed, ready, documents):
    login(client, WRITER)
    client.post(_url(seed, "/start"))
    client.post(_url(seed, "/parts/response"), data={"text": "See [[doc:999]].", "save": "Save"})
    page = client.post(_url(seed, "/submit"), follow_redirects=True).get_data(as_text=True)
    assert "Statement sent to legal services" in page
    assert "will not be able to approve it until this is done" in page  # the same checks, as warnings
    assert "instructions in square brackets in: " in page and "[[doc:999]]" in page
    login(client, REVIEWER)
    client.post(_url(seed, "/comments"), data={"part": "response", "body": "Cite the EP advice."})
    page = client.post(_url(seed, "/approve"), follow_redirects=True).get_data(as_text=True)
    assert "cannot be approved yet" in page
    for left in ("Replace the template&#39;s instructions", "[[doc:999]]", "Resolve the 1 open reviewer comment",
                 "Choose who signs it"):
        assert left in page
    assert _state(app, seed).value == "with_legal"

    client.post(_url(seed, "/request_changes"))
    login(client, WRITER)
    client.post(_url(seed, "/parts/response"), data={"text": f"See [[doc:{documents['EP advice']}]].",
                                                     "save": "Save"})
    ready()
    client.post(_url(seed, "/submit"))
    login(client, REVIEWER)
    page = client.post(_url(seed, "/approve"), follow_redirects=True).get_data(as_text=True)
    assert "Resolve the 1 open reviewer comment (on The local authority&#39;s response" in page
    with app.app_context():
        comment_id = db.session.scalar(select(ReviewComment.id))
    client.post(_url(seed, "/request_changes"))
    login(client, WRITER)
    client.post(_url(seed, f"/comments/{comment_id}"), data={"answer": "Done.", "resolve": "y"})
    client.post(_url(seed, "/submit"))
    login(client, REVIEWER)
    client.post(_url(seed, "/approve"))
    assert _state(app, seed).value == "approved"

    page = client.post(_url(seed, "/comments"), data={"part": "response", "body": "One more thing."},
                       follow_redirects=True).get_data(as_text=True)
    assert "approved and locked" in page
    with app.app_context():
        assert db.session.scalar(select(db.func.count(ReviewComment.id))) == 1
