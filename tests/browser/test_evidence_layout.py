"""The evidence page in a 390 px phone window does not widen the page; a photo's preview fits a 1280 px window.
axe-core on both."""
import io
from datetime import date

from PIL import Image


def seeded_case(live_server):
    from bundler import jobs
    from bundler.extensions import db
    from bundler.models import Case, Team
    from bundler.models.evidence import Party
    from bundler.services import evidence

    with live_server.app.app_context():
        case = Case(reference="EH123/25/04390", child_name="Robin Narrow", child_dob=date(2015, 1, 1),
                    appellant_name="A Parent", appeal_type="contents", hearing_date=date(2026, 6, 1),
                    team=db.session.scalar(db.select(Team).filter_by(name="E2E")))
        db.session.add(case)
        db.session.commit()
        photo = io.BytesIO()
        Image.new("RGB", (3000, 4000), "white").save(photo, "JPEG", dpi=(300, 300))
        details = evidence.DocumentDetails(section="la_evidence", party=Party.local_authority,
                                           document_date=date(2025, 1, 1), author="Class teacher", ocr=False)
        upload = evidence.Upload("Phone photo of the exclusion letter from school.jpg", io.BytesIO(photo.getvalue()))
        document = evidence.add_documents(case, [upload], details, user=None)[0]
        jobs.wait(document.conversion_job_id, timeout=120)
        return case.id, document.id


def test_the_evidence_table_fits_a_phone_and_a_photo_preview_fits_the_page(browser, live_server, sign_in,
                                                                           serious_violations):
    case_id, document_id = seeded_case(live_server)
    for width, path in ((390, f"/cases/{case_id}/evidence"), (1280, f"/cases/{case_id}/evidence/{document_id}")):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 800})
        page = context.new_page()
        sign_in(page, "send_officer")
        page.goto(path)
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # once 803 px at 390
        for image in page.locator("img").all():
            box = image.bounding_box()
            assert box is None or box["x"] + box["width"] <= width
        assert serious_violations(page) == []
        context.close()
