"""Redaction through the web: terms found and confirmed, areas drawn, the job on the conversions queue, the bundle
built from the redacted copy, the original left byte for byte as uploaded, every step audited without the names;
and every redaction route checks role and case."""
import hashlib
import io
import json
import shutil
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import select

from bundler import jobs
from bundler.extensions import db
from bundler.models import AuditEvent, BundleVersion, Document, Job
from bundler.models.jobs import JobState
from bundler.models.redaction import Redaction
from bundler.services import bundles, evidence

from ..helpers import audit_actions, pdf_bytes, wait_for_jobs

pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in ("pdftotext", "pdftoppm", "ocrmypdf", "tesseract")),
    reason="redaction needs poppler-utils and OCR: apt-get install poppler-utils ocrmypdf tesseract-ocr-eng")

READERS = ("send_officer", "tribunal_officer", "legal_reviewer", "administrator")
EDITORS = ("send_officer", "tribunal_officer", "administrator")


def incident_pdf() -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.setFont("Helvetica", 14)
    c.drawString(72, 760, "Incident at lunch: Jayden Smith pushed the pupil.")
    c.drawString(72, 730, "Amira saw it happen and told a teacher.")
    c.showPage()
    c.setFont("Helvetica", 14)
    c.drawString(72, 760, "Follow up: Jayden Smith apologised the next day.")
    c.showPage()
    c.save()
    return out.getvalue()


def pdf_text(path) -> str:
    return " ".join(page.extract_text() or "" for page in PdfReader(path).pages).casefold()


@pytest.fixture
def uploaded(app, client, login, seed, upload):
    """A tribunal officer signed in, and the incident log uploaded and converted."""
    login(client, "tribunal_officer")
    content = incident_pdf()
    assert upload(seed.own_case_id, [("incident-log.pdf", content)]).status_code == 302
    wait_for_jobs(app)
    with app.app_context():
        document = db.session.scalars(select(Document)).one()
        assert document.status == "ready" and document.preview_pages == 2
        return {"case": seed.own_case_id, "id": document.id, "content": content, "pdf": document.pdf_sha256}


def url(ids, tail=""):
    return f"/cases/{ids['case']}/evidence/{ids['id']}/redaction{tail}"


def redact(client, ids, terms, matches, areas=""):
    return client.post(url(ids), data={"terms": terms, "match": [str(m) for m in matches], "areas": areas})


def test_officer_confirms_the_matches_and_the_bundle_uses_the_redacted_copy(app, client, uploaded):
    confirm = client.post(url(uploaded, "/matches"), data={"terms": "Jayden Smith\nAmira, nobody"})
    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200
    assert page.count('name="match"') == 3  # two Jaydens (page 1 and 2) and Amira
    assert "Page 1:</span> Incident at lunch: <mark>Jayden Smith</mark> pushed the pupil." in page
    assert "No match for: nobody" in page

    response = redact(client, uploaded, "Jayden Smith\nAmira\nnobody", [0, 1, 2])
    assert response.status_code == 303
    finished = wait_for_jobs(app)
    with app.app_context():
        redaction = db.session.scalars(select(Redaction)).one()
        job = db.session.get(Job, redaction.job_id)
        assert job.state == JobState.done and job.total and job.done == job.total
        assert jobs.REGISTRY[job.kind].queue == jobs.CONVERSIONS
        assert redaction.pages == [1, 2] and redaction.preview_pages == 2
        store = evidence.evidence_store()
        redacted = store.local_path(redaction.pdf_sha256)
        text = pdf_text(redacted)
        assert "jayden" not in text and "amira" not in text and "apologised" in text
        # The original upload and its converted PDF are byte for byte as they were.
        original = store.local_path(db.session.get(Document, uploaded["id"]).original_sha256)
        assert original.read_bytes() == uploaded["content"]
        assert hashlib.sha256(store.local_path(uploaded["pdf"]).read_bytes()).hexdigest() == uploaded["pdf"]
        assert db.session.get(Document, uploaded["id"]).pdf_sha256 == uploaded["pdf"]
        detail = db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "redacted")).one()
        assert "3 match(es)" in detail and "jayden" not in detail.casefold() and "amira" not in detail.casefold()
    assert all(row.state == JobState.done for row in finished)

    # The bundle is built from the redacted copy.
    assert client.post(f"/cases/{uploaded['case']}/bundles/build",
                       data={"bundle_date": ["5", "1", "2026"]}).status_code in (302, 303)
    wait_for_jobs(app)
    with app.app_context():
        version = db.session.scalars(select(BundleVersion)).one()
        bundle = pdf_text(bundles.bundle_path(version))
        assert "apologised" in bundle and "jayden" not in bundle and "amira" not in bundle

    # The redacted copy can be opened (audited); the original still downloads as uploaded (audited).
    opened = client.get(url(uploaded, f"/{redaction.id}/pdf"))
    assert opened.status_code == 200 and "jayden" not in pdf_text(io.BytesIO(opened.data))
    original_download = client.get(f"/cases/{uploaded['case']}/evidence/{uploaded['id']}/original")
    assert original_download.data == uploaded["content"]
    assert {"redacted", "viewed redacted PDF", "downloaded"} <= set(audit_actions(app, uploaded["case"]))


def test_an_unticked_match_stays_and_redactions_add_up(app, client, uploaded):
    redact(client, uploaded, "Jayden Smith\nAmira", [0])  # only the first Jayden
    wait_for_jobs(app)
    with app.app_context():
        first = db.session.scalars(select(Redaction)).one()
        assert first.terms == []  # neither term was redacted everywhere
        text = pdf_text(evidence.evidence_store().local_path(first.pdf_sha256))
        assert text.count("jayden") == 1 and "amira" in text
    # A second redaction works on the redacted copy: what the first removed stays removed.
    redact(client, uploaded, "Amira", [0])
    wait_for_jobs(app)
    with app.app_context():
        second = db.session.scalars(select(Redaction).order_by(Redaction.id.desc())).first()
        assert second.source_sha256 == first.pdf_sha256
        text = pdf_text(evidence.evidence_store().local_path(second.pdf_sha256))
        assert "amira" not in text and text.count("jayden") == 1


def test_a_drawn_area_is_redacted(app, client, uploaded):
    page = client.get(url(uploaded)).get_data(as_text=True)
    assert "data-redaction-drawing" in page and url(uploaded, "/pages/2.png") in page
    assert client.get(url(uploaded, "/pages/2.png")).mimetype == "image/png"
    areas = json.dumps([[2, 0.0, 0.0, 1.0, 0.2]])  # the top of page 2, where the follow-up note is
    confirm = client.post(url(uploaded, "/matches"), data={"terms": "", "areas": areas}).get_data(as_text=True)
    assert "1 area you drew will be redacted" in confirm
    assert redact(client, uploaded, "", [], areas).status_code == 303
    wait_for_jobs(app)
    with app.app_context():
        redaction = db.session.scalars(select(Redaction)).one()
        assert redaction.area_count == 1 and redaction.pages == [2]
        text = pdf_text(evidence.evidence_store().local_path(redaction.pdf_sha256))
        assert "apologised" not in text and "incident at lunch" in text


@pytest.mark.parametrize("data,message", [
    ({"terms": ""}, "Enter words to redact, or draw an area on a page"),
    ({"terms": "", "areas": "[[1, 0.5]]"}, "The drawn areas could not be read"),
    ({"terms": "", "areas": "[[9, 0.1, 0.1, 0.2, 0.2]]"}, "The document has 2 page(s)"),
    ({"terms": "", "areas": "[[1, 0.5, 0.1, 0.2, 0.2]]"}, "is not on the page; draw it again"),
])
def test_nothing_to_redact_or_a_bad_area_is_explained(app, client, uploaded, data, message):
    response = client.post(url(uploaded, "/matches"), data=data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_confirming_nothing_redacts_nothing(app, client, uploaded):
    response = redact(client, uploaded, "Amira", [])
    assert response.status_code == 303
    assert "Choose at least one match" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Redaction)).all() == []


# Access: every redaction route, every role, and another team's case -------------------------------------------

ROUTES = [
    ("GET", "", None, READERS),
    ("GET", "/pages/1.png", None, READERS),
    ("GET", "/{r}/pdf", None, READERS),
    ("POST", "/matches", {"terms": "report"}, EDITORS),
    ("POST", "", {"terms": "report", "match": "0"}, EDITORS),
]


def add_redacted_document(app, case_id: int, pdf: bytes) -> dict:
    """A converted document that can be previewed and a finished redaction, without running any job."""
    with app.app_context():
        stored = evidence.evidence_store().put(io.BytesIO(pdf))
        done = Job(kind="redact", state=JobState.done, case_id=case_id)
        db.session.add(done)
        db.session.flush()
        document = Document(case_id=case_id, title="Report", document_date=date(2025, 10, 1),
                            section="la_evidence", party="local_authority", original_filename="report.pdf",
                            original_sha256=stored.sha256, size=stored.size, pdf_sha256=stored.sha256,
                            page_count=1, preview_pages=evidence.previewable_pages(1))
        db.session.add(document)
        db.session.flush()
        redaction = Redaction(document_id=document.id, source_sha256=stored.sha256, pdf_sha256=stored.sha256,
                              boxes_json="[[1, 0.1, 0.1, 0.2, 0.2]]", job_id=done.id, preview_pages=1)
        db.session.add(redaction)
        db.session.commit()
        return {"case": case_id, "id": document.id, "r": redaction.id}


@pytest.fixture
def objects(app, seed):
    own = add_redacted_document(app, seed.own_case_id, pdf_bytes(1, "own report"))
    other = add_redacted_document(app, seed.other_case_id, pdf_bytes(1, "other report"))
    yield {"own": own, "other": other}
    wait_for_jobs(app)


def call(client, method, tail, data, ids):
    path = url(ids, tail.format(**ids))
    return client.get(path) if method == "GET" else client.post(path, data=data)


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize("method,tail,data,allowed", ROUTES, ids=[f"{m} {t}" for m, t, *_ in ROUTES])
def test_redaction_routes_allow_their_roles_and_forbid_the_rest(app, client, login, objects, method, tail, data,
                                                                allowed, role):
    login(client, role)
    status = call(client, method, tail, data, objects["own"]).status_code
    if role in allowed:
        assert status in (200, 303), status
    else:
        assert status == 403


@pytest.mark.parametrize("method,tail,data,allowed", ROUTES, ids=[f"{m} {t}" for m, t, *_ in ROUTES])
def test_another_teams_document_is_not_found(app, client, login, objects, method, tail, data, allowed):
    login(client, "tribunal_officer")
    assert call(client, method, tail, data, objects["other"]).status_code == 404
    # Another team's document or redaction under our own case is not found either.
    assert call(client, method, tail, data, dict(objects["other"], case=objects["own"]["case"])).status_code == 404
    if "{r}" in tail:
        assert call(client, method, tail, data, dict(objects["own"], r=objects["other"]["r"])).status_code == 404


@pytest.mark.parametrize("method,tail,data,allowed", ROUTES, ids=[f"{m} {t}" for m, t, *_ in ROUTES])
def test_signed_out_people_are_sent_to_sign_in(app, client, objects, method, tail, data, allowed):
    response = call(client, method, tail, data, objects["own"])
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_second_redaction_waits_for_the_first(app, client, uploaded):
    """Two redactions of the same copy at once would each leave out what the other removed: the second is refused
    while the first runs."""
    from bundler.services import redaction as redactions

    with app.app_context():
        document = db.session.get(Document, uploaded["id"])
        running = Redaction(document_id=document.id, source_sha256=document.pdf_sha256,
                            job=Job(kind="redact", state=JobState.running, case_id=document.case_id))
        db.session.add(running)
        db.session.commit()
        running_id = running.id
    response = redact(client, uploaded, "Amira", [0])
    assert "already being made" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Redaction)) == 1
        assert redactions.running(db.session.get(Document, uploaded["id"])).id == running_id
