"""Local fixtures: evidence rows on the North case and a built bundle version that places them."""
import json
from datetime import date

import pytest

from bundler.extensions import db
from bundler.models.bundles import BundleVersion, BundleVersionDocument
from bundler.models.evidence import Document, Party
from bundler.models.jobs import Job, JobState

EVIDENCE = (("EP advice", date(2025, 6, 2), "la_evidence"), ("SALT report", date(2025, 4, 9), "la_evidence"),
            ("Annual review", date(2025, 3, 14), "ehcp"))


@pytest.fixture
def documents(app, seed):
    """Three accepted documents on the North case; returns their ids by title."""
    with app.app_context():
        rows = [Document(case_id=seed.own_case_id, title=title, document_date=when, section=section,
                         party=Party.local_authority, original_filename=f"{title}.pdf", original_sha256="0" * 64,
                         size=1, pdf_sha256="1" * 64, page_count=3)
                for title, when, section in EVIDENCE]
        db.session.add_all(rows)
        db.session.commit()
        return {row.title: row.id for row in rows}


def add_bundle_version(case_id: int, number: int, pages: dict[int, tuple[int, int]], titles: dict[int, str]):
    """A built version placing document id -> (first, last) page; dates go in its report, as the engine writes."""
    job = Job(kind="build_bundle", state=JobState.done, case_id=case_id)
    db.session.add(job)
    db.session.flush()
    report = {"sections": [{"documents": [
        {"id": str(doc_id), "date": date(2025, 6, 2).isoformat() if titles[doc_id] == "EP advice" else "2025-01-01"}
        for doc_id in pages]}]}
    version = BundleVersion(case_id=case_id, number=number, job_id=job.id, bundle_date=date(2025, 10, 1),
                            file_name=f"case-{case_id}/bundle-v{number}.pdf", report_json=json.dumps(report))
    version.documents = [BundleVersionDocument(entry_id=str(doc_id), order=order, section="la_evidence",
                                               title=titles[doc_id], first_page=first, last_page=last)
                         for order, (doc_id, (first, last)) in enumerate(pages.items())]
    db.session.add(version)
    db.session.commit()
    return version


def make_ready(statement, writer, signatory=None):
    """Finish a draft as a writer would before review: every template instruction replaced, and an authorised
    signatory (the writer, put on the list with a job title, unless another is given) chosen."""
    from bundler.drafting.parts import PLACEHOLDER
    from bundler.services.statements import workflow as service

    signatory = signatory or writer
    signatory.authorised_signatory, signatory.job_title = True, signatory.job_title or "Senior SEND Officer"
    service.set_signatory(statement, signatory, writer)
    for key, text in dict(statement.latest.parts).items():
        if PLACEHOLDER.search(text or ""):
            service.save_part(statement, key, PLACEHOLDER.sub("as the evidence shows", text), writer)
    db.session.flush()


@pytest.fixture
def ready(app, seed):
    """ready() finishes the North case's current statement for approval (see make_ready)."""
    def finish():
        from bundler.models import Case, Role, User
        from bundler.services.statements import workflow as service

        with app.app_context():
            statement = service.current_statement(db.session.get(Case, seed.own_case_id))
            make_ready(statement, db.session.get(User, seed.user_ids[Role.tribunal_officer]))
            db.session.commit()
    return finish
