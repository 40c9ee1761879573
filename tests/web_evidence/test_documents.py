"""A case's documents: removing, ordering, previews and downloads (each audited), and changing details."""
import io
import shutil
from datetime import date

import pikepdf
import pytest
from PIL import Image
from sqlalchemy import select

from bundler.extensions import db
from bundler.models import AuditEvent, Document
from bundler.models.evidence import Review
from bundler.services import evidence

from ..helpers import audit_actions, checked, documents, page, pdf_bytes, wait_for_jobs


def test_a_wrong_document_can_be_removed_from_the_case_and_stays_on_record(
        app, client, login, seed, upload):
    login(client, "send_officer")
    upload(seed.own_case_id, [("one.pdf", pdf_bytes(1, "one")), ("wrong.pdf", pdf_bytes(1, "wrong")),
                              ("three.pdf", pdf_bytes(1, "three"))])
    wait_for_jobs(app)
    ids = {title: doc_id for doc_id, title, *_ in documents(app, seed.own_case_id)}
    shown = page(client, f"/cases/{seed.own_case_id}/evidence/{ids['wrong']}")
    assert "Remove from the case wrong" in shown.texts("button")
    response = client.post(f"/cases/{seed.own_case_id}/evidence/{ids['wrong']}/remove")
    assert response.status_code == 302
    assert "removed from the case" in page(client, response.headers["Location"]).text
    assert [row[1] for row in documents(app, seed.own_case_id)] == ["one", "three"]
    assert [row[1] for row in documents(app, seed.own_case_id, Review.rejected)] == ["wrong"]
    assert "removed from case" in audit_actions(app, seed.own_case_id)
    with app.app_context():
        removed = db.session.get(Document, ids["wrong"])
        assert evidence.evidence_store().local_path(removed.original_sha256).is_file()
    assert client.post(f"/cases/{seed.own_case_id}/evidence/{ids['wrong']}/remove").status_code == 400
    login(client, "tribunal_officer")
    client.post(f"/cases/{seed.own_case_id}/bundles/build", data={"bundle_date": ["5", "1", "2026"]})
    wait_for_jobs(app)
    bundle = page(client, f"/cases/{seed.own_case_id}/bundles/1")
    assert "Download version 1" in bundle.text
    assert [row[1] for row in bundle.rows("table[data-documents]")] == ["one", "three"]
    assert "wrong" not in bundle.text  # neither in the bundle nor warned about as left out


def test_moving_or_changing_a_document_no_longer_on_the_case_says_to_reload(app, client, login, seed, upload):
    login(client, "send_officer")
    upload(seed.own_case_id, [("one.pdf", pdf_bytes(1, "one")), ("two.pdf", pdf_bytes(1, "two"))])
    wait_for_jobs(app)
    first = documents(app, seed.own_case_id)[0][0]
    client.post(f"/cases/{seed.own_case_id}/evidence/{first}/remove")  # in another tab, or by a colleague
    for response in (client.post(f"/cases/{seed.own_case_id}/evidence/{first}/move", data={"place": "date"}),
                     client.post(f"/cases/{seed.own_case_id}/evidence/{first}/move", data={"section": "core"}),
                     client.post(f"/cases/{seed.own_case_id}/evidence/{first}/edit", data={
                         "title": "Changed", "section": "core", "party": "local_authority",
                         "document_date": ["1", "10", "2025"]})):
        refused = checked(response)
        assert refused.status == 400 and "reload the page" in refused.text
    with app.app_context():
        assert db.session.get(Document, first).title == "one"


def test_documents_are_in_date_order_and_a_kept_one_says_why(app, client, login, seed, upload):
    login(client, "send_officer")
    for name, when in (("one", (3, 10, 2025)), ("two", (1, 10, 2025)), ("three", (2, 10, 2025))):
        upload(seed.own_case_id, [(f"{name}.pdf", pdf_bytes(1, name))], when=when)
    wait_for_jobs(app)
    assert [row[1] for row in documents(app, seed.own_case_id)] == ["two", "three", "one"]
    ids = {title: doc_id for doc_id, title, *_ in documents(app, seed.own_case_id)}
    move_url = f"/cases/{seed.own_case_id}/evidence/{{}}/move"
    unexplained = client.post(move_url.format(ids["one"]), data={"place": "keep", "position": "1"})
    assert unexplained.status_code == 400 and "Say why this document is kept out of date order" in \
        unexplained.get_data(as_text=True)
    assert client.post(move_url.format(ids["one"]), data={
        "place": "keep", "position": "1", "reason": "it is the covering letter for the others"}).status_code == 302
    assert [row[1] for row in documents(app, seed.own_case_id)] == ["one", "two", "three"]
    listing = page(client, f"/cases/{seed.own_case_id}/evidence")
    assert "Up" not in listing.texts("button") and "Down" not in listing.texts("button")
    assert listing.texts("[data-out-of-order] li") == ["one (3 October 2025): it is the covering letter for the others"]
    client.post(move_url.format(ids["one"]), data={"place": "date"})
    assert [row[1] for row in documents(app, seed.own_case_id)] == ["two", "three", "one"]
    assert page(client, f"/cases/{seed.own_case_id}/evidence").select("[data-out-of-order]") == []
    client.post(move_url.format(ids["two"]), data={"section": "core"})
    assert [(row[1], row[2]) for row in documents(app, seed.own_case_id)] == [
        ("two", "core"), ("three", "la_evidence"), ("one", "la_evidence")]
    assert client.post(move_url.format(ids["two"]), data={"section": "nowhere"}).status_code == 400
    assert audit_actions(app, seed.own_case_id).count("reordered") == 3


def test_preview_pdf_and_original_are_served_and_each_view_is_audited(app, client, login, seed, upload):
    login(client, "send_officer")
    content = pdf_bytes(2, "report")
    upload(seed.own_case_id, [("report.pdf", content)])
    wait_for_jobs(app)
    doc_id = documents(app, seed.own_case_id)[0][0]
    base = f"/cases/{seed.own_case_id}/evidence/{doc_id}"
    login(client, "legal_reviewer")
    shown = page(client, base)
    if shutil.which("pdftoppm"):
        assert len(shown.select('img[alt="Page 2 of 2 of report"]')) == 1
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
    actions = audit_actions(app, seed.own_case_id)
    assert ["viewed", "viewed PDF", "downloaded"] == [a for a in actions if a in ("viewed", "viewed PDF", "downloaded")]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm is missing: apt-get install poppler-utils")
def test_a_page_preview_is_made_when_first_viewed_at_the_column_width_and_kept(app, client, login, seed, upload):
    login(client, "send_officer")
    upload(seed.own_case_id, [("report.pdf", pdf_bytes(3, "report"))])
    wait_for_jobs(app)
    doc_id = documents(app, seed.own_case_id)[0][0]
    with app.app_context():
        document = db.session.get(Document, doc_id)
        names = [evidence.preview_name(document.pdf_sha256, number) for number in (1, 2, 3)]
        assert document.preview_pages == 3
        assert not any(evidence.preview_store().has(name) for name in names)  # the upload rendered none

    first = client.get(f"/cases/{seed.own_case_id}/evidence/{doc_id}/pages/2.png")
    assert first.status_code == 200
    with Image.open(io.BytesIO(first.data)) as image:
        assert image.width == evidence.PREVIEW_WIDTH and image.height > image.width  # an upright page, fitted
    with app.app_context():
        kept = [evidence.preview_store().has(name) for name in names]
        assert kept == [False, True, False]
        assert evidence.preview_store().fetch(names[1]).read_bytes() == first.data
    again = client.get(f"/cases/{seed.own_case_id}/evidence/{doc_id}/pages/2.png")
    assert again.data == first.data
    with app.app_context():
        details = db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "viewed page")).all()
    assert details == ["page 2", "page 2"]


def test_editing_details_changes_title_date_and_section(app, client, login, seed, upload):
    login(client, "send_officer")
    upload(seed.own_case_id, [("x.pdf", pdf_bytes(1, "x"))])
    wait_for_jobs(app)
    doc_id = documents(app, seed.own_case_id)[0][0]
    response = client.post(f"/cases/{seed.own_case_id}/evidence/{doc_id}/edit", data={
        "title": "Educational psychology advice", "author": "Dr A Example", "section": "ehcp",
        "party": "local_authority", "document_date": ["3", "11", "2025"]})
    assert response.status_code == 302
    with app.app_context():
        document = db.session.get(Document, doc_id)
        assert (document.title, document.section, document.document_date) == (
            "Educational psychology advice", "ehcp", date(2025, 11, 3))
    bad = checked(client.post(f"/cases/{seed.own_case_id}/evidence/{doc_id}/edit", data={
        "title": "", "section": "ehcp", "party": "local_authority"}))
    assert bad.status == 200 and "Enter the document's title" in bad.errors()
