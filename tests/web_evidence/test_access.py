"""Every evidence and bundle route for every role: allowed, forbidden (403), or not found for another team (404)."""
import io
import tempfile
from datetime import date, datetime

import pytest

from bundler import jobs
from bundler.extensions import db
from bundler.models import BundleVersion, Case, Document, EvidenceRequest, Job
from bundler.models.evidence import Review
from bundler.models.jobs import JobState
from bundler.services import bundles, evidence
from bundler.tokens import token_hash

from ..helpers import pdf_bytes, wait_for_jobs

READERS = ("send_officer", "tribunal_officer", "legal_reviewer", "administrator")
EDITORS = ("send_officer", "tribunal_officer", "administrator")
BUILDERS = ("tribunal_officer", "administrator")

# (method, url pattern, form data, roles allowed); {c} case, {d} document, {p} pending document, {r} request.
ROUTES = [
    ("GET", "/cases/{c}/evidence", None, READERS),
    ("GET", "/cases/{c}/evidence/progress", None, READERS),
    ("GET", "/cases/{c}/evidence/{d}", None, READERS),
    ("GET", "/cases/{c}/evidence/{d}/pdf", None, READERS),
    ("GET", "/cases/{c}/evidence/{d}/original", None, READERS),
    ("GET", "/cases/{c}/evidence/upload", None, EDITORS),
    ("POST", "/cases/{c}/evidence/upload", {}, EDITORS),
    ("GET", "/cases/{c}/evidence/{d}/edit", None, EDITORS),
    ("POST", "/cases/{c}/evidence/{d}/move", {"place": "date"}, EDITORS),
    ("POST", "/cases/{c}/evidence/{d}/ocr", {}, EDITORS),
    ("POST", "/cases/{c}/evidence/{p}/review", {"decision": "accept"}, EDITORS),
    ("POST", "/cases/{c}/evidence/{d}/remove", {}, EDITORS),
    ("GET", "/cases/{c}/evidence/requests/new", None, EDITORS),
    ("POST", "/cases/{c}/evidence/requests/{r}/link", {}, EDITORS),
    ("GET", "/cases/{c}/evidence/requests/{r}/link", None, EDITORS),
    ("POST", "/cases/{c}/evidence/requests/{r}/close", {}, EDITORS),
    ("GET", "/cases/{c}/bundles", None, READERS),
    ("GET", "/cases/{c}/bundles/1", None, READERS),
    ("GET", "/cases/{c}/bundles/1/download", None, READERS),
    ("GET", "/cases/{c}/bundles/jobs/{j}", None, READERS),
    ("POST", "/cases/{c}/bundles/build", {"bundle_date": ["5", "1", "2026"]}, BUILDERS),
    ("POST", "/cases/{c}/bundles/1/issue", {"issued_on": ["7", "1", "2026"]}, BUILDERS),
    ("GET", "/cases/{c}/bundles/notes/la_evidence", None, BUILDERS),
    ("POST", "/cases/{c}/bundles/notes/la_evidence", {"reason": "needed", "send7_made": "no"}, BUILDERS),
]


def add_case_objects(case_id: int, pdf: bytes) -> dict:
    """A converted document, a pending one, a request and a built version 1, without running any job."""
    stored = evidence.evidence_store().put(io.BytesIO(pdf))
    done = Job(kind="convert", state=JobState.done, case_id=case_id, worker=jobs.worker_name())
    db.session.add(done)
    db.session.flush()
    request = EvidenceRequest(case_id=case_id, recipient_name="School", due_date=date(2030, 1, 1),
                              section="la_evidence", token_hash=f"{case_id:064d}", expires_at=datetime(2030, 2, 1))

    def document(review):
        return Document(case_id=case_id, title=f"Report {review}", document_date=date(2025, 10, 1),
                        section="la_evidence", party="local_authority", original_filename="report.pdf",
                        original_sha256=stored.sha256, size=stored.size, pdf_sha256=stored.sha256, page_count=1,
                        conversion_job_id=done.id, review=review, evidence_request=request)

    accepted, pending = document(Review.accepted), document(Review.pending)
    version = BundleVersion(case_id=case_id, number=1, job_id=done.id, bundle_date=date(2026, 1, 5),
                            file_name=f"case-{case_id}/bundle-v1.pdf")
    db.session.add_all([request, accepted, pending, version])
    db.session.commit()
    with tempfile.NamedTemporaryFile() as built:
        built.write(pdf)
        built.flush()
        bundles.bundle_store().keep(version.file_name, built.name)
    return {"c": case_id, "d": accepted.id, "p": pending.id, "r": request.id, "j": done.id}


@pytest.fixture
def objects(app, seed):
    with app.app_context():
        own = add_case_objects(seed.own_case_id, pdf_bytes(1, "own"))
        other = add_case_objects(seed.other_case_id, pdf_bytes(1, "other"))
    yield {"own": own, "other": other}
    wait_for_jobs(app)


def call(client, method, pattern, data, ids):
    url = pattern.format(**ids)
    return client.get(url) if method == "GET" else client.post(url, data=data or {})


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize("method,pattern,data,allowed", ROUTES, ids=[f"{m} {p}" for m, p, *_ in ROUTES])
def test_route_allows_its_roles_and_forbids_the_rest(app, client, login, objects, method, pattern, data,
                                                     allowed, role):
    login(client, role)
    status = call(client, method, pattern, data, objects["own"]).status_code
    if role in allowed:
        assert status not in (401, 403, 404, 500), status
    else:
        assert status == 403


@pytest.mark.parametrize("method,pattern,data,allowed", ROUTES, ids=[f"{m} {p}" for m, p, *_ in ROUTES])
def test_another_teams_case_is_not_found(app, client, login, objects, method, pattern, data, allowed):
    login(client, "tribunal_officer")
    assert call(client, method, pattern, data, objects["other"]).status_code == 404
    # The other team's ids under our own case are not found either.
    mixed = dict(objects["other"], c=objects["own"]["c"])
    if any(key in pattern for key in ("{d}", "{p}", "{r}", "{j}")):
        assert call(client, method, pattern, data, mixed).status_code == 404


@pytest.mark.parametrize("method,pattern,data,allowed", ROUTES, ids=[f"{m} {p}" for m, p, *_ in ROUTES])
def test_signed_out_people_are_sent_to_sign_in(app, client, objects, method, pattern, data, allowed):
    response = call(client, method, pattern, data, objects["own"])
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_administrator_sees_every_teams_evidence(app, client, login, objects):
    login(client, "administrator")
    assert call(client, "GET", "/cases/{c}/evidence/{d}", None, objects["other"]).status_code == 200


def test_public_upload_page_is_not_a_way_into_the_case(app, client, objects):
    with app.app_context():
        case = db.session.get(Case, objects["own"]["c"])
        request = db.session.get(EvidenceRequest, objects["own"]["r"])
        request.token_hash = token_hash("known-token")
        db.session.commit()
        reference = case.reference
    page = client.get("/evidence-requests/known-token").get_data(as_text=True)
    assert reference in page and "Report accepted" not in page and "Report pending" not in page
    assert client.get(f"/cases/{objects['own']['c']}/evidence").status_code == 302
