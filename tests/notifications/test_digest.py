"""`bundler notify` against a real SMTP server (aiosmtpd on a loopback port): each person gets their own
deadlines, steps and evidence to review, with references and links and no child's name; never twice a day; a person
who turned it off gets nothing; the settings page turns it off."""
from datetime import date, datetime
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from bundler import dates
from bundler.extensions import db
from bundler.models import (
    ComplianceStep,
    Direction,
    Document,
    EvidenceRequest,
    Mediation,
    StatementOfCase,
    StepSource,
    User,
)
from bundler.models.evidence import Party, Review
from bundler.models.statements import StatementState
from bundler.services.directions import records

from ..servers import free_ports

TODAY = date(2026, 1, 14)


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message["Subject"] + "\n" + message.get_content()))
        return "250 OK"


@pytest.fixture
def smtp(app):
    inbox = Inbox()
    port = free_ports(1)[0]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False, MAIL_FROM="send@council.example",
                      PUBLIC_URL="https://bundler.council.example")
    yield inbox
    controller.stop()


@pytest.fixture
def due_items(app, seed, monkeypatch):
    monkeypatch.setattr(dates, "today", lambda: TODAY)
    monkeypatch.setattr(records, "past_5pm", lambda: False)
    with app.app_context():
        officer = seed.user_ids["tribunal_officer"]
        db.session.add_all([
            Direction(case_id=seed.own_case_id, title="Send the response", due_date=date(2026, 1, 16),
                      explanation="x", responsible_id=officer),
            Direction(case_id=seed.own_case_id, title="Far away", due_date=date(2026, 6, 1), explanation="x",
                      responsible_id=officer),
            ComplianceStep(case_id=seed.own_case_id, source=StepSource.order, act="Send the amended EHC plan",
                           started_on=date(2025, 11, 7), due_date=date(2025, 12, 12), explanation="x"),
            ComplianceStep(case_id=seed.other_case_id, source=StepSource.order, act="Other team's step",
                           started_on=date(2025, 11, 7), due_date=date(2025, 12, 12), explanation="x")])
        request = EvidenceRequest(case_id=seed.own_case_id, recipient_name="School", due_date=date(2026, 1, 20),
                                  section="la_evidence", token_hash="t" * 64, expires_at=datetime(2030, 1, 1))
        db.session.add(request)
        db.session.flush()
        db.session.add(Document(case_id=seed.own_case_id, title="Attendance", document_date=TODAY,
                                section="la_evidence", party=Party.local_authority, original_filename="a.pdf",
                                original_sha256="1" * 64, size=1, review=Review.pending,
                                evidence_request_id=request.id))
        # The send officer has a deadline due tomorrow but has turned the digest off.
        db.session.add(Direction(case_id=seed.own_case_id, title="Check the working document",
                                 due_date=date(2026, 1, 15), explanation="x",
                                 responsible_id=seed.user_ids["send_officer"]))
        db.session.get(User, seed.user_ids["send_officer"]).daily_digest = False
        # Told Thu 8 Jan 2026 with health in issue: the health notice was due Tue 13 Jan 2026 (3 working days).
        db.session.add(Mediation(case_id=seed.own_case_id, told_on=date(2026, 1, 8), health_in_issue=True))
        # A statement with legal services waits for the legal reviewer.
        db.session.add(StatementOfCase(case_id=seed.own_case_id, state=StatementState.with_legal))
        db.session.commit()


def test_each_person_gets_their_own_digest_once_a_day(app, runner, seed, smtp, due_items, monkeypatch):
    result = runner.invoke(args=["notify"])
    assert result.exit_code == 0, result.output
    # North's officer; South's, for the step on South's case; the legal reviewer, for the statement. Not the send
    # officer, who turned it off.
    assert "3 sent" in result.output
    mail = {to[0]: body for to, body in smtp.messages}
    assert set(mail) == {"tribunal_officer@north.example", "tribunal_officer@south.example",
                         "legal_reviewer@north.example"}
    assert "Other team's step" in mail["tribunal_officer@south.example"]
    body = mail["tribunal_officer@north.example"]
    assert "EH123/25/00001: Send the response: Fri 16 Jan 2026" in body
    assert "EH123/25/00001: Send the amended EHC plan: Fri 12 Dec 2025" in body and "Overdue:" in body
    assert f"https://bundler.council.example/cases/{seed.own_case_id}/steps/" in body
    assert ("EH123/25/00001: The authority tells each integrated care board the issues and any health provision "
            "sought: Tue 13 Jan 2026") in body
    assert f"https://bundler.council.example/cases/{seed.own_case_id}/mediation" in body
    assert "Evidence to review:" in body and f"/cases/{seed.own_case_id}/evidence" in body
    assert "Far away" not in body and "Other team's step" not in body
    assert "Check the working document" not in body  # the send officer's, not theirs
    reviewer = mail["legal_reviewer@north.example"]
    assert "Statement of case waiting for you:" in reviewer and "EH123/25/00001: With legal services" in reviewer
    assert f"https://bundler.council.example/cases/{seed.own_case_id}/statement" in reviewer
    for sent in mail.values():
        assert "Child of North" not in sent and "Child of South" not in sent and "A Parent" not in sent
        assert "https://bundler.council.example/account/notifications" in sent

    again = runner.invoke(args=["notify"])
    assert again.exit_code == 0 and "0 sent, 3 already sent today" in again.output
    assert len(smtp.messages) == 3

    monkeypatch.setattr(dates, "today", lambda: date(2026, 1, 15))  # the next day: a new digest
    assert "3 sent" in runner.invoke(args=["notify"]).output
    assert len(smtp.messages) == 6


def test_without_a_mail_server_nothing_is_sent_and_it_says_so(app, runner, due_items):
    result = runner.invoke(args=["notify"])
    assert result.exit_code != 0 and "No mail server is set" in result.output


def test_a_refused_send_is_not_recorded_so_the_next_run_tries_again(app, runner, seed, smtp, due_items):
    app.config.update(MAIL_PORT=free_ports(1)[0])  # nothing listens there
    failed = runner.invoke(args=["notify"])
    assert failed.exit_code == 1 and "could not be sent" in failed.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(db.text("digest_sent"))) == 0


def test_a_person_turns_the_digest_off(app, client, login, seed):
    login(client, "tribunal_officer")
    assert client.get("/account/notifications").status_code == 200
    assert client.post("/account/notifications", data={"digest": "off"}).status_code == 302
    with app.app_context():
        assert db.session.get(User, seed.user_ids["tribunal_officer"]).daily_digest is False
