"""Evidence requests: the link shown once, the public upload page behind it, review, expiry and e-mail."""
import hashlib
import io
from datetime import date, timedelta

from sqlalchemy import select

from bundler import dates
from bundler.extensions import db
from bundler.models import Document, EvidenceRequest
from bundler.models.evidence import Review
from bundler.services import evidence, mail

from ..helpers import audit_actions, checked, documents, link_from, page, pdf_bytes, submit, wait_for_jobs


def make_request(client, case_id, due=None, email=""):
    """Post the request form; the page it ends on (the link, or the form with its errors)."""
    due = due or dates.today() + timedelta(days=10)
    return submit(client, f"/cases/{case_id}/evidence/requests/new", {
        "recipient_name": "Riverside Primary (SENCo)", "recipient_email": email,
        "details": "Attendance and the latest IEP", "section": "la_evidence",
        "due_date": [str(due.day), str(due.month), str(due.year)]})


def send_files(public, link, *files, **kwargs):
    return public.post(link, data={"files": [(io.BytesIO(pdf_bytes(1, name)), f"{name}.pdf") for name in files]},
                       content_type="multipart/form-data", **kwargs)


def test_refreshing_the_link_page_neither_makes_another_request_nor_shows_the_link_again(app, client, login, seed):
    login(client, "send_officer")
    made = client.post(f"/cases/{seed.own_case_id}/evidence/requests/new", data={
        "recipient_name": "Riverside Primary (SENCo)", "details": "Attendance", "section": "la_evidence",
        "due_date": ["1", "1", str(dates.today().year + 1)]})
    assert made.status_code == 303
    assert "/evidence-requests/" in link_from(page(client, made.location))
    refreshed = page(client, made.location)
    assert refreshed.select("#request-link") == [] and "shown only once" in refreshed.text
    with app.app_context():
        assert len(db.session.scalars(select(EvidenceRequest)).all()) == 1


def test_request_link_is_shown_once_and_only_its_hash_is_stored(app, client, login, seed):
    login(client, "send_officer")
    link = link_from(make_request(client, seed.own_case_id))
    token = link.rsplit("/", 1)[1]
    assert len(token) >= 40
    with app.app_context():
        stored = db.session.scalar(select(EvidenceRequest))
        assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert stored.expires_at.date() == stored.due_date + timedelta(days=14)  # EVIDENCE_REQUEST_GRACE_DAYS
        assert token not in repr([getattr(stored, c.key) for c in EvidenceRequest.__table__.columns])
    assert token not in client.get(f"/cases/{seed.own_case_id}/evidence").get_data(as_text=True)


def test_upload_page_needs_no_account_shows_initials_only_and_files_await_review(app, client, login, seed):
    login(client, "send_officer")
    link = link_from(make_request(client, seed.own_case_id))
    client.post("/logout")
    public = app.test_client()
    asked = page(public, link)
    assert "C.O.N." in asked.text and "Child of North" not in asked.text
    assert "Attendance and the latest IEP" in asked.text
    assert "We received 1 file" in checked(send_files(public, link, "attendance", follow_redirects=True)).text
    wait_for_jobs(app)
    assert documents(app, seed.own_case_id) == []
    pending = documents(app, seed.own_case_id, Review.pending)
    assert [row[1] for row in pending] == ["attendance"]
    assert "uploaded through evidence request" in audit_actions(app, seed.own_case_id)

    login(client, "send_officer")
    listing = page(client, f"/cases/{seed.own_case_id}/evidence")
    assert "review before they join the case" in listing.text and listing.tags()["Received"] == "green"
    client.post(f"/cases/{seed.own_case_id}/evidence/{pending[0][0]}/review", data={"decision": "accept"})
    assert [row[1] for row in documents(app, seed.own_case_id)] == ["attendance"]


def test_refreshing_the_thank_you_page_does_not_send_the_files_again(app, client, login, seed):
    login(client, "send_officer")
    link = link_from(make_request(client, seed.own_case_id))
    public = app.test_client()
    sent = send_files(public, link, "report")
    assert sent.status_code == 303 and sent.location.endswith(link.rsplit("/", 1)[1])
    thanks = page(public, sent.location)
    assert "We received 1 file" in thanks.text and thanks.texts("ul.govuk-list li") == ["report.pdf"]
    assert "We received" not in page(public, sent.location).text
    wait_for_jobs(app)
    assert [row[1] for row in documents(app, seed.own_case_id, Review.pending)] == ["report"]


def test_upload_page_never_shows_other_documents(app, client, login, seed, upload):
    login(client, "send_officer")
    upload(seed.own_case_id, [("secret medical report.pdf", pdf_bytes(1, "secret"))])
    link = link_from(make_request(client, seed.own_case_id))
    public = app.test_client()
    first = checked(send_files(public, link, "one", follow_redirects=True))
    second = checked(send_files(public, link, "two", follow_redirects=True))
    assert "secret medical report" not in first.text + second.text
    assert second.texts("ul.govuk-list li") == ["two.pdf"]
    wait_for_jobs(app)


def test_rejected_file_stays_stored_but_out_of_the_case(app, client, login, seed):
    login(client, "send_officer")
    link = link_from(make_request(client, seed.own_case_id))
    send_files(app.test_client(), link, "junk")
    wait_for_jobs(app)
    doc_id = documents(app, seed.own_case_id, Review.pending)[0][0]
    client.post(f"/cases/{seed.own_case_id}/evidence/{doc_id}/review", data={"decision": "reject"})
    assert documents(app, seed.own_case_id) == [] and documents(app, seed.own_case_id, Review.pending) == []
    with app.app_context():
        assert evidence.evidence_store().exists(db.session.get(Document, doc_id).original_sha256)


def test_an_upload_page_left_open_too_long_asks_for_the_files_again_not_a_sign_in(app, client, login, seed):
    login(client, "send_officer")
    link = link_from(make_request(client, seed.own_case_id))
    app.config["WTF_CSRF_ENABLED"] = True  # the form's token has expired, as after an hour away
    expired = checked(app.test_client().post(link, data={"files": [(io.BytesIO(pdf_bytes(1, "late")), "late.pdf")]}))
    assert expired.status == 400
    assert "Choose them again and select Send files" in expired.errors()[0] and "C.O.N." in expired.text
    assert "sign in" not in expired.text.lower()
    with app.app_context():
        assert db.session.scalar(select(Document)) is None


def test_files_too_large_for_the_upload_page_say_what_to_do_on_that_page(app, client, login, seed):
    login(client, "send_officer")
    link = link_from(make_request(client, seed.own_case_id))
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    refused = checked(app.test_client().post(link, data={"files": [
        (io.BytesIO(b"%PDF-1.4" + b"0" * (2 * 1024 * 1024)), "huge.pdf")]}))
    assert refused.status == 413
    assert "Send at most 1 MB at a time" in refused.errors()[0] and "C.O.N." in refused.text
    assert "Send files" in refused.texts("button") and "start page" not in refused.text.lower()


def test_closed_expired_and_replaced_links_stop_working(app, client, login, seed):
    login(client, "send_officer")
    public = app.test_client()
    closed = link_from(make_request(client, seed.own_case_id))
    replaced = link_from(make_request(client, seed.own_case_id))
    expired = link_from(make_request(client, seed.own_case_id))
    with app.app_context():
        first, second, third = db.session.scalars(select(EvidenceRequest).order_by(EvidenceRequest.id)).all()
        ids = first.id, second.id
        third.expires_at = evidence.utc_now() - timedelta(minutes=1)
        db.session.commit()
    assert public.get(closed).status_code == 200
    client.post(f"/cases/{seed.own_case_id}/evidence/requests/{ids[0]}/close")
    fresh = link_from(submit(client, f"/cases/{seed.own_case_id}/evidence/requests/{ids[1]}/link"))
    for dead in (closed, replaced, expired):
        assert "Ask the person who sent it" in page(public, dead, status=404).text
    assert public.get(fresh).status_code == 200
    assert public.get("/evidence-requests/made-up-token").status_code == 404


def test_a_new_link_for_an_expired_request_works_for_another_grace_period(app, client, login, seed):
    login(client, "send_officer")
    make_request(client, seed.own_case_id)
    with app.app_context():
        request = db.session.scalar(select(EvidenceRequest))
        request.due_date = dates.today() - timedelta(days=30)
        request.expires_at = evidence.utc_now() - timedelta(days=1)
        db.session.commit()
        request_id, grace = request.id, app.config["EVIDENCE_REQUEST_GRACE_DAYS"]
    listing = page(client, f"/cases/{seed.own_case_id}/evidence")
    assert "The link stopped working on" in listing.text and "Make a new link" in listing.text
    shown = submit(client, f"/cases/{seed.own_case_id}/evidence/requests/{request_id}/link")
    assert app.test_client().get(link_from(shown)).status_code == 200
    assert "The link stopped working" not in page(client, f"/cases/{seed.own_case_id}/evidence").text
    with app.app_context():
        assert db.session.get(EvidenceRequest, request_id).expires_at.date() == dates.today() + timedelta(days=grace)
    assert f"works until {dates.page_date(dates.today() + timedelta(days=grace))}" in shown.text


def test_request_states_sent_received_overdue_closed(app, seed):
    today = date(2026, 1, 10)
    with app.app_context():
        request = EvidenceRequest(case_id=seed.own_case_id, recipient_name="x", due_date=date(2026, 1, 9),
                                  section="la_evidence", token_hash="0" * 64, expires_at=evidence.utc_now())
        assert request.state(date(2026, 1, 9)) == "waiting"  # no e-mail went: once shown as "Sent"
        request.emailed_at = evidence.utc_now()
        assert request.state(date(2026, 1, 9)) == "sent"
        assert request.state(today) == "overdue"
        request.documents.append(Document(title="t", document_date=today, section="la_evidence",
                                          party="local_authority", original_filename="t.pdf",
                                          original_sha256="1" * 64, size=1))
        assert request.state(today) == "received"
        request.closed_at = evidence.utc_now()
        assert request.state(today) == "closed"


def test_request_link_is_emailed_when_smtp_is_configured(app, client, login, seed, monkeypatch):
    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent.append(("connect", host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            sent.append(("starttls",))

        def login(self, user, password):
            sent.append(("login", user))

        def send_message(self, message):
            sent.append(("message", message["To"], message.get_content()))

    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    app.config.update(MAIL_SERVER="smtp.council.example", MAIL_PORT=2525, MAIL_FROM="send@council.example",
                      MAIL_USERNAME="send", MAIL_PASSWORD="secret")
    login(client, "send_officer")
    shown = make_request(client, seed.own_case_id, email="senco@school.example")
    link = link_from(shown)
    assert "We emailed this link to senco@school.example" in shown.text
    assert sent[:3] == [("connect", "smtp.council.example", 2525), ("starttls",), ("login", "send")]
    _, to, body = sent[3]
    assert to == "senco@school.example" and link in body and "C.O.N." in body and "Child of North" not in body


def test_request_form_errors_say_what_to_enter(client, login, seed):
    login(client, "send_officer")
    refused = submit(client, f"/cases/{seed.own_case_id}/evidence/requests/new", {
        "recipient_email": "not an email", "section": "la_evidence"})
    assert refused.errors() == ["Enter who you are asking", "Enter an email address like name@school.example",
                                "Say what evidence you are asking for", "Enter the date the evidence is due"]
    yesterday = dates.today() - timedelta(days=1)
    assert make_request(client, seed.own_case_id, due=yesterday).errors() == [
        "Due date must be today or in the future"]


def test_a_request_to_no_one_for_nothing_is_refused(app, client, login, seed):
    login(client, "send_officer")
    due = dates.today() + timedelta(days=10)
    refused = submit(client, f"/cases/{seed.own_case_id}/evidence/requests/new", {
        "recipient_name": "  ", "details": " ", "section": "la_evidence",
        "due_date": [str(due.day), str(due.month), str(due.year)]})
    assert refused.errors() == ["Enter who you are asking", "Say what evidence you are asking for"]
    with app.app_context():
        assert db.session.scalar(select(EvidenceRequest)) is None


def test_a_due_date_in_a_far_year_says_what_to_enter_instead_of_failing(app, client, login, seed):
    login(client, "send_officer")
    refused = make_request(client, seed.own_case_id, due=date(9999, 12, 25))
    assert refused.errors() == ["Due date must be between 1900 and 2100, for example 27 3 2026"]


def test_a_mail_server_that_refuses_leaves_the_link_to_copy_and_says_so(app, client, login, seed, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(mail.smtplib, "SMTP", refuse)
    app.config.update(MAIL_SERVER="smtp.council.example", MAIL_FROM="send@council.example")
    login(client, "send_officer")
    shown = make_request(client, seed.own_case_id, email="senco@school.example")
    assert link_from(shown)
    assert shown.errors()[0].startswith("The email to senco@school.example could not be sent")
    assert "Copy the link" in shown.errors()[0]
    with app.app_context():
        assert db.session.scalar(select(EvidenceRequest)).emailed_at is None


def test_a_request_whose_link_was_not_emailed_does_not_say_sent(app, client, login, seed):
    login(client, "send_officer")
    make_request(client, seed.own_case_id, email="senco@school.example")  # no MAIL_SERVER: nothing is e-mailed
    tags = page(client, f"/cases/{seed.own_case_id}/evidence").tags()
    assert "Sent" not in tags and tags["Link not e-mailed"] == "yellow"
