"""The accompanying note for a section over its page limit: the officer writes the reason and records the SEND7
request; a version whose note still holds a placeholder cannot be issued."""
from pypdf import PdfReader
from sqlalchemy import select

from bundler.extensions import db
from bundler.models import BundleVersion
from bundler.services import bundles

from ..helpers import audit_actions, pdf_bytes, wait_for_jobs


def front_text(app, case_id, number) -> str:
    with app.app_context():
        version = db.session.scalar(select(BundleVersion).filter_by(case_id=case_id, number=number))
        reader = PdfReader(bundles.bundle_path(version))
        return " ".join(reader.pages[n].extract_text() for n in range(version.report["front_matter_pages"]))


def build(client, case_id):
    return client.post(f"/cases/{case_id}/bundles/build", data={"bundle_date": ["5", "1", "2026"]})


def test_a_note_with_a_placeholder_blocks_issuing_until_the_officer_writes_it(app, client, login, seed, upload):
    login(client, "tribunal_officer")
    case = seed.own_case_id
    upload(case, [("long log.pdf", pdf_bytes(103, "log"))])  # 103 pages in a section whose limit is 100
    wait_for_jobs(app)
    build(client, case)
    wait_for_jobs(app)
    text = " ".join(front_text(app, case, 1).split())
    assert "[explain why each document is needed" in text and "[say whether a request for change (SEND7)" in text
    page = client.get(f"/cases/{case}/bundles/1").get_data(as_text=True)
    assert "Its note still has a placeholder" in page
    refused = client.post(f"/cases/{case}/bundles/1/issue", data={"issued_on": ["6", "1", "2026"]})
    assert refused.status_code == 409
    assert "still has a placeholder" in refused.get_data(as_text=True)

    no_date = client.post(f"/cases/{case}/bundles/notes/la_evidence",
                          data={"reason": "the behaviour log is the only record of the incidents",
                                "send7_made": "yes"})
    assert "Enter the date the request for change (SEND7) was made" in no_date.get_data(as_text=True)
    client.post(f"/cases/{case}/bundles/notes/la_evidence", data={
        "reason": "the behaviour log is the only record of the incidents", "send7_made": "yes",
        "send7_date": ["3", "1", "2026"]})
    assert "wrote accompanying note" in audit_actions(app, case)
    build(client, case)
    wait_for_jobs(app)
    text = " ".join(front_text(app, case, 2).split())
    assert ("accept the extra pages because the behaviour log is the only record of the incidents. "
            "A request for change (SEND7) was made on 3 Jan 2026.") in text
    assert "[" not in text.split("Practice Direction No. 1 of 2025")[1]
    issued = client.post(f"/cases/{case}/bundles/2/issue", data={"issued_on": ["6", "1", "2026"]})
    assert issued.status_code == 302


def test_a_send7_request_still_to_come_is_said_so(app, client, login, seed, upload):
    login(client, "tribunal_officer")
    case = seed.own_case_id
    upload(case, [("long log.pdf", pdf_bytes(101, "log"))])
    client.post(f"/cases/{case}/bundles/notes/la_evidence", data={"reason": "it is needed", "send7_made": "no"})
    wait_for_jobs(app)
    build(client, case)
    wait_for_jobs(app)
    assert "A request for change (SEND7) will be made." in " ".join(front_text(app, case, 1).split())
