"""A legal reviewer's queue: statements with legal services, and those changed since the reviewer's last comment, on
their home page and on the case list (tags and a filter); and an e-mail to the team's legal reviewers when a
statement is sent to them, only when SMTP is configured (a real server, aiosmtpd, on a loopback port)."""
from bundler.extensions import db
from bundler.models import Role, User

from ..conftest import make_user
from ..helpers import page

WRITER, REVIEWER = Role.tribunal_officer, Role.legal_reviewer


def _url(seed, tail=""):
    return f"/cases/{seed.own_case_id}/statement{tail}"


def _queue(client) -> list[list[str]]:
    return page(client, "/deadlines").rows("#legal-queue-table")


def test_the_queue_holds_statements_with_legal_and_those_changed_since_the_reviewers_comment(client, login, app,
                                                                                              seed):
    login(client, WRITER)
    client.post(_url(seed, "/start"))
    assert _queue(client) == []  # a writer's home page has no queue
    login(client, REVIEWER)
    home = page(client, "/deadlines")
    assert home.h1 == "Statements to review and deadlines" and "No statement of case is waiting for you" in home.text

    login(client, WRITER)
    client.post(_url(seed, "/submit"))
    login(client, REVIEWER)
    [row] = _queue(client)
    assert row[0] == "EH123/25/00001" and "With legal services" in row[1] and "Sent to legal services on" in row[1]
    assert "Changed since your comment" not in row[1]

    client.post(_url(seed, "/comments"), data={"part": "introduction", "body": "Name the representative."})
    client.post(_url(seed, "/request_changes"))
    assert _queue(client) == []  # back with the writer, and nothing changed since the comment

    login(client, WRITER)
    client.post(_url(seed, "/parts/introduction"), data={"text": "Represented by IPSEA.", "save": "Save"})
    login(client, REVIEWER)
    home = page(client, "/deadlines")
    [row] = home.rows("#legal-queue-table")
    assert "Changed since your comment on version 1" in row[1] and "With legal services" not in row[1]
    assert f"/cases/{seed.own_case_id}/statement/compare?from=1&to=2" in home.links()
    assert home.tags()["Changed since your comment"] == "orange"

    # Another reviewer on the team never commented, so the change is not theirs to see; the South team's statements
    # are never in North's queue.
    with app.app_context():
        other = make_user(Role.legal_reviewer, "second.reviewer@north.example",
                          list(db.session.get(User, seed.user_ids[REVIEWER]).teams))
        db.session.commit()
        other_id = other.id
    login(client, other_id)
    assert _queue(client) == []


def test_the_case_list_tags_and_filters_the_reviewers_queue(client, login, app, seed):
    login(client, WRITER)
    client.post(_url(seed, "/start"))
    client.post(_url(seed, "/submit"))
    login(client, REVIEWER)
    cases = page(client, "/cases/")
    assert [row[0] for row in cases.rows()] == ["EH123/25/00001"]
    assert cases.tags()["With legal services"] == "blue"
    assert cases.one("select#statement")
    assert [row[0] for row in page(client, "/cases/?statement=with_legal").rows()] == ["EH123/25/00001"]
    assert page(client, "/cases/?statement=changed").rows() == []
    client.post(_url(seed, "/comments"), data={"part": "introduction", "body": "Say more."})
    client.post(_url(seed, "/request_changes"))
    assert page(client, "/cases/?statement=queue").rows() == []
    login(client, WRITER)
    client.post(_url(seed, "/parts/introduction"), data={"text": "More.", "save": "Save"})
    assert not page(client, "/cases/").select("select#statement")  # the filter is a legal reviewer's
    login(client, REVIEWER)
    changed = page(client, "/cases/?statement=changed")
    assert [row[0] for row in changed.rows()] == ["EH123/25/00001"]
    assert "Changed since your comment" in changed.tags()


def _reviewers(app, seed):
    """A second, inactive legal reviewer on North and one on South: neither is told."""
    with app.app_context():
        north = list(db.session.get(User, seed.user_ids[REVIEWER]).teams)
        make_user(Role.legal_reviewer, "gone.reviewer@north.example", north).active = False
        south = list(db.session.get(User, seed.other_team_user_id).teams)
        make_user(Role.legal_reviewer, "reviewer@south.example", south)
        db.session.commit()


def test_sending_to_legal_emails_the_teams_legal_reviewers(client, login, app, seed, mailbox):
    _reviewers(app, seed)
    app.config["PUBLIC_URL"] = "https://bundler.council.example"
    login(client, WRITER)
    client.post(_url(seed, "/start"))
    client.post(_url(seed, "/submit"))
    [message] = mailbox.messages
    assert message["To"] == "legal_reviewer@north.example"
    assert message["Subject"] == "Statement of case to review: EH123/25/00001"
    body = message.get_content()
    assert "sent the statement of case for EH123/25/00001 to legal services" in body and "(version 1)" in body
    assert mailbox.links("legal_reviewer@north.example") == [
        f"https://bundler.council.example/cases/{seed.own_case_id}/statement"]
    assert "Child of North" not in body and "A Parent" not in body  # references and links only
    login(client, REVIEWER)
    client.post(_url(seed, "/request_changes"))
    login(client, WRITER)
    client.post(_url(seed, "/submit"))
    assert len(mailbox.messages) == 2  # each time it is sent to them


def test_without_smtp_nothing_is_sent_and_the_statement_still_goes(client, login, app, seed, mailbox):
    app.config["MAIL_SERVER"] = ""  # the server listens, but the app is not told about it
    login(client, WRITER)
    client.post(_url(seed, "/start"))
    shown = client.post(_url(seed, "/submit"), follow_redirects=True).get_data(as_text=True)
    assert "Statement sent to legal services" in shown and "could not be sent" not in shown
    assert mailbox.messages == []


def test_an_email_that_cannot_be_sent_is_reported_and_the_statement_still_goes(client, login, app, seed):
    from ..servers import free_ports

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_ports(1)[0], MAIL_USE_TLS=False,
                      MAIL_FROM="bundler@council.example")  # nothing listens there
    login(client, WRITER)
    client.post(_url(seed, "/start"))
    shown = client.post(_url(seed, "/submit"), follow_redirects=True).get_data(as_text=True)
    assert "The email to legal_reviewer@north.example could not be sent" in shown
    assert "tell them another way" in shown
    login(client, REVIEWER)
    assert len(_queue(client)) == 1
