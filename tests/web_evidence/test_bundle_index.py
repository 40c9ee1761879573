"""A built version's index as .csv and .docx (read back from the downloads), its titles changed for that version
only (the PDF is built again with them, the documents keep their own titles), and every route's access."""
import csv
import io

import pytest
from docx import Document as WordDocument
from pypdf import PdfReader
from sqlalchemy import select

from bundler.extensions import db
from bundler.models import BundleVersion, Document
from bundler.services import bundles

from ..helpers import audit_actions, pdf_bytes, wait_for_jobs

READERS = ("send_officer", "tribunal_officer", "legal_reviewer", "administrator")
BUILDERS = ("tribunal_officer", "administrator")


def built(app, client, upload, case_id, names=("EP advice", "School report")) -> int:
    upload(case_id, [(f"{name}.pdf", pdf_bytes(2, name)) for name in names])
    wait_for_jobs(app)
    client.post(f"/cases/{case_id}/bundles/build", data={"bundle_date": ["5", "1", "2026"]})
    wait_for_jobs(app)
    with app.app_context():
        version = db.session.scalar(select(BundleVersion).where(BundleVersion.case_id == case_id))
        assert version.state == "built"
        return version.number


@pytest.fixture
def version(app, client, login, seed, upload):
    login(client, "tribunal_officer")
    return built(app, client, upload, seed.own_case_id)


def index_url(seed, number, tail):
    return f"/cases/{seed.own_case_id}/bundles/{number}/{tail}"


def version_rows(app, case_id):
    """The version's id, number, state, file and job, and its rows (id, title, first page, last page)."""
    with app.app_context():
        version = db.session.scalar(select(BundleVersion).where(BundleVersion.case_id == case_id))
        facts = dict(id=version.id, number=version.number, state=version.state, file_name=version.file_name,
                     job_id=version.job_id)
        return facts, [(row.id, row.title, row.first_page, row.last_page) for row in version.documents]


def test_csv_and_docx_list_each_document_on_its_pages(app, client, seed, version):
    _, rows = version_rows(app, seed.own_case_id)
    response = client.get(index_url(seed, version, "index.csv"))
    assert response.mimetype == "text/csv"
    assert 'filename="EH123-25-00001 index v1.csv"' in response.headers["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert [(line[2], int(line[4]), int(line[5])) for line in lines[1:]] == [row[1:] for row in rows]

    response = client.get(index_url(seed, version, "index.docx"))
    assert response.headers["Content-Disposition"].startswith("attachment")
    table = WordDocument(io.BytesIO(response.data)).tables[0]
    titles = [r.cells[1].text for r in table.rows]
    assert [row[1] for row in rows] == [t for t in titles if t in {row[1] for row in rows}]
    assert audit_actions(app, seed.own_case_id).count("downloaded index") == 2


def test_changed_titles_go_into_the_rebuilt_version_and_the_documents_keep_theirs(app, client, seed, version):
    before, rows = version_rows(app, seed.own_case_id)
    old_file = before["file_name"]
    page = client.get(index_url(seed, version, "index-titles")).get_data(as_text=True)
    assert "Document&#39;s own title: EP advice" in page or "Document's own title: EP advice" in page
    first = rows[0][0]
    form = {f"title-{row_id}": title for row_id, title, *_ in rows}
    form[f"title-{first}"] = "Educational psychologist's advice (Dr Rowe)"
    response = client.post(index_url(seed, version, "index-titles"), data=form)
    assert response.status_code == 303
    wait_for_jobs(app)
    after, new_rows = version_rows(app, seed.own_case_id)
    assert after["state"] == "built" and after["file_name"] != old_file and after["number"] == version
    assert new_rows[0][1] == "Educational psychologist's advice (Dr Rowe)"
    with app.app_context():
        assert db.session.scalar(select(Document.title).where(Document.title == "EP advice")) == "EP advice"
        index_page = PdfReader(bundles.bundle_path(db.session.get(BundleVersion, after["id"]))).pages[1]
        assert "Dr Rowe" in index_page.extract_text()
        assert bundles.bundle_store().has(old_file)  # the earlier build is kept, not replaced
    assert "changed index titles" in audit_actions(app, seed.own_case_id)
    csv_text = client.get(index_url(seed, version, "index.csv")).get_data(as_text=True)
    assert "Dr Rowe" in csv_text


def test_a_blank_title_is_refused_and_nothing_is_rebuilt(app, client, seed, version):
    before, rows = version_rows(app, seed.own_case_id)
    response = client.post(index_url(seed, version, "index-titles"), data={f"title-{rows[0][0]}": "  "})
    assert response.status_code == 400 and "Enter an index title for EP advice" in response.get_data(as_text=True)
    after, _ = version_rows(app, seed.own_case_id)
    assert after == before


def test_an_issued_versions_titles_cannot_change(app, client, seed, version):
    client.post(index_url(seed, version, "issue"), data={"issued_on": ["7", "1", "2026"]})
    assert client.get(index_url(seed, version, "index-titles")).status_code == 400
    assert "change index titles" not in client.get(index_url(seed, version, "")[:-1]).get_data(as_text=True)


ROUTES = [("GET", "index.csv", READERS), ("GET", "index.docx", READERS), ("GET", "index-titles", BUILDERS),
          ("POST", "index-titles", BUILDERS)]


@pytest.fixture
def both(app, client, login, seed, upload):
    login(client, seed.other_team_user_id)
    built(app, client, upload, seed.other_case_id, ("Other report",))
    login(client, "tribunal_officer")
    built(app, client, upload, seed.own_case_id, ("Own report",))


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize("method,tail,allowed", ROUTES, ids=[f"{m} {t}" for m, t, _ in ROUTES])
def test_index_routes_check_role_and_case(app, client, login, seed, both, method, tail, allowed, role):
    login(client, role)
    call = client.get if method == "GET" else client.post
    status = call(f"/cases/{seed.own_case_id}/bundles/1/{tail}").status_code
    assert status in ((200, 303) if role in allowed else (403,)), status
    other = call(f"/cases/{seed.other_case_id}/bundles/1/{tail}").status_code
    assert other == (404 if role != "administrator" else status)
    assert call(f"/cases/{seed.own_case_id}/bundles/9/{tail}").status_code in (403, 404)
