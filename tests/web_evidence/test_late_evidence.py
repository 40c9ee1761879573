"""Late evidence after a version was issued: a supplementary part at the end, numbered on from the issued bundle's
last page so its references stay right; or a full re-issue that lists every document whose pages moved. The PDF is
read back: the stamps at the foot of each page, the supplementary index, the bookmarks."""
import pikepdf
from pypdf import PdfReader
from sqlalchemy import select

from bundler.engine.check import check_bundle
from bundler.extensions import db
from bundler.models import BundleVersion
from bundler.services import bundles

from ..helpers import pdf_bytes, wait_for_jobs


def bundle_file(app, case_id, number):
    with app.app_context():
        version = db.session.scalar(select(BundleVersion).filter_by(case_id=case_id, number=number))
        return bundles.bundle_path(version)


def footer_numbers(path) -> list[str]:
    """The number printed in each page's footer band (the bottom 40 points)."""
    numbers = []
    for page in PdfReader(path).pages:
        found = []
        page.extract_text(visitor_text=lambda text, cm, tm, *_, found=found: found.append(text.strip())
                          if text.strip().isdigit() and tm[5] < 40 else None)
        numbers.append(found[0] if found else "")
    return numbers


def build(client, case_id, **fields):
    return client.post(f"/cases/{case_id}/bundles/build", data={"bundle_date": ["5", "1", "2026"], **fields})


def test_late_evidence_goes_in_a_supplement_numbered_on_or_the_bundle_is_reissued(app, client, login, seed, upload,
                                                                                  ):
    login(client, "tribunal_officer")
    case = seed.own_case_id
    upload(case, [("EP report.pdf", pdf_bytes(2, "EP report"))], when=(1, 10, 2025))
    upload(case, [("School report.pdf", pdf_bytes(2, "School report"))], when=(2, 10, 2025))
    wait_for_jobs(app)
    build(client, case)
    wait_for_jobs(app)
    assert client.post(f"/cases/{case}/bundles/1/issue", data={"issued_on": ["6", "1", "2026"]}).status_code == 302
    issued = bundle_file(app, case, 1)
    issued_pages = len(PdfReader(issued).pages)
    issued_text = [page.extract_text() for page in PdfReader(issued).pages]

    upload(case, [("Speech therapy report.pdf", pdf_bytes(3, "SALT report"))], when=(1, 9, 2025))  # dated earlier
    wait_for_jobs(app)
    unchosen = build(client, case)
    assert unchosen.status_code == 409
    assert "Version 1 was issued to the tribunal on 6 Jan 2026" in unchosen.get_data(as_text=True)
    assert "How should documents added since then go in?" in client.get(f"/cases/{case}/bundles").get_data(
        as_text=True)
    assert build(client, case, late_choice="supplement").status_code == 409  # no direction date
    build(client, case, late_choice="supplement", direction_date=["12", "1", "2026"])
    wait_for_jobs(app)

    path = bundle_file(app, case, 2)
    reader = PdfReader(path)
    assert len(reader.pages) == issued_pages + 1 + 3
    # The issued pages, as they were.
    assert [page.extract_text() for page in reader.pages[:issued_pages]] == issued_text
    assert footer_numbers(path) == [str(n) for n in range(1, issued_pages + 5)]
    index = " ".join(reader.pages[issued_pages].extract_text().split())
    assert "Late evidence admitted by direction of 12 Jan 2026" in index
    assert f"L1 1 Sep 2025 {issued_pages + 2}\u2013{issued_pages + 4} Speech therapy report" in index
    assert "SALT report page 1" in reader.pages[issued_pages + 1].extract_text()
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
    assert titles[-1] == f"Late evidence admitted by direction of 12 Jan 2026 (p. {issued_pages + 1})"
    assert [(r.rule, r.detail) for r in check_bundle(path) if not r.passed] == []
    page = client.get(f"/cases/{case}/bundles/2").get_data(as_text=True)
    assert "Late evidence added as a supplementary part at the end" in page
    assert f"Pages 1 to {issued_pages} are version 1 as issued, unchanged" in page
    assert "Moved:" not in page and "Added: Speech therapy report" in page

    build(client, case, late_choice="reissue")
    wait_for_jobs(app)
    page = client.get(f"/cases/{case}/bundles/3").get_data(as_text=True)
    assert "Re-issued in full" in page and "Changes from version 1" in page
    assert "Moved: EP report now starts on page" in page and "Moved: School report now starts on page" in page
