"""Demo evidence for `bundler demo`: a few made-up documents in their sections, and one built bundle version."""
import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import select

from .. import dates, jobs
from ..extensions import db
from ..models import BundleVersion, Case, Document, Role, User
from ..models.evidence import Party
from ..services import bundles, evidence
from . import days_from_today

# (section, party, author, days from today, title, pages): all invented, for showing the service only; dated
# around the demo case's own dates (demo.CASE_DAYS).
DEMO_DOCUMENTS = (
    ("core", Party.local_authority, "SEND team", -119, "Decision letter", 1),
    ("ehcp", Party.local_authority, "SEND team", -130, "Final EHC plan", 6),
    ("appellant_evidence", Party.appellant, "Parent", -25, "Parent's views", 2),
    ("la_evidence", Party.local_authority, "Educational psychologist", -167, "Educational psychology advice", 4),
    ("la_evidence", Party.local_authority, "SENCo, Millbrook Primary School", -27, "School report and attendance", 3),
)


def demo_pdf(title: str, pages: int) -> bytes:
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=A4, invariant=True)
    for page in range(1, pages + 1):
        drawing.setFont("Helvetica-Bold", 16)
        drawing.drawString(72, 770, title)
        drawing.setFont("Helvetica", 11)
        drawing.drawString(72, 745, f"Demonstration document, invented for the bundler demo. Page {page} of {pages}.")
        drawing.showPage()
    drawing.save()
    return out.getvalue()


# How long the demo waits for a worker to convert each document and to build the bundle.
CONVERSION_WAIT_SECONDS = 300
BUILD_WAIT_SECONDS = 600


def seed_evidence(case: Case, users: dict[Role, User]) -> None:
    """Add the demo documents (once), convert them, and build version 1 of the bundle (once)."""
    if db.session.scalar(select(Document.id).where(Document.case_id == case.id).limit(1)) is None:
        for section, party, author, days, title, pages in DEMO_DOCUMENTS:
            details = evidence.DocumentDetails(section=section, party=party, document_date=days_from_today(days),
                                               author=author, title=title)
            upload = evidence.Upload(f"{title}.pdf", io.BytesIO(demo_pdf(title, pages)))
            for document in evidence.add_documents(case, [upload], details, user=users[Role.send_officer]):
                jobs.wait(document.conversion_job_id, timeout=CONVERSION_WAIT_SECONDS)
    if db.session.scalar(select(BundleVersion.id).where(BundleVersion.case_id == case.id).limit(1)) is None:
        version = bundles.start_build(case, users[Role.tribunal_officer], dates.today())
        jobs.wait(version.job_id, timeout=BUILD_WAIT_SECONDS)
