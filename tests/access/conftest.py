"""The world the access table is walked in: on each of the two seeded cases (North's and South's) one of every
nested object a route can name, with real files behind the documents and the bundle, so allowed requests succeed."""
import io
import itertools
import json
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import select

from bundler.drafting.parts import PART_KEYS
from bundler.extensions import db
from bundler.models import Case, Direction, Role, Team, User
from bundler.models.bundles import BundleVersion
from bundler.models.directions import CalendarToken, HolidayOverride
from bundler.models.evidence import Document, Party, Review
from bundler.models.jobs import Job, JobState
from bundler.models.mediation import Mediation
from bundler.models.outcomes import Challenge, ComplianceStep, Recommendation, StepSource
from bundler.models.redaction import Redaction
from bundler.models.statements import StatementOfCase, StatementVersion
from bundler.services import bundles, evidence
from bundler.services.statements import workflow


@dataclass(frozen=True)
class World:
    """Ids to fill the table's placeholders: `ids(side)` for "own" (North) or "other" (South)."""
    own: dict
    other: dict
    tokens: dict  # user id -> that user's calendar token id
    shared: dict  # placeholders that belong to no case

    def placeholders(self, side: str, user_id: int) -> dict:
        first, second = (self.own, self.other) if side == "own" else (self.other, self.own)
        values = dict(self.shared, **first, **{f"other_{key}": value for key, value in second.items()})
        values["token"] = self.tokens[user_id]
        values["other_token"] = next(token for owner, token in self.tokens.items() if owner != user_id)
        return values


# A 1x1 white PNG, standing in for a rendered preview page.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a4"
                    "0000000049454e44ae426082")


# What the engine records for a built bundle (BundleReport.to_dict) with no documents placed.
EMPTY_REPORT = {"page_count": 1, "front_matter_pages": 1, "sections": [], "warnings": []}


def one_page_pdf() -> bytes:
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=A4)
    drawing.drawString(72, 760, "Access test page")
    drawing.showPage()
    drawing.save()
    return out.getvalue()


def case_objects(case: Case, version_number: int, tmp_path) -> dict:
    officer = case.officer
    stored = evidence.evidence_store().put(io.BytesIO(one_page_pdf()))
    preview = tmp_path / "page.png"
    preview.write_bytes(PNG)
    evidence.preview_store().keep(evidence.preview_name(stored.sha256, 1), preview)
    document = Document(case_id=case.id, title="EP advice", document_date=date(2025, 6, 2), section="la_evidence",
                        party=Party.local_authority, original_filename="ep.pdf", original_sha256=stored.sha256,
                        size=stored.size, pdf_sha256=stored.sha256, page_count=1, preview_pages=1,
                        review=Review.accepted)
    request, _ = evidence.create_request(case, recipient_name="A school", recipient_email="", details="",
                                         due_date=date.today() + timedelta(days=14), section="la_evidence",
                                         user=officer)
    direction = Direction(case_id=case.id, title="Send the response", due_date=date(2026, 1, 5),
                          explanation="fixed by the tribunal")
    job = Job(kind="build_bundle", state=JobState.done, case_id=case.id)
    db.session.add_all([document, direction, job])
    db.session.flush()
    version = BundleVersion(case_id=case.id, number=version_number, job_id=job.id, bundle_date=date(2025, 10, 1),
                            file_name=f"case-{case.id}/bundle-v{version_number}.pdf",
                            page_count=1, report_json=json.dumps(EMPTY_REPORT))
    bundle_file = tmp_path / f"bundle-{case.id}.pdf"
    bundle_file.write_bytes(one_page_pdf())
    bundles.bundle_store().keep(version.file_name, bundle_file)
    statement = StatementOfCase(case=case, created_by_id=officer.id)
    statement.versions.append(StatementVersion(number=1, parts={key: "Text." for key in PART_KEYS},
                                               saved_by_id=officer.id))
    db.session.add(statement)
    db.session.flush()
    comment = workflow.add_comment(statement, "background", "Say when the EP visited.", officer)
    db.session.add(version)
    db.session.flush()
    redaction = Redaction(document_id=document.id, source_sha256=stored.sha256, pdf_sha256=stored.sha256)
    db.session.add(redaction)
    db.session.flush()
    return {"case": case.id, "document": document.id, "request": request.id, "direction": direction.id,
            "redaction": redaction.id, "job": job.id, "version": version.number, "comment": comment.id,
            **outcome_objects(case)}


def outcome_objects(case: Case) -> dict:
    """A mediation record (one a case), and an order step, a recommendation and a challenge after the decision."""
    if db.session.scalar(select(Mediation).where(Mediation.case_id == case.id)) is None:
        db.session.add(Mediation(case_id=case.id, told_on=date(2025, 12, 1), agreement_on=date(2026, 1, 15)))
    step = ComplianceStep(case_id=case.id, source=StepSource.order, act="Send the amended EHC plan",
                          started_on=date(2025, 11, 7), due_date=date(2025, 12, 12), explanation="reg 44")
    recommendation = Recommendation(case_id=case.id, body="health", text="Occupational therapy",
                                    sent_on=date(2025, 11, 7), due_date=date(2025, 12, 12), explanation="5 weeks")
    challenge = Challenge(case_id=case.id, kind="review", applicant="appellant", applied_on=date(2025, 12, 1))
    db.session.add_all([step, recommendation, challenge])
    db.session.flush()
    return {"step": step.id, "recommendation": recommendation.id, "challenge": challenge.id}


@pytest.fixture
def fresh_world(app, seed, tmp_path):
    """fresh_world() adds a new set of objects (so what an earlier request removed or locked is not reused)."""
    rounds = itertools.count()
    return lambda: make_world(app, seed, tmp_path, next(rounds))


def make_world(app, seed, tmp_path, round_number: int) -> World:
    with app.test_request_context():
        own = case_objects(db.session.get(Case, seed.own_case_id), 2 * round_number + 1, tmp_path)
        other = case_objects(db.session.get(Case, seed.other_case_id), 2 * round_number + 2, tmp_path)
        users = db.session.query(User).all()
        tokens = {user.id: CalendarToken.issue(user)[0] for user in users}
        holiday = HolidayOverride(day=date(2026, 5, 5) + timedelta(days=round_number), name="Local election day")
        db.session.add(holiday)
        db.session.flush()
        north = db.session.query(Team).filter_by(name="North").one()
        shared = {"holiday": holiday.id, "team": north.id, "user": seed.user_ids[Role.send_officer],
                  "timetable_key": "response"}
        world = World(own, other, {owner: token.id for owner, token in tokens.items()}, shared)
        db.session.commit()
    return world
