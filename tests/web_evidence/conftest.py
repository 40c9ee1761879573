"""Files made on the fly (real PDFs, a real .docx) and helpers to upload them and wait for background jobs."""
import io
import re
from types import SimpleNamespace

import pytest
from docx import Document as WordDocument
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import select

from bundler import jobs
from bundler.extensions import db
from bundler.models import AuditEvent, Job
from bundler.models.jobs import JobState


def pdf_bytes(pages: int, label: str) -> bytes:
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=A4)
    for number in range(1, pages + 1):
        drawing.drawString(72, 760, f"{label} page {number}")
        drawing.showPage()
    drawing.save()
    return out.getvalue()


def docx_bytes(text: str) -> bytes:
    document = WordDocument()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload_form(files, section="la_evidence", party="local_authority", when=(1, 10, 2025), **extra):
    day, month, year = when
    data = {"section": section, "party": party, "author": "Educational psychologist",
            "document_date": [str(day), str(month), str(year)],
            "files": [(io.BytesIO(content), name) for name, content in files]}
    data.update(extra)
    return data


def wait_for_jobs(app) -> list[Job]:
    """Wait until no job is queued or running; returns every job."""
    with app.app_context():
        for _ in range(100):
            unfinished = db.session.scalars(select(Job.id).where(
                Job.state.in_([JobState.queued, JobState.running]))).all()
            if not unfinished:
                break
            for job_id in unfinished:
                jobs.wait(job_id, timeout=120)
            db.session.expire_all()
        return db.session.scalars(select(Job)).all()


def audit_actions(app, case_id) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(AuditEvent.action).where(AuditEvent.case_id == case_id)
                                  .order_by(AuditEvent.id)).all()


def link_from(html: str) -> str:
    return re.search(r'value="(http[^"]+/evidence-requests/[^"]+)"', html).group(1)


@pytest.fixture
def upload(client):
    """upload(case_id, [(name, bytes)], **form fields) posts the staff upload form."""
    def post(case_id, files, **fields):
        return client.post(f"/cases/{case_id}/evidence/upload", data=upload_form(files, **fields),
                           content_type="multipart/form-data")
    return post


@pytest.fixture
def kit():
    """The helpers above, for tests (conftest modules cannot be imported under --import-mode=importlib)."""
    return SimpleNamespace(pdf=pdf_bytes, docx=docx_bytes, form=upload_form, wait=wait_for_jobs,
                           audit=audit_actions, link_from=link_from)
