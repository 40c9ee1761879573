"""A document's own date, as the document states it: a full date near the top of its first page (a "Date:" label
first, such as a letter's or a report's date), else the file's own details (a PDF's /CreationDate or XMP
CreateDate, a Word or OpenDocument file's "created" property). Dates of birth and dates after today are never
taken; a month alone ("March 2025") is not a date. None when nothing is found: the officer is asked."""
import re
import subprocess
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pikepdf

# Where the date came from, as the evidence page says it, so the officer can check it.
FROM_TEXT = "document"
FROM_DETAILS = "details"
SOURCES = {FROM_TEXT: "read from the document", FROM_DETAILS: "from the file's details"}

TOP_LINES = 20  # a letter's date sits above or just below the address block
FIRST_YEAR = 1900
TIMEOUT = 60

_MONTHS = {name: number for number, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")), start=1) for name in names}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_FORMS = [
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?(?P<month>{_MONTH})\.?,?\s+{_YEAR}\b", re.IGNORECASE),  # 3rd March 2025
    re.compile(rf"\b(?P<month>{_MONTH})\.?\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),  # March 3, 2025
    re.compile(rf"\b{_DAY}\s*[/.-]\s*(?P<month>\d{{1,2}})\s*[/.-]\s*{_YEAR}\b"),  # 03/03/2025, day first
    re.compile(rf"\b{_YEAR}-(?P<month>\d{{2}})-(?P<day>\d{{2}})\b"),  # 2025-03-03
]
_BIRTH = re.compile(r"\b(?:d\.?\s?o\.?\s?b|date\s+of\s+birth|birth\s*date|born)(?![a-z])", re.IGNORECASE)
_DATE_LABEL = re.compile(r"\b(date[d]?|date\s+of\s+(?:the\s+)?(?:letter|report|assessment|meeting|review)"
                         r"|(?:letter|report)\s+date)\s*[:\-]?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    value: date
    source: str  # FROM_TEXT or FROM_DETAILS


@dataclass(frozen=True)
class _Candidate:
    value: date
    line: int
    labelled: bool


def date_in_text(text: str, today: date) -> date | None:
    """The document's date in a page's text: the first labelled date ("Date: 3 March 2025", "Dated ..."), else
    the first date in its top lines; never a date of birth, a future date or one before 1900."""
    lines = [line.strip() for line in text.splitlines()]
    candidates = [c for c in _candidates(lines) if FIRST_YEAR <= c.value.year and c.value <= today]
    labelled = [c for c in candidates if c.labelled]
    near_top = [c for c in candidates if c.line < TOP_LINES]
    chosen = (labelled or near_top or [None])[0]
    return chosen.value if chosen else None


def _candidates(lines: list[str]):
    previous = ""
    for number, line in enumerate(lines):
        if not line:
            continue
        matches = sorted((m for form in _FORMS for m in form.finditer(line)), key=lambda m: m.start())
        end = 0
        for match in matches:
            if match.start() < end:
                continue  # the same date seen by two forms
            before = line[end:match.start()].strip()
            context = before or previous  # a table cell's label is often the line above
            end = match.end()
            value = _as_date(match)
            if value is None or _BIRTH.search(context[-40:]):
                continue
            yield _Candidate(value, number, bool(_DATE_LABEL.search(context)))
        previous = line


def _as_date(match: re.Match) -> date | None:
    month = match.group("month")
    month = int(month) if month.isdigit() else _MONTHS[month.lower()]
    try:
        return date(int(match.group("year")), month, int(match.group("day")))
    except ValueError:
        return None


def first_page_text(pdf: Path) -> str:
    """The first page's text, line by line (poppler's pdftotext); '' when there is none or it cannot be read."""
    try:
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", "1", "-l", "1", str(pdf), "-"],
                              capture_output=True, timeout=TIMEOUT, check=True)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.decode("utf-8", "replace")


def date_in_details(path: Path, kind: str, today: date) -> date | None:
    """The creation date the file records about itself (PDF, Word .docx, OpenDocument), if not in the future."""
    readers = {"pdf": _pdf_created, "docx": _docx_created, "odt": _odt_created}
    try:
        found = readers[kind](path) if kind in readers else None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, ElementTree.ParseError, pikepdf.PdfError):
        return None
    return found if found is not None and FIRST_YEAR <= found.year and found <= today else None


def read_date(original: Path, kind: str, today: date, pdf: Path | None = None) -> FoundDate | None:
    """The document's date: from the first page of `pdf` (or of the original, when it is a PDF), else from the
    original file's details."""
    text_from = pdf or (original if kind == "pdf" else None)
    found = date_in_text(first_page_text(text_from), today) if text_from else None
    if found is not None:
        return FoundDate(found, FROM_TEXT)
    found = date_in_details(original, kind, today)
    return FoundDate(found, FROM_DETAILS) if found is not None else None


def _iso_day(text: str) -> date | None:
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", text or "")
    return date(*(int(part) for part in match.groups())) if match else None


def _pdf_created(path: Path) -> date | None:
    with pikepdf.open(path) as pdf:
        match = re.match(r"(?:D:)?(\d{4})(\d{2})(\d{2})", str(pdf.docinfo.get("/CreationDate", "")))
        if match:
            return date(*(int(part) for part in match.groups()))
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            return _iso_day(str(xmp.get("xmp:CreateDate", "")))


def _zip_xml(path: Path, member: str) -> ElementTree.Element:
    with zipfile.ZipFile(path) as archive:
        return ElementTree.fromstring(archive.read(member))


def _docx_created(path: Path) -> date | None:
    created = _zip_xml(path, "docProps/core.xml").find("{http://purl.org/dc/terms/}created")
    return _iso_day(created.text) if created is not None else None


def _odt_created(path: Path) -> date | None:
    created = _zip_xml(path, "meta.xml").find(".//{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}creation-date")
    return _iso_day(created.text) if created is not None else None
