"""Working on many documents at once: move, re-date or remove a selection, and download all of a case's evidence
as one .zip, streamed as it is made (no file is built on the server, however large the case).

The zip holds each accepted document's original file as uploaded, in a folder per bundle section, the redacted copy
beside any document that has one, and evidence.csv listing every file with its details and SHA-256.
"""
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date

from ..models import Case
from ..models.evidence import Document
from . import evidence, redaction

CHUNK = 1024 * 1024
MANIFEST_HEADINGS = ("Section", "Title", "Date", "Author", "Relied on by", "File", "SHA-256", "Redacted copy")
_UNSAFE = re.compile(r'[\x00-\x1f/\\:*?"<>|]+')


class BatchError(Exception):
    """The selection or the action cannot be used; the message says what to do."""


def selected(case: Case, ids: list[int]) -> list[Document]:
    """The case's accepted documents among `ids`, in bundle order; BatchError if none (or one is not there)."""
    documents = [d for d in evidence.case_documents(case) if d.id in set(ids)]
    if not ids:
        raise BatchError("Select at least one document")
    if len(documents) != len(set(ids)):
        raise BatchError("A selected document is no longer on the case. Reload the page and select again.")
    return documents


def move(documents: list[Document], section: str) -> list[Document]:
    """Move each document to the end of `section`, in their present order; returns those that moved."""
    moving = [d for d in documents if d.section != section]
    for document in moving:
        evidence.move_to_section(document, section)
    return moving


def redate(documents: list[Document], new_date: date) -> list[Document]:
    changed = [d for d in documents if d.document_date != new_date]
    for document in changed:
        evidence.set_date(document, new_date)
    return changed


def remove(documents: list[Document]) -> list[Document]:
    for document in documents:
        evidence.remove_from_case(document)
    return documents


# All of a case's evidence as a .zip ----------------------------------------------------------------------------

def safe_name(name: str) -> str:
    """A file or folder name any unzip tool accepts: no path separators or control characters."""
    return _UNSAFE.sub("_", name).strip(" .") or "file"


class _Chunks(io.RawIOBase):
    """Where the zip is written: the bytes wait here until the response takes them."""

    def __init__(self):
        self.chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def drain(self) -> Iterator[bytes]:
        chunks, self.chunks = self.chunks, []
        yield from chunks


def zip_plan(case: Case) -> list[tuple[str, str, Document, bool]]:
    """(name in the zip, SHA-256 of the stored file, document, whether it is the redacted copy), in bundle order."""
    plan, numbers = [], {}
    for document in evidence.case_documents(case):
        folder = safe_name(evidence.section_title(document.section))
        numbers[folder] = numbers.get(folder, 0) + 1
        stem = f"{folder}/{numbers[folder]:02d} "
        plan.append((stem + safe_name(document.original_filename), document.original_sha256, document, False))
        done = redaction.latest_done(document)
        if done is not None:
            plan.append((stem + safe_name(f"{document.title} (redacted).pdf"), done.pdf_sha256, document, True))
    return plan


def manifest_csv(plan) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(MANIFEST_HEADINGS)
    for name, sha256, document, redacted in plan:
        writer.writerow([evidence.section_title(document.section), document.title, _iso(document.document_date),
                         document.author, document.party.label, name, sha256, "yes" if redacted else ""])
    return out.getvalue()


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def stream_zip(case: Case) -> Iterator[bytes]:
    """The zip's bytes as they are made, a megabyte or so at a time; the plan is read before the first byte."""
    plan = zip_plan(case)
    manifest = manifest_csv(plan)
    store = evidence.evidence_store()
    paths = [(name, store.local_path(sha256)) for name, sha256, _, _ in plan]  # a missing file fails before sending

    def generate():
        sink = _Chunks()
        # Stored, not compressed: PDFs, images and Word files are compressed already.
        with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.writestr("evidence.csv", manifest)
            for name, path in paths:
                with archive.open(name, "w", force_zip64=True) as entry, open(path, "rb") as source:
                    while chunk := source.read(CHUNK):
                        entry.write(chunk)
                        yield from sink.drain()
        yield from sink.drain()
    return generate()
