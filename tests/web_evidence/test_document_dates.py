"""Dates from uploads are each document's own (its first page, then the file's details), never today's by default;
a document with none asks for one and holds up the build. Each file of a batch gets its own details, and a sender
describes each file they send (title, date, a note) for the officer who reviews it."""
import io
from datetime import date

import pikepdf
from docx import Document as WordDocument
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import select

from bundler.extensions import db
from bundler.models import Document
from bundler.models.evidence import Review

from ..helpers import checked, link_from, page, submit, upload_form, wait_for_jobs

NO_DATE = {"document_date": ["", "", ""]}


def lines_pdf(lines, created: str | None = None) -> bytes:
    """A one-page PDF saying `lines`; its only /CreationDate is `created` (reportlab's own is removed)."""
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=A4)
    for number, line in enumerate(lines):
        drawing.drawString(72, A4[1] - 72 - 16 * number, line)
    drawing.showPage()
    drawing.save()
    saved = io.BytesIO()
    with pikepdf.open(io.BytesIO(out.getvalue())) as pdf:
        for key in list(pdf.docinfo.keys()):
            del pdf.docinfo[key]
        if created:
            pdf.docinfo["/CreationDate"] = created
        pdf.save(saved)
    return saved.getvalue()


LETTER = lines_pdf(["Riverside Primary School", "Date: 3 March 2025", "Pupil DOB: 01/05/2015"])
LOG = lines_pdf(["Behaviour log", "Pupil DOB: 01/05/2015"], created="D:20250410093000Z")
SCAN = lines_pdf(["Notes"])


def by_file(app) -> dict[str, Document]:
    with app.app_context():
        return {d.original_filename: d for d in db.session.scalars(select(Document))}


def upload_batch(client, case_id, **fields):
    files = [("letter.pdf", LETTER), ("log.pdf", LOG), ("notes.pdf", SCAN)]
    return client.post(f"/cases/{case_id}/evidence/upload", data=upload_form(files, **(NO_DATE | fields)),
                       content_type="multipart/form-data")


def test_each_documents_own_date_is_read_and_the_page_says_where_it_came_from(app, client, login, seed):
    login(client, "send_officer")
    upload_batch(client, seed.own_case_id)
    wait_for_jobs(app)
    found = by_file(app)
    assert (found["letter.pdf"].document_date, found["letter.pdf"].date_source) == (date(2025, 3, 3), "document")
    assert (found["log.pdf"].document_date, found["log.pdf"].date_source) == (date(2025, 4, 10), "details")
    assert found["notes.pdf"].document_date is None
    shown = page(client, f"/cases/{seed.own_case_id}/evidence")
    dates = {row[0].split()[0]: row[1] for row in shown.rows("table[data-section='la_evidence']")}
    assert dates == {"letter": "3 March 2025 Read from the document: check it",
                     "log": "10 April 2025 From the file's details: check it",
                     "notes": "Date needed No date found in the file: enter it for notes"}
    notes = found["notes.pdf"].id
    assert page(client, f"/cases/{seed.own_case_id}/evidence/{notes}").tags()["Date needed"] == "yellow"


def test_a_document_without_a_date_holds_up_the_build_until_one_is_entered(app, client, login, seed):
    login(client, "send_officer")
    upload_batch(client, seed.own_case_id)
    wait_for_jobs(app)
    login(client, "tribunal_officer")
    refused = submit(client, f"/cases/{seed.own_case_id}/bundles/build", {"bundle_date": ["5", "1", "2026"]},
                     status=409)
    assert "Enter the date of 1 document(s) (notes): no date was found in them" in refused.text
    notes = by_file(app)["notes.pdf"]
    edit = page(client, f"/cases/{seed.own_case_id}/evidence/{notes.id}/edit")
    assert edit.one("#document_date-day").get("value") in (None, "")  # asked for, not today's
    submit(client, f"/cases/{seed.own_case_id}/evidence/{notes.id}/edit", {
        "title": "Notes", "section": "la_evidence", "party": "local_authority", "document_date": ["2", "2", "2025"]})
    assert by_file(app)["notes.pdf"].date_source == ""  # entered by the officer: nothing to check
    built = client.post(f"/cases/{seed.own_case_id}/bundles/build", data={"bundle_date": ["5", "1", "2026"]})
    assert built.status_code in (302, 303)
    wait_for_jobs(app)


def test_a_date_given_on_the_upload_form_is_the_documents_date(app, client, login, seed):
    login(client, "send_officer")
    upload_batch(client, seed.own_case_id, document_date=["7", "1", "2025"])
    wait_for_jobs(app)
    assert {(d.document_date, d.date_source) for d in by_file(app).values()} == {(date(2025, 1, 7), "")}


def test_the_upload_form_no_longer_fills_in_todays_date(client, login, seed):
    login(client, "send_officer")
    shown = page(client, f"/cases/{seed.own_case_id}/evidence/upload")
    assert [shown.one(f"#document_date-{part}").get("value") for part in ("day", "month", "year")] == [None] * 3


def test_a_word_files_date_is_read_from_its_text_once_converted(app, client, login, seed, upload):
    word = WordDocument()
    word.add_paragraph("Educational psychology advice")
    word.add_paragraph("Dated 20 January 2025")
    out = io.BytesIO()
    word.save(out)
    login(client, "send_officer")
    upload(seed.own_case_id, [("advice.docx", out.getvalue())], **NO_DATE)
    wait_for_jobs(app)
    advice = by_file(app)["advice.docx"]
    assert (advice.document_date, advice.date_source) == (date(2025, 1, 20), "document")


def test_each_file_of_a_batch_gets_its_own_section_author_and_date(app, client, login, seed):
    login(client, "send_officer")
    uploaded = upload_batch(client, seed.own_case_id)
    assert "/evidence/describe?" in uploaded.headers["Location"]
    describe = page(client, uploaded.headers["Location"])
    assert describe.texts("legend.govuk-fieldset__legend--m") == ["letter.pdf", "log.pdf", "notes.pdf"]
    ids = {d.original_filename: d.id for d in by_file(app).values()}
    letter, log, notes = ids["letter.pdf"], ids["log.pdf"], ids["notes.pdf"]
    assert [describe.one(f"#document_date-{letter}-{part}")["value"] for part in ("day", "month", "year")] == \
        ["03", "03", "2025"]
    assert describe.texts(f"[data-file='{letter}'] [data-date-source]") == ["Read from the document: check it."]
    assert describe.one(f"#title-{log}")["value"] == "log"
    refused = submit(client, uploaded.headers["Location"], {
        f"title-{letter}": "", f"section-{letter}": "la_evidence", f"document_date-{letter}": ["3", "3", "2099"],
        f"title-{log}": "Log", f"section-{log}": "la_evidence", f"title-{notes}": "Notes",
        f"section-{notes}": "la_evidence"}, status=400)
    assert refused.errors() == ["Enter a title for letter.pdf", "Date of letter.pdf must be today or in the past"]
    saved = submit(client, uploaded.headers["Location"], {
        f"title-{letter}": "Letter from school", f"section-{letter}": "core", f"author-{letter}": "Headteacher",
        f"document_date-{letter}": ["3", "3", "2025"],
        f"title-{log}": "Behaviour log 2024-25", f"section-{log}": "la_evidence", f"author-{log}": "SENCo",
        f"document_date-{log}": ["", "", ""],
        f"title-{notes}": "Class notes", f"section-{notes}": "appellant_evidence", f"author-{notes}": "Teacher",
        f"document_date-{notes}": ["12", "2", "2025"]})
    assert "Details saved for 3 document(s)." in saved.text
    found = by_file(app)
    assert [(d.title, d.section, d.author, d.document_date, d.date_source) for d in found.values()] == [
        ("Letter from school", "core", "Headteacher", date(2025, 3, 3), "document"),
        ("Behaviour log 2024-25", "la_evidence", "SENCo", date(2025, 4, 10), "details"),
        ("Class notes", "appellant_evidence", "Teacher", date(2025, 2, 12), "")]
    wait_for_jobs(app)


def test_one_file_goes_straight_back_to_the_evidence_page(client, login, seed, upload):
    login(client, "send_officer")
    response = upload(seed.own_case_id, [("letter.pdf", LETTER)])
    assert response.headers["Location"].endswith(f"/cases/{seed.own_case_id}/evidence")


def request_link(client, case_id) -> str:
    made = client.post(f"/cases/{case_id}/evidence/requests/new", data={
        "recipient_name": "Riverside Primary", "details": "Attendance", "section": "la_evidence",
        "due_date": ["1", "1", "2099"]}, follow_redirects=True)
    return link_from(checked(made))


def test_the_sender_describes_each_file_and_the_officer_sees_it_at_review(app, client, login, seed):
    login(client, "send_officer")
    link = request_link(client, seed.own_case_id)
    school = app.test_client()
    sent = checked(school.post(link, data={"files": [(io.BytesIO(SCAN), "scan_001.pdf"),
                                                     (io.BytesIO(LETTER), "letter.pdf")]},
                               content_type="multipart/form-data", follow_redirects=True))
    assert sent.texts("#describe") == ["Tell us about each file (optional)"]
    ids = {d.original_filename: d.id for d in by_file(app).values()}
    scan, letter = ids["scan_001.pdf"], ids["letter.pdf"]
    assert sent.one(f"#title-{scan}")["value"] == "scan 001"
    describe_url = link.replace("http://localhost", "") + "/describe"
    refused = checked(school.post(describe_url, data={
        f"title-{scan}": "Attendance 2024-25", f"document_date-{scan}": ["1", "1", "2099"],
        f"title-{letter}": "Letter"}))
    assert refused.status == 400
    assert refused.errors() == ["Date of scan_001.pdf must be today or in the past"]
    thanked = checked(school.post(describe_url, data={
        f"title-{scan}": "Attendance 2024-25", f"document_date-{scan}": ["31", "7", "2025"],
        f"note-{scan}": "Printed from our register", f"title-{letter}": "Letter to parents",
        f"document_date-{letter}": ["", "", ""]}, follow_redirects=True))
    assert "Details sent" in thanked.text and not thanked.select("#describe")
    assert school.post(describe_url, data={f"title-{scan}": "Again"}).status_code == 400  # described once
    review = page(client, f"/cases/{seed.own_case_id}/evidence")
    cells = review.texts("[data-sent-file]")
    assert cells == ["letter.pdf Title Letter to parents Date 3 March 2025 Read from the document: check it",
                     "scan_001.pdf Title Attendance 2024-25 Date 31 July 2025 Sender's note Printed from our register"]
    with app.app_context():
        assert db.session.get(Document, scan).review == Review.pending
    wait_for_jobs(app)


def test_another_browser_with_the_link_cannot_describe_the_files(app, client, login, seed):
    login(client, "send_officer")
    link = request_link(client, seed.own_case_id)
    app.test_client().post(link, data={"files": [(io.BytesIO(SCAN), "scan.pdf")]}, content_type="multipart/form-data")
    scan = by_file(app)["scan.pdf"].id
    other = app.test_client()
    assert not checked(other.get(link)).select("#describe")
    assert other.post(link.replace("http://localhost", "") + "/describe", data={f"title-{scan}": "x"}).status_code \
        == 400
    wait_for_jobs(app)
