"""Evidence on a case: storing uploads, converting them in the background, ordering them, and evidence requests.

Views parse the request and call these functions; they never touch files or tokens themselves.
"""
import logging
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import BinaryIO

import pikepdf
from flask import current_app
from sqlalchemy import func, select

from .. import dates, jobs
from ..engine import document_date
from ..engine.convert import detect_kind, has_page_without_fonts, ocr_available, ocr_pdf, screen, to_pdf
from ..engine.errors import InputError
from ..engine.limits import Limits
from ..engine.manifest import date_order, out_of_date_order
from ..engine.template import load_template
from ..extensions import db
from ..models import Case, User
from ..models.audit import utc_now
from ..models.evidence import Document, EvidenceRequest, Party, Review
from ..storage import store_from_config
from ..tokens import new_token, token_hash
from . import search, virus_scan
from .mail import EmailNotSent, email_configured, send_email

PREVIEW_WIDTH = 960  # pixels: the widest the page's column gets (GOV.UK's 960 px), so a preview fills it sharply
PREVIEW_TIMEOUT = 60
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Upload:
    filename: str
    stream: BinaryIO


@dataclass(frozen=True)
class DocumentDetails:
    section: str
    party: Party
    document_date: date | None = None  # None: each document's own date, read from it where it states one
    author: str = ""
    title: str = ""  # empty: made from each file's name
    ocr: bool = True  # False: the officer's "do not OCR"


def evidence_store():
    return store_from_config(current_app.config)


def section_choices() -> list[tuple[str, str]]:
    return [(section.key, f"{section.letter}. {section.title}") for section in load_template().sections]


def section_title(key: str) -> str:
    return dict(section_choices()).get(key, key)


def title_from_filename(filename: str) -> str:
    """The file's name as a title: underscores become spaces; hyphens and numbers stay ("Attendance 2025-26")."""
    stem = Path(filename).stem
    return re.sub(r"[_\s]+", " ", stem).strip(" -") or "Untitled document"


def add_documents(case: Case, uploads: list[Upload], details: DocumentDetails, *, user: User | None,
                  request: EvidenceRequest | None = None) -> list[Document]:
    """Store each file, add it as a document, and start its conversion. Files from a request await review."""
    store = evidence_store()
    added = []
    for upload in uploads:
        stored = store.put(upload.stream)
        document = Document(
            case_id=case.id, title=details.title or title_from_filename(upload.filename),
            author=details.author, document_date=details.document_date, section=details.section,
            party=details.party,
            original_filename=Path(upload.filename).name[:255] or "upload", original_sha256=stored.sha256,
            size=stored.size, duplicate_of_id=_first_with_content(case.id, stored.sha256),
            review=Review.pending if request is not None else Review.accepted,
            evidence_request=request, uploaded_by_id=user.id if user else None)
        if document.document_date is None:
            read_own_date(document, store.local_path(stored.sha256))
        db.session.add(document)
        db.session.flush()
        document.conversion_job_id = jobs.submit("convert", document.id, details.ocr, case_id=case.id)
        added.append(document)
    db.session.commit()
    return added


def read_own_date(document: Document, original: Path, pdf: Path | None = None) -> None:
    """Date an undated document (or one dated only by its file's details) from what it states: the first page of
    `pdf`, or of the original when it is a PDF, then the original's details. Left alone when nothing is found,
    and never over a date an officer entered."""
    if document.document_date is not None and document.date_source != document_date.FROM_DETAILS:
        return
    found = document_date.read_date(original, detect_kind(original), dates.today(), pdf)
    if found is not None:
        document.document_date, document.date_source = found.value, found.source


def set_date(document: Document, value: date | None) -> None:
    """An officer's date for a document; a date left as it was read keeps saying where it came from."""
    if value != document.document_date:
        document.document_date, document.date_source = value, ""


def describe(document: Document, details: dict) -> None:
    """Save the details given for one file of a batch (any of title, section, author, note and document_date);
    a date of None leaves the document's date as it is."""
    if details.get("section", document.section) != document.section:
        move_to_section(document, details["section"])
    for key in ("title", "author", "note"):
        if key in details:
            setattr(document, key, details[key] or "")
    if details.get("document_date") is not None:
        set_date(document, details["document_date"])


def _first_with_content(case_id: int, sha256: str) -> int | None:
    # A removed (rejected) document is not "already on this case": the new copy is no duplicate of it.
    return db.session.scalar(select(func.min(Document.id)).where(
        Document.case_id == case_id, Document.original_sha256 == sha256, Document.review != Review.rejected))


def screen_uploads(uploads: list[Upload]) -> tuple[list[Upload], list[InputError]]:
    """The files that can be used and, for each that cannot, an InputError naming it with the reason: scanned for
    viruses when clamd is configured, then judged by content at upload (type, password, damage, size within the
    limits), so a bad file in a batch never holds up the good ones."""
    usable, refused = [], []
    for upload in uploads:
        with tempfile.NamedTemporaryFile() as copy:
            shutil.copyfileobj(upload.stream, copy)
            copy.flush()
            upload.stream.seek(0)
            try:
                _scan_for_viruses(copy, upload.filename)
                screen(copy.name, upload.filename, intake_limits())
            except InputError as exc:
                refused.append(exc)
                continue
        usable.append(upload)
    return usable, refused


def intake_limits() -> Limits:
    config = current_app.config
    return Limits(docx_unpacked_mb=config["MAX_WORD_UNPACKED_MB"], document_pages=config["MAX_DOCUMENT_PAGES"],
                  image_megapixels=config["MAX_IMAGE_MEGAPIXELS"], memory_mb=config["INTAKE_MEMORY_MB"],
                  seconds=config["INTAKE_SECONDS"])


def _scan_for_viruses(copy: BinaryIO, filename: str) -> None:
    """An InputError for a file clamd finds a virus in, or cannot scan: neither is ever stored."""
    socket_path = current_app.config["CLAMD_SOCKET"]
    if not socket_path:
        return
    try:
        found = virus_scan.scan(copy, socket_path)
    except virus_scan.TooLargeToScan as exc:
        log.error("upload refused: too large for the virus scanner: %s", exc)
        raise InputError(filename, "it is larger than the virus scanner can check, so it has not been kept: send "
                                   "it in smaller parts, or ask the council to raise the scanner's limit") from None
    except virus_scan.ScannerUnavailable as exc:
        log.error("upload refused: virus scanner unavailable: %s", exc)
        raise InputError(filename, "it could not be checked for viruses just now, so it has not been kept: try "
                                   "again later, and if this keeps happening tell the council") from None
    if found:
        log.warning("upload refused: virus scanner found %s", found)
        raise InputError(filename, f"the virus scanner found {found} in it, so it has not been kept. Do not "
                                   "open the file again; ask your IT team to check the computer it came from")


@jobs.job("convert", queue=jobs.CONVERSIONS)
def convert_document(progress, document_id: int, ocr: bool) -> None:
    """The background job: original -> clean PDF in the store (page previews are made when first viewed). Pages
    without text are OCR'd unless `ocr` is False (the officer's "do not OCR"); the original is only ever read."""
    document = db.session.get(Document, document_id)
    store = evidence_store()
    progress(0, 1)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        original = store.local_path(document.original_sha256)
        try:
            # Tools such as LibreOffice go by the file's extension, and stored files have none.
            kind = screen(original, document.original_filename, intake_limits())
            named = work / f"original.{kind}"
            os.symlink(original, named)
            pdf_path = to_pdf(named, work)
            pdf_path, document.ocr_status = _text_layer(pdf_path, work, ocr)
        except InputError as exc:
            raise InputError(document.original_filename, exc.reason) from None
        db.session.refresh(document, ["document_date", "date_source"])  # an officer may have dated it meanwhile
        read_own_date(document, original, pdf_path)  # a Word file's or a scan's first page has text only now
        stored = store.put_file(pdf_path)
        with pikepdf.open(pdf_path) as pdf:
            page_count = len(pdf.pages)
        search.index_document(document, pdf_path)
    document.pdf_sha256, document.page_count = stored.sha256, page_count
    document.preview_pages = previewable_pages(page_count)
    db.session.commit()
    progress(1, 1)


def _text_layer(pdf_path: Path, work: Path, ocr: bool) -> tuple[Path, str]:
    """The PDF to keep and its OCR state: scanned pages are found by their lack of fonts and OCR'd."""
    if not has_page_without_fonts(pdf_path):
        return pdf_path, "not_needed"
    if not ocr:
        return pdf_path, "declined"
    if not ocr_available():
        return pdf_path, "unavailable"
    return ocr_pdf(pdf_path, work, current_app.config.get("OCR_JOBS") or None), "done"


def start_ocr(document: Document) -> None:
    """"OCR this document": convert it again from its original, with OCR of every page that has no text."""
    document.ocr_status = ""
    document.conversion_job_id = jobs.submit("convert", document.id, True, case_id=document.case_id)
    db.session.commit()


def preview_store():
    return store_from_config(current_app.config, "previews")


def preview_name(pdf_sha256: str, page: int) -> str:
    return f"{pdf_sha256}/{page}.png"


def previewable_pages(page_count: int) -> int:
    """The pages a preview can be shown for: all of them when pdftoppm is installed, none otherwise."""
    return page_count if shutil.which("pdftoppm") else 0


def preview_image(pdf_sha256: str, page: int) -> Path | None:
    """One page as a PNG PREVIEW_WIDTH pixels wide, made the first time it is asked for and kept in the previews
    store from then on; None when pdftoppm cannot make it."""
    store = preview_store()
    name = preview_name(pdf_sha256, page)
    if not store.has(name) and not _render_preview(pdf_sha256, page, name, store):
        return None
    return store.fetch(name)


def _render_preview(pdf_sha256: str, page: int, name: str, store) -> bool:
    if shutil.which("pdftoppm") is None:
        return False
    with tempfile.TemporaryDirectory() as work:
        pdf = evidence_store().local_path(pdf_sha256)
        command = ["pdftoppm", "-cropbox", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                   "-scale-to-x", str(PREVIEW_WIDTH), "-scale-to-y", "-1", str(pdf), f"{work}/page"]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=PREVIEW_TIMEOUT)
        except (OSError, subprocess.SubprocessError):
            log.warning("page preview could not be made: page %d of %s", page, pdf_sha256)
            return False
        store.keep(name, Path(work) / "page.png")  # atomic; False when another request kept it first
    return True


def preview_page(document: Document, page: int) -> Path | None:
    if not document.pdf_sha256 or not 1 <= page <= document.preview_pages:
        return None
    return preview_image(document.pdf_sha256, page)


# Documents in order -------------------------------------------------------------------------------------------

def case_documents(case: Case, review: Review = Review.accepted) -> list[Document]:
    """The case's documents in bundle order: by section as the template orders them, then by date, except
    documents the officer keeps at a position of their own ("keep here")."""
    documents = db.session.scalars(select(Document).where(
        Document.case_id == case.id, Document.review == review).order_by(Document.id)).all()
    keys = [key for key, _ in section_choices()]
    keys += sorted({d.section for d in documents} - set(keys))
    return [document for key in keys for document in section_order([d for d in documents if d.section == key])]


def section_order(documents: list[Document]) -> list[Document]:
    return date_order(documents, lambda d: d.document_date, lambda d: d.position if d.keep_position else None)


def out_of_order(documents: list[Document]) -> list[Document]:
    """The documents kept out of date order, among one section's documents in bundle order."""
    return out_of_date_order(documents, lambda d: d.document_date, lambda d: d.keep_position)


def keep_here(document: Document, position: int, reason: str) -> None:
    """Hold a document at `position` (1 = first) in its section instead of its date's place, for `reason`,
    which the bundle's index note prints."""
    document.keep_position, document.position, document.keep_reason = True, position - 1, reason


def in_date_order(document: Document) -> None:
    document.keep_position, document.keep_reason = False, ""


def move_to_section(document: Document, section: str) -> None:
    """Put a document in another section, in its date's place there."""
    document.section = section
    in_date_order(document)


def remove_from_case(document: Document) -> None:
    """Take a document out of the case and its future bundles (a wrong or unreadable file). Its file stays
    stored and the document stays on record, as a rejected one; bundles already built keep it."""
    document.review = Review.rejected


class NotUsable(Exception):
    """A document that failed to convert cannot join the case; the message says what to do instead."""


def review_document(document: Document, accept: bool) -> None:
    """An officer's decision on a file that came through a request. Rejected files stay stored, out of the case.
    A file that could not be converted cannot be added: it would be missing from every bundle."""
    if accept and document.status == "failed":
        raise NotUsable(f"'{document.original_filename}' could not be converted, so it cannot be added to the "
                        "case. Reject it and ask the sender for another copy.")
    document.review = Review.accepted if accept else Review.rejected


# Evidence requests --------------------------------------------------------------------------------------------

def create_request(case: Case, *, recipient_name: str, recipient_email: str, details: str, due_date: date,
                   section: str, user: User) -> tuple[EvidenceRequest, str]:
    """A new request and its link token (returned once; only its hash is stored)."""
    token, digest = new_token()
    request = EvidenceRequest(
        case_id=case.id, recipient_name=recipient_name, recipient_email=recipient_email, details=details,
        due_date=due_date, section=section, token_hash=digest,
        expires_at=_link_expiry(due_date), created_by_id=user.id)
    db.session.add(request)
    db.session.flush()
    return request, token


def _link_expiry(from_day: date) -> datetime:
    """The end of the grace period after `from_day`: late evidence is still welcome for a while."""
    return datetime.combine(from_day + timedelta(days=current_app.config["EVIDENCE_REQUEST_GRACE_DAYS"]), time.max)


def new_link(request: EvidenceRequest) -> str:
    """Replace a request's link (the old one stops working) and return the new token.

    A link made after the old one expired gets a fresh grace period, or it would be dead on arrival."""
    token, request.token_hash = new_token()
    request.expires_at = max(request.expires_at, _link_expiry(dates.today()))
    return token


def request_for_token(token: str) -> EvidenceRequest | None:
    """The open request a link is for; None for an unknown, closed or expired link."""
    request = db.session.scalar(select(EvidenceRequest).where(EvidenceRequest.token_hash == token_hash(token)))
    return request if request is not None and request.is_open(utc_now()) else None


def close_request(request: EvidenceRequest) -> None:
    request.closed_at = request.closed_at or utc_now()


def child_initials(case: Case) -> str:
    return "".join(f"{part[0].upper()}." for part in case.child_name.split() if part)


def send_request_email(request: EvidenceRequest, link: str) -> bool:
    """Email the link when SMTP is configured and there is an address; True when sent, EmailNotSent on failure."""
    config = current_app.config
    if not (email_configured() and request.recipient_email):
        return False
    try:
        send_email(
            request.recipient_email,
            f"Evidence requested by {config['AUTHORITY_NAME']} for a SEND Tribunal appeal",
            f"Dear {request.recipient_name},\n\n"
            f"{config['AUTHORITY_NAME']} asks you for evidence for a SEND Tribunal appeal about "
            f"{child_initials(request.case)}.\n\n{request.details}\n\n"
            f"Please upload it by {dates.page_date(request.due_date)} using this link (no account needed):\n{link}\n\n"
            "The link is private to you: do not forward it.\n")
    except EmailNotSent as exc:
        raise EmailNotSent(f"{exc} Copy the link and send it yourself, or ask IT to check the mail settings.") from None
    request.emailed_at = utc_now()
    return True
