"""`bundler notify` against a real SMTP server (aiosmtpd on a loopback port): each person gets their own
deadlines, steps and evidence to review, with references and links and no child's name; never twice a day; a person
who turned it off gets nothing; the settings page turns it off."""
from datetime import date, datetime
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from bundler import dates
from bundler.extensions import db
from bundler.models import ComplianceStep, Direction, Document, EvidenceRequest, StepSource, User
from bundler.models.evidence import Party, Review
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
        db.session.get(User, seed.user_ids["send_officer"]).daily_digest = False
        db.session.commit()


def test_each_person_gets_their_own_digest_once_a_day(app, runner, seed, smtp, due_items):
    result = runner.invoke(args=["notify"])
    assert result.exit_code == 0, result.output
    assert "2 sent" in result.output  # North's officer, and South's for the step on South's case
    mail = {to[0]: body for to, body in smtp.messages}
    assert set(mail) == {"tribunal_officer@north.example", "tribunal_officer@south.example"}
    assert "Other team's step" in mail["tribunal_officer@south.example"]
    body = mail["tribunal_officer@north.example"]
    assert "EH123/25/00001: Send the response: Fri 16 Jan 2026" in body
    assert "EH123/25/00001: Send the amended EHC plan: Fri 12 Dec 2025" in body and "Overdue:" in body
    assert f"https://bundler.council.example/cases/{seed.own_case_id}/steps/" in body
    assert "Evidence to review:" in body and f"/cases/{seed.own_case_id}/evidence" in body
    assert "Far away" not in body and "Other team's step" not in body
    assert "Child of North" not in body and "A Parent" not in body
    assert "https://bundler.council.example/account/notifications" in body

    again = runner.invoke(args=["notify"])
    assert again.exit_code == 0 and "0 sent, 2 already sent today" in again.output
    assert len(smtp.messages) == 2


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
