"""Redacting a document: finding terms for the officer to confirm, areas drawn on a preview, the background job
that makes the redacted copy, and which PDF the bundle uses.

Redactions add up: each applies to the document's latest redacted copy. The original upload and the converted PDF
are never changed; the store keeps every copy under its own hash.
"""
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update

from .. import jobs
from ..engine.redact import Box, Match, RedactionError, clean_terms, find_terms, redact
from ..extensions import db
from ..models import User
from ..models.evidence import Document
from ..models.redaction import Redaction
from .evidence import evidence_store, preview_image, previewable_pages


def redactions(document: Document) -> list[Redaction]:
    """Every redaction of the document, newest first."""
    return db.session.scalars(select(Redaction).where(Redaction.document_id == document.id)
                              .order_by(Redaction.id.desc())).all()


def latest_done(document: Document) -> Redaction | None:
    return next((r for r in redactions(document) if r.state == "done"), None)


def running(document: Document) -> Redaction | None:
    return next((r for r in redactions(document) if r.state == "redacting"), None)


def bundle_pdf(document: Document) -> str | None:
    """The hash of the PDF a bundle uses for the document: its latest redacted copy, else its own PDF."""
    done = latest_done(document)
    return done.pdf_sha256 if done is not None else document.pdf_sha256


def parse_terms(text: str) -> list[str]:
    """Terms as the officer typed them: one per line (commas also separate)."""
    return clean_terms(text.replace(",", "\n").splitlines())


def parse_areas(text: str, page_count: int) -> list[Box]:
    """Areas drawn on the previews, as the page's script sends them: JSON [[page, x0, y0, x1, y1], ...]."""
    if not text.strip():
        return []
    try:
        rows = json.loads(text)
        boxes = [Box(int(page), *(float(v) for v in values)) for page, *values in rows]
    except (ValueError, TypeError):
        raise RedactionError("The drawn areas could not be read. Reload the page and draw them again.") from None
    if any(box.page > page_count for box in boxes):
        raise RedactionError(f"The document has {page_count} page(s): draw the areas on its pages.")
    return boxes


def matches(document: Document, terms: list[str]) -> list[Match]:
    """Where each term occurs in the PDF the next redaction applies to (the bundle's copy)."""
    return find_terms(evidence_store().local_path(bundle_pdf(document)), terms) if terms else []


@dataclass(frozen=True)
class Chosen:
    boxes: list[Box]
    everywhere: list[str]  # terms with every occurrence chosen: the job proves none is left
    match_count: int


def choose(found: list[Match], chosen: set[int], areas: list[Box]) -> Chosen:
    """The boxes for the matches the officer kept (by their position in `found`) and the areas drawn."""
    kept = [m for index, m in enumerate(found) if index in chosen]
    everywhere = sorted({m.term for m in found} - {m.term for m in found if m not in kept})
    return Chosen([box for m in kept for box in m.boxes] + areas, everywhere, len(kept))


def start(document: Document, chosen: Chosen, areas: list[Box], user: User) -> Redaction:
    """Record the redaction and queue the job that makes the copy; the request never rasterises."""
    if not chosen.boxes:
        raise RedactionError("Choose at least one match or draw at least one area to redact.")
    # A write to the document's row first: it holds the row (PostgreSQL) or the database (SQLite) until this
    # commits, so a colleague's redaction started at the same moment waits, then finds this one running. Two
    # redactions of the same copy at once would each leave out what the other removed.
    db.session.execute(update(Document).where(Document.id == document.id).values(title=Document.title)
                       .execution_options(synchronize_session=False))
    if running(document) is not None:
        raise RedactionError("A redaction of this document is already being made. Wait for it to finish.")
    redaction = Redaction(
        document_id=document.id, source_sha256=bundle_pdf(document), created_by_id=user.id,
        boxes_json=json.dumps([[b.page, b.x0, b.y0, b.x1, b.y1] for b in chosen.boxes]),
        terms_json=json.dumps(chosen.everywhere), match_count=chosen.match_count, area_count=len(areas))
    db.session.add(redaction)
    db.session.flush()
    redaction.job = jobs.prepare("redact", redaction.id, case_id=document.case_id)
    db.session.commit()
    jobs.send(redaction.job)
    return redaction


def summary(redaction: Redaction) -> str:
    """What was redacted, without the words themselves: fit for the audit log."""
    return (f"{redaction.match_count} match(es) of {len(redaction.terms)} term(s) redacted everywhere, "
            f"{redaction.area_count} area(s), on page(s) {', '.join(map(str, redaction.pages))}")


@jobs.job("redact", queue=jobs.CONVERSIONS)
def run_redaction(progress, redaction_id: int) -> None:
    """The background job: rasterise the redacted pages with the boxes burnt in, OCR them, keep the copy."""
    redaction = db.session.get(Redaction, redaction_id)
    store = evidence_store()
    boxes = [Box(int(page), *values) for page, *values in redaction.boxes]
    with tempfile.TemporaryDirectory() as work:
        output = Path(work) / "redacted.pdf"
        redact(store.local_path(redaction.source_sha256), boxes, output, Path(work), terms=redaction.terms,
               progress=progress)
        stored = store.put_file(output)
    redaction.pdf_sha256 = stored.sha256
    redaction.preview_pages = previewable_pages(redaction.document.page_count)
    db.session.commit()


def preview_page(document: Document, page: int) -> Path | None:
    """A page preview of the bundle's copy of the document (redacted or not), to draw areas on."""
    if not 1 <= page <= preview_pages(document):
        return None
    return preview_image(bundle_pdf(document), page)


def preview_pages(document: Document) -> int:
    done = latest_done(document)
    return done.preview_pages if done is not None else document.preview_pages
