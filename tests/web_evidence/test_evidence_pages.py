import hashlib
import io
import shutil
from datetime import date, timedelta

import pikepdf
import pytest
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader
from sqlalchemy import select

from bundler.services import evidence
from bundler.extensions import db
from bundler.models import Case, Document, EvidenceRequest
from bundler.models.evidence import Review

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice is missing: apt-get install libreoffice-writer-nogui")


def documents(app, case_id, review=Review.accepted):
    with app.app_context():
        case = db.session.get(Case, case_id)
        return [(d.id, d.title, d.section, d.status, d.page_count) for d in evidence.case_documents(case, review)]


@needs_soffice
def test_staff_upload_of_a_pdf_and_a_docx_converts_both_in_the_background(app, client, login, seed, upload, kit):
    login(client, "send_officer")
    response = upload(seed.own_case_id, [("EP report.pdf", kit.pdf(3, "EP")), ("school_letter.docx",
                                                                               kit.docx("Dear panel"))])
    assert response.status_code == 302
    kit.wait(app)
    rows = documents(app, seed.own_case_id)
    assert [(title, status, pages) for _, title, _, status, pages in rows] == [
        ("EP report", "ready", 3), ("school letter", "ready", 1)]
    with app.app_context():
        converted = db.session.get(Document, rows[1][0])
        with pikepdf.open(evidence.evidence_store().local_path(converted.pdf_sha256)) as pdf:
            assert len(pdf.pages) == 1
    assert kit.audit(app, seed.own_case_id).count("uploaded") == 2
    page = client.get(f"/cases/{seed.own_case_id}/evidence").get_data(as_text=True)
    assert "EP report" in page and "school letter" in page and "Ready" in page


def test_original_is_stored_unchanged_under_its_sha256(app, client, login, seed, upload, kit):
    login(client, "tribunal_officer")
    content = kit.pdf(1, "original")
    upload(seed.own_case_id, [("a.pdf", content)])
    kit.wait(app)
    with app.app_context():
        document = db.session.scalar(select(Document))
        assert document.original_sha256 == hashlib.sha256(content).hexdigest()
        assert evidence.evidence_store().local_path(document.original_sha256).read_bytes() == content


def test_uploading_the_same_content_again_is_flagged_as_a_duplicate(app, client, login, seed, upload, kit):
    login(client, "send_officer")
    content = kit.pdf(1, "same")
    upload(seed.own_case_id, [("first.pdf", content)])
    response = upload(seed.own_case_id, [("copy of first.pdf", content)])
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "copy of first.pdf is the same file as &#39;first&#39;" in page
    kit.wait(app)
    with app.app_context():
        first, second = db.session.scalars(select(Document).order_by(Document.id)).all()
        assert first.duplicate_of_id is None and second.duplicate_of_id == first.id
    assert "Duplicate" in client.get(f"/cases/{seed.own_case_id}/evidence").get_data(as_text=True)


def test_a_file_of_an_unsupported_type_is_refused_with_the_reason(app, client, login, seed, upload):
    login(client, "send_officer")
    response = upload(seed.own_case_id, [("notes.txt", b"just some notes")])
    assert response.status_code == 200
    assert "notes.txt could not be used: this is not a PDF" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Document)) is None


def test_a_pdf_damaged_beyond_repair_is_refused_at_upload_with_the_engines_reason(app, client, login, seed,
                                                                                  upload):
    login(client, "send_officer")
    response = upload(seed.own_case_id, [("broken.pdf", b"%PDF-1.4\nthis is not really a PDF at all")])
    assert response.status_code == 200
    assert "broken.pdf could not be used: is damaged beyond repair" in response.get_data(as_text=True)
    assert documents(app, seed.own_case_id) == []


def test_a_wrong_document_can_be_removed_from_the_case_and_stays_on_record(
        app, client, login, seed, upload, kit):
    login(client, "send_officer")
    upload(seed.own_case_id, [("one.pdf", kit.pdf(1, "one")), ("wrong.pdf", kit.pdf(1, "wrong")),
                              ("three.pdf", kit.pdf(1, "three"))])
    kit.wait(app)
    ids = {title: doc_id for doc_id, title, *_ in documents(app, seed.own_case_id)}
    page = client.get(f"/cases/{seed.own_case_id}/evidence/{ids['wrong']}").get_data(as_text=True)
    assert "Remove from the case" in page
    response = client.post(f"/cases/{seed.own_case_id}/evidence/{ids['wrong']}/remove")
    assert response.status_code == 302
    assert "removed from the case" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert [row[1] for row in documents(app, seed.own_case_id)] == ["one", "three"]
    assert [row[1] for row in documents(app, seed.own_case_id, Review.rejected)] == ["wrong"]
    assert "removed from case" in kit.audit(app, seed.own_case_id)
    with app.app_context():
        removed = db.session.get(Document, ids["wrong"])
        assert evidence.evidence_store().local_path(removed.original_sha256).is_file()
    assert client.post(f"/cases/{seed.own_case_id}/evidence/{ids['wrong']}/remove").status_code == 400
    login(client, "tribunal_officer")
    client.post(f"/cases/{seed.own_case_id}/bundles/build", data={"bundle_date": ["5", "1", "2026"]})
    kit.wait(app)
    page = client.get(f"/cases/{seed.own_case_id}/bundles/1").get_data(as_text=True)
    assert "Download version 1" in page and "three" in page
    assert "wrong" not in page  # neither in the bundle nor warned about as left out


def test_moving_or_changing_a_document_no_longer_on_the_case_says_to_reload(app, client, login, seed, upload, kit):
    login(client, "send_officer")
    upload(seed.own_case_id, [("one.pdf", kit.pdf(1, "one")), ("two.pdf", kit.pdf(1, "two"))])
    kit.wait(app)
    first = documents(app, seed.own_case_id)[0][0]
    client.post(f"/cases/{seed.own_case_id}/evidence/{first}/remove")  # in another tab, or by a colleague
    for response in (client.post(f"/cases/{seed.own_case_id}/evidence/{first}/move", data={"place": "date"}),
                     client.post(f"/cases/{seed.own_case_id}/evidence/{first}/move", data={"section": "core"}),
                     client.post(f"/cases/{seed.own_case_id}/evidence/{first}/edit", data={
                         "title": "Changed", "section": "core", "party": "local_authority",
                         "document_date": ["1", "10", "2025"]})):
        assert response.status_code == 400 and "reload the page" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Document, first).title == "one"


def test_documents_are_in_date_order_and_a_kept_one_says_why(app, client, login, seed, upload, kit):
    login(client, "send_officer")
    for name, when in (("one", (3, 10, 2025)), ("two", (1, 10, 2025)), ("three", (2, 10, 2025))):
        upload(seed.own_case_id, [(f"{name}.pdf", kit.pdf(1, name))], when=when)
    kit.wait(app)
    assert [row[1] for row in documents(app, seed.own_case_id)] == ["two", "three", "one"]
    ids = {title: doc_id for doc_id, title, *_ in documents(app, seed.own_case_id)}
    move_url = f"/cases/{seed.own_case_id}/evidence/{{}}/move"
    unexplained = client.post(move_url.format(ids["one"]), data={"place": "keep", "position": "1"})
    assert unexplained.status_code == 400 and "Say why this document is kept out of date order" in \
        unexplained.get_data(as_text=True)
    assert client.post(move_url.format(ids["one"]), data={
        "place": "keep", "position": "1", "reason": "it is the covering letter for the others"}).status_code == 302
    assert [row[1] for row in documents(app, seed.own_case_id)] == ["one", "two", "three"]
    page = client.get(f"/cases/{seed.own_case_id}/evidence").get_data(as_text=True)
    assert "Up<" not in page and "Down<" not in page
    notice = page[page.index("data-out-of-order"):].split("</div>")[0]
    assert "one (3 October 2025): it is the covering letter for the others" in notice
    client.post(move_url.format(ids["one"]), data={"place": "date"})
    assert [row[1] for row in documents(app, seed.own_case_id)] == ["two", "three", "one"]
    assert "data-out-of-order" not in client.get(f"/cases/{seed.own_case_id}/evidence").get_data(as_text=True)
    client.post(move_url.format(ids["two"]), data={"section": "core"})
    assert [(row[1], row[2]) for row in documents(app, seed.own_case_id)] == [
        ("two", "core"), ("three", "la_evidence"), ("one", "la_evidence")]
    assert client.post(move_url.format(ids["two"]), data={"section": "nowhere"}).status_code == 400
    assert kit.audit(app, seed.own_case_id).count("reordered") == 3


def test_preview_pdf_and_original_are_served_and_each_view_is_audited(app, client, login, seed, upload, kit):
    login(client, "send_officer")
    content = kit.pdf(2, "report")
    upload(seed.own_case_id, [("report.pdf", content)])
    kit.wait(app)
    doc_id = documents(app, seed.own_case_id)[0][0]
    base = f"/cases/{seed.own_case_id}/evidence/{doc_id}"
    login(client, "legal_reviewer")
    page = client.get(base).get_data(as_text=True)
    if shutil.which("pdftoppm"):
        assert 'alt="Page 2 of 2 of report"' in page
        image = client.get(f"{base}/pages/1.png")
        assert image.status_code == 200 and image.data.startswith(b"\x89PNG")
        assert client.get(f"{base}/pages/3.png").status_code == 404
    inline = client.get(f"{base}/pdf")
    assert inline.mimetype == "application/pdf" and inline.headers["Content-Disposition"].startswith("inline")
    with pikepdf.open(io.BytesIO(inline.data)) as pdf:
        assert len(pdf.pages) == 2
    original = client.get(f"{base}/original")
    assert original.headers["Content-Disposition"].startswith("attachment")
    assert original.data == content
    actions = kit.audit(app, seed.own_case_id)
    assert ["viewed", "viewed PDF", "downloaded"] == [a for a in actions if a in ("viewed", "viewed PDF", "downloaded")]


def test_editing_details_changes_title_date_and_section(app, client, login, seed, upload, kit):
    login(client, "send_officer")
    upload(seed.own_case_id, [("x.pdf", kit.pdf(1, "x"))])
    kit.wait(app)
    doc_id = documents(app, seed.own_case_id)[0][0]
    response = client.post(f"/cases/{seed.own_case_id}/evidence/{doc_id}/edit", data={
        "title": "Educational psychology advice", "author": "Dr A Example", "section": "ehcp",
        "party": "local_authority", "document_date": ["3", "11", "2025"]})
    assert response.status_code == 302
    with app.app_context():
        document = db.session.get(Document, doc_id)
        assert (document.title, document.section, document.document_date) == (
            "Educational psychology advice", "ehcp", date(2025, 11, 3))
    bad = client.post(f"/cases/{seed.own_case_id}/evidence/{doc_id}/edit", data={"title": "", "section": "ehcp",
                                                                                   "party": "local_authority"})
    assert bad.status_code == 200 and "Enter the document&#39;s title" in bad.get_data(as_text=True)


# Evidence requests ----------------------------------------------------------------------------------------------

def make_request(client, case_id, due=None, email=""):
    due = due or date.today() + timedelta(days=10)
    return client.post(f"/cases/{case_id}/evidence/requests/new", data={
        "recipient_name": "Riverside Primary (SENCo)", "recipient_email": email,
        "details": "Attendance and the latest IEP", "section": "la_evidence",
        "due_date": [str(due.day), str(due.month), str(due.year)]}, follow_redirects=True)


def test_refreshing_the_link_page_neither_makes_another_request_nor_shows_the_link_again(app, client, login, seed,
                                                                                          kit):
    login(client, "send_officer")
    made = client.post(f"/cases/{seed.own_case_id}/evidence/requests/new", data={
        "recipient_name": "Riverside Primary (SENCo)", "details": "Attendance", "section": "la_evidence",
        "due_date": ["1", "1", str(date.today().year + 1)]})
    assert made.status_code == 303
    first = client.get(made.location).get_data(as_text=True)
    assert kit.link_from(first)
    refreshed = client.get(made.location).get_data(as_text=True)
    assert "/evidence-requests/" not in refreshed and "shown only once" in refreshed
    with app.app_context():
        assert len(db.session.scalars(select(EvidenceRequest)).all()) == 1


def test_request_link_is_shown_once_and_only_its_hash_is_stored(app, client, login, seed, kit):
    login(client, "send_officer")
    response = make_request(client, seed.own_case_id)
    link = kit.link_from(response.get_data(as_text=True))
    token = link.rsplit("/", 1)[1]
    assert len(token) >= 40
    with app.app_context():
        stored = db.session.scalar(select(EvidenceRequest))
        assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert stored.expires_at.date() == stored.due_date + timedelta(days=14)  # EVIDENCE_REQUEST_GRACE_DAYS
        assert token not in repr([getattr(stored, c.key) for c in EvidenceRequest.__table__.columns])
    assert token not in client.get(f"/cases/{seed.own_case_id}/evidence").get_data(as_text=True)


def test_upload_page_needs_no_account_shows_initials_only_and_files_await_review(app, client, login, seed, kit):
    login(client, "send_officer")
    link = kit.link_from(make_request(client, seed.own_case_id).get_data(as_text=True))
    client.post("/logout")
    public = app.test_client()
    page = public.get(link).get_data(as_text=True)
    assert "C.O.N." in page and "Child of North" not in page and "Attendance and the latest IEP" in page
    response = public.post(link, data={"files": [(io.BytesIO(kit.pdf(1, "attendance")), "attendance.pdf")]},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "We received 1 file" in response.get_data(as_text=True)
    kit.wait(app)
    assert documents(app, seed.own_case_id) == []
    pending = documents(app, seed.own_case_id, Review.pending)
    assert [row[1] for row in pending] == ["attendance"]
    assert "uploaded through evidence request" in kit.audit(app, seed.own_case_id)

    login(client, "send_officer")
    index = client.get(f"/cases/{seed.own_case_id}/evidence").get_data(as_text=True)
    assert "review before they join the case" in index and "Received" in index
    client.post(f"/cases/{seed.own_case_id}/evidence/{pending[0][0]}/review", data={"decision": "accept"})
    assert [row[1] for row in documents(app, seed.own_case_id)] == ["attendance"]


def test_refreshing_the_thank_you_page_does_not_send_the_files_again(app, client, login, seed, kit):
    login(client, "send_officer")
    link = kit.link_from(make_request(client, seed.own_case_id).get_data(as_text=True))
    public = app.test_client()
    sent = public.post(link, data={"files": [(io.BytesIO(kit.pdf(1, "report")), "report.pdf")]},
                       content_type="multipart/form-data")
    assert sent.status_code == 303 and sent.location.endswith(link.rsplit("/", 1)[1])
    thanks = public.get(sent.location).get_data(as_text=True)
    assert "We received 1 file" in thanks and "report.pdf" in thanks
    refreshed = public.get(sent.location).get_data(as_text=True)
    assert "We received" not in refreshed
    kit.wait(app)
    assert [row[1] for row in documents(app, seed.own_case_id, Review.pending)] == ["report"]


def test_upload_page_never_shows_other_documents(app, client, login, seed, upload, kit):
    login(client, "send_officer")
    upload(seed.own_case_id, [("secret medical report.pdf", kit.pdf(1, "secret"))])
    link = kit.link_from(make_request(client, seed.own_case_id).get_data(as_text=True))
    public = app.test_client()
    first = public.post(link, data={"files": [(io.BytesIO(kit.pdf(1, "one")), "one.pdf")]},
                        content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    second = public.post(link, data={"files": [(io.BytesIO(kit.pdf(1, "two")), "two.pdf")]},
                         content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    assert "secret medical report" not in first + second
    assert "one.pdf" not in second and "two.pdf" in second
    kit.wait(app)


def test_rejected_file_stays_stored_but_out_of_the_case(app, client, login, seed, kit):
    login(client, "send_officer")
    link = kit.link_from(make_request(client, seed.own_case_id).get_data(as_text=True))
    app.test_client().post(link, data={"files": [(io.BytesIO(kit.pdf(1, "junk")), "junk.pdf")]},
                           content_type="multipart/form-data")
    kit.wait(app)
    doc_id = documents(app, seed.own_case_id, Review.pending)[0][0]
    client.post(f"/cases/{seed.own_case_id}/evidence/{doc_id}/review", data={"decision": "reject"})
    assert documents(app, seed.own_case_id) == [] and documents(app, seed.own_case_id, Review.pending) == []
    with app.app_context():
        assert evidence.evidence_store().exists(db.session.get(Document, doc_id).original_sha256)


def test_an_upload_page_left_open_too_long_asks_for_the_files_again_not_a_sign_in(app, client, login, seed, kit):
    login(client, "send_officer")
    link = kit.link_from(make_request(client, seed.own_case_id).get_data(as_text=True))
    app.config["WTF_CSRF_ENABLED"] = True  # the form's token has expired, as after an hour away
    response = app.test_client().post(link, data={"files": [(io.BytesIO(kit.pdf(1, "late")), "late.pdf")]})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose them again and select Send files" in page and "C.O.N." in page
    assert "sign in" not in page.lower()
    with app.app_context():
        assert db.session.scalar(select(Document)) is None


def test_files_too_large_for_the_upload_page_say_what_to_do_on_that_page(app, client, login, seed, kit):
    login(client, "send_officer")
    link = kit.link_from(make_request(client, seed.own_case_id).get_data(as_text=True))
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    response = app.test_client().post(link, data={"files": [(io.BytesIO(b"%PDF-1.4" + b"0" * (2 * 1024 * 1024)),
                                                             "huge.pdf")]})
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Send at most 1 MB at a time" in page and "C.O.N." in page and "Send files" in page
    assert "start page" not in page.lower()


def test_closed_expired_and_replaced_links_stop_working(app, client, login, seed, kit):
    login(client, "send_officer")
    public = app.test_client()
    closed = kit.link_from(make_request(client, seed.own_case_id).get_data(as_text=True))
    replaced = kit.link_from(make_request(client, seed.own_case_id).get_data(as_text=True))
    expired = kit.link_from(make_request(client, seed.own_case_id).get_data(as_text=True))
    with app.app_context():
        first, second, third = db.session.scalars(select(EvidenceRequest).order_by(EvidenceRequest.id)).all()
        ids = first.id, second.id
        third.expires_at = evidence.utc_now() - timedelta(minutes=1)
        db.session.commit()
    assert public.get(closed).status_code == 200
    client.post(f"/cases/{seed.own_case_id}/evidence/requests/{ids[0]}/close")
    fresh = kit.link_from(client.post(f"/cases/{seed.own_case_id}/evidence/requests/{ids[1]}/link", follow_redirects=True)
                          .get_data(as_text=True))
    for dead in (closed, replaced, expired):
        response = public.get(dead)
        assert response.status_code == 404 and "Ask the person who sent it" in response.get_data(as_text=True)
    assert public.get(fresh).status_code == 200
    assert public.get("/evidence-requests/made-up-token").status_code == 404


def test_a_new_link_for_an_expired_request_works_for_another_grace_period(app, client, login, seed, kit):
    login(client, "send_officer")
    make_request(client, seed.own_case_id)
    with app.app_context():
        request = db.session.scalar(select(EvidenceRequest))
        request.due_date = date.today() - timedelta(days=30)
        request.expires_at = evidence.utc_now() - timedelta(days=1)
        db.session.commit()
        request_id, grace = request.id, app.config["EVIDENCE_REQUEST_GRACE_DAYS"]
    evidence_page = client.get(f"/cases/{seed.own_case_id}/evidence").get_data(as_text=True)
    assert "The link stopped working on" in evidence_page and "Make a new link" in evidence_page
    page = client.post(f"/cases/{seed.own_case_id}/evidence/requests/{request_id}/link",
                       follow_redirects=True).get_data(as_text=True)
    assert app.test_client().get(kit.link_from(page)).status_code == 200
    assert "The link stopped working" not in client.get(f"/cases/{seed.own_case_id}/evidence").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(EvidenceRequest, request_id).expires_at.date() == date.today() + timedelta(days=grace)
    assert f"works until {date.today() + timedelta(days=grace):%-d %B %Y}" in page


def test_request_states_sent_received_overdue_closed(app, seed):
    today = date(2026, 1, 10)
    with app.app_context():
        request = EvidenceRequest(case_id=seed.own_case_id, recipient_name="x", due_date=date(2026, 1, 9),
                                  section="la_evidence", token_hash="0" * 64, expires_at=evidence.utc_now())
        assert request.state(date(2026, 1, 9)) == "sent"
        assert request.state(today) == "overdue"
        request.documents.append(Document(title="t", document_date=today, section="la_evidence",
                                          party="local_authority", original_filename="t.pdf",
                                          original_sha256="1" * 64, size=1))
        assert request.state(today) == "received"
        request.closed_at = evidence.utc_now()
        assert request.state(today) == "closed"


def test_request_link_is_emailed_when_smtp_is_configured(app, client, login, seed, kit, monkeypatch):
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

    monkeypatch.setattr(evidence.smtplib, "SMTP", FakeSMTP)
    app.config.update(MAIL_SERVER="smtp.council.example", MAIL_PORT=2525, MAIL_FROM="send@council.example",
                      MAIL_USERNAME="send", MAIL_PASSWORD="secret")
    login(client, "send_officer")
    page = make_request(client, seed.own_case_id, email="senco@school.example").get_data(as_text=True)
    link = kit.link_from(page)
    assert "We emailed this link to senco@school.example" in page
    assert sent[:3] == [("connect", "smtp.council.example", 2525), ("starttls",), ("login", "send")]
    _, to, body = sent[3]
    assert to == "senco@school.example" and link in body and "C.O.N." in body and "Child of North" not in body


def test_request_form_errors_say_what_to_enter(client, login, seed):
    login(client, "send_officer")
    page = client.post(f"/cases/{seed.own_case_id}/evidence/requests/new", data={
        "recipient_email": "not an email", "section": "la_evidence"}).get_data(as_text=True)
    assert "Enter who you are asking" in page and "Enter an email address like" in page
    assert "Enter the date the evidence is due" in page
    yesterday = date.today() - timedelta(days=1)
    page = make_request(client, seed.own_case_id, due=yesterday).get_data(as_text=True)
    assert "Due date must be today or in the future" in page


def test_a_request_to_no_one_for_nothing_is_refused(app, client, login, seed):
    login(client, "send_officer")
    due = date.today() + timedelta(days=10)
    page = client.post(f"/cases/{seed.own_case_id}/evidence/requests/new", data={
        "recipient_name": "  ", "details": " ", "section": "la_evidence",
        "due_date": [str(due.day), str(due.month), str(due.year)]}).get_data(as_text=True)
    assert "Enter who you are asking" in page and "Say what evidence you are asking for" in page
    with app.app_context():
        assert db.session.scalar(select(EvidenceRequest)) is None


def test_a_due_date_in_a_far_year_says_what_to_enter_instead_of_failing(app, client, login, seed):
    login(client, "send_officer")
    response = make_request(client, seed.own_case_id, due=date(9999, 12, 25))
    assert response.status_code == 200
    assert "Due date must be between 1900 and 2100" in response.get_data(as_text=True)


def test_a_mail_server_that_refuses_leaves_the_link_to_copy_and_says_so(app, client, login, seed, kit, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(evidence.smtplib, "SMTP", refuse)
    app.config.update(MAIL_SERVER="smtp.council.example", MAIL_FROM="send@council.example")
    login(client, "send_officer")
    response = make_request(client, seed.own_case_id, email="senco@school.example")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and kit.link_from(page)
    assert "The email to senco@school.example could not be sent" in page and "Copy the link" in page
    with app.app_context():
        assert db.session.scalar(select(EvidenceRequest)).emailed_at is None


needs_ocr = pytest.mark.skipif(shutil.which("ocrmypdf") is None or shutil.which("tesseract") is None,
                               reason="OCRmyPDF is missing: apt-get install ocrmypdf tesseract-ocr-eng")


def test_uploads_over_the_size_limit_say_what_to_do(app, client, login, seed, upload, kit):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    login(client, "send_officer")
    response = upload(seed.own_case_id, [("huge.pdf", b"%PDF-1.4" + b"0" * (2 * 1024 * 1024))])
    assert response.status_code == 413
    assert "Send at most 1 MB at a time" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Document)) is None


def test_uploads_are_limited_in_size_without_any_configuration(app, client, login, seed):
    # Flask's own default is None (no limit); the evidence default must replace it, not sit behind it.
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit is not None and limit > 0
    login(client, "send_officer")
    response = client.post(f"/cases/{seed.own_case_id}/evidence/upload", input_stream=io.BytesIO(b""),
                           content_type="multipart/form-data; boundary=x",
                           environ_overrides={"CONTENT_LENGTH": str(limit + 1)})
    assert response.status_code == 413
    assert f"Send at most {limit // (1024 * 1024)} MB at a time" in response.get_data(as_text=True)
