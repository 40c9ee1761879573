"""Read a plan from .docx (sections from headings that start "Section X") or .txt (a "Section X" line opens one).

Every failure raises PlanReadError naming the file and what to do, never a traceback.
"""
from __future__ import annotations

import re
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .plan import Plan, ProvisionRow, Section

SECTION_HEADING = re.compile(r"^\s*section\s+(H1|H2|[A-K])\b(.*)$", re.IGNORECASE)
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # encrypted .docx and old .doc files are OLE containers
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
SHORT_HEADING = 80   # a plain paragraph this short that starts "Section X" is taken as a heading

# Section F table headers -> ProvisionRow fields: the first field with a word in the header wins, so "Who
# monitors" is monitored_by and "Who (qualification)" is who.
COLUMNS = [("monitored_by", ("monitor", "review")), ("devised_by", ("devise", "planned")),
           ("frequency", ("often", "frequency")), ("duration", ("long", "duration", "time")),
           ("group_size", ("group", "ratio")), ("where", ("where",)), ("needs", ("need",)),
           ("outcomes", ("outcome",)), ("cost_per_year", ("cost",)), ("who", ("who", "by whom", "delivered")),
           ("qualification", ("qualification", "training", "expertise")), ("what", ("provision", "what", "support"))]


class PlanReadError(Exception):
    """The plan file cannot be read; the message says which file and why."""


def read_plan(path: Path) -> Plan:
    path = Path(path)
    if not path.is_file():
        raise PlanReadError(f"{path}: no such file")
    data = path.read_bytes()
    if not data.strip():
        raise PlanReadError(f"{path}: the file is empty")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from docx.oxml.exceptions import InvalidXmlError  # python-docx is only needed for .docx plans
        try:
            plan = _read_docx(path, data)
        except InvalidXmlError as exc:  # a part python-docx reads only when asked, such as a paragraph's style
            raise _damaged(path, exc) from None
    elif suffix == ".txt":
        plan = _read_text(path, data)
    else:
        raise PlanReadError(f"{path}: not a .docx or .txt file; save the plan as Word (.docx) or plain text (.txt)")
    if not plan.sections:
        raise PlanReadError(f"{path}: no section headings found; each section must start with a heading such as "
                            "\"Section F: Special educational provision\"")
    return plan


def _add(sections: dict[str, Section], code: str, heading: str) -> Section:
    return sections.setdefault(code, Section(code, heading))


def _heading_code(text: str) -> str | None:
    match = SECTION_HEADING.match(text)
    return match.group(1).upper() if match else None


def _read_text(path: Path, data: bytes) -> Plan:
    if b"\x00" in data:
        raise PlanReadError(f"{path}: not a text file (it contains binary data); save the plan as plain text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")   # Word's "Plain Text" on Windows
    sections: dict[str, Section] = {}
    preamble: list[str] = []
    current: Section | None = None
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        code = _heading_code(line)
        if code:
            current = _add(sections, code, line)
        elif current is None:
            preamble.append(line)
        else:
            current.items.append(line)
    return Plan(list(sections.values()), preamble)


def _open_docx(path: Path, data: bytes):
    from ..packages import UnreadableDocx, open_docx  # python-docx and lxml are only needed for .docx plans

    if data.startswith(OLE_SIGNATURE):
        if ENCRYPTED_STREAM in data:
            raise PlanReadError(f"{path}: the document is password-protected; save an unprotected copy and try again")
        raise PlanReadError(f"{path}: this is an old Word .doc file, not .docx; open it in Word and save as .docx")
    if not zipfile.is_zipfile(path):
        raise PlanReadError(f"{path}: not a Word .docx file (it is not a .docx package); it may be damaged")
    try:
        return open_docx(path)
    except UnreadableDocx as exc:
        raise _damaged(path, exc) from None


def _damaged(path: Path, exc: Exception) -> PlanReadError:
    return PlanReadError(f"{path}: the Word document is damaged or incomplete ({exc}); open it in Word and save it "
                         "again")


def _is_heading(paragraph, text: str) -> bool:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    return style.lower().startswith(("heading", "title")) or len(text) <= SHORT_HEADING


def _read_docx(path: Path, data: bytes) -> Plan:
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    document = _open_docx(path, data)
    sections: dict[str, Section] = {}
    preamble: list[str] = []
    current: Section | None = None
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text.strip()
            if not text:
                continue
            code = _heading_code(text)
            if code and _is_heading(block, text):
                current = _add(sections, code, text)
            elif current is None:
                preamble.append(text)
            else:
                current.items.append(text)
        elif isinstance(block, Table):
            rows = _table_items(block, provision=current is not None and current.code == "F")
            if current is None:
                preamble.extend(item for item in rows if isinstance(item, str))
            else:
                current.items.extend(rows)
    if not sections and not preamble:
        raise PlanReadError(f"{path}: the Word document has no text")
    return Plan(list(sections.values()), preamble)


def _cells(row) -> list[str]:
    """One text per grid column. A merged cell repeats as the same element: its text goes in its first column and
    the columns it spans are empty. Told apart by element, not by text, so two empty or equal cells side by side
    stay in their own columns."""
    texts: list[str] = []
    previous = None
    for cell in row.cells:
        texts.append(cell.text.strip() if cell._tc is not previous else "")
        previous = cell._tc
    return texts


def _table_items(table, provision: bool) -> list[str | ProvisionRow]:
    rows = [_cells(row) for row in table.rows]
    fields = _columns(rows[0]) if provision and rows else None
    if fields:
        return [_provision_row(fields, cells) for cells in rows[1:] if any(cells)]
    return ["; ".join(cell for cell in cells if cell) for cells in rows if any(cells)]


def _columns(header: list[str]) -> list[str | None] | None:
    """The ProvisionRow field of each column, or None when the header is not a provision table."""
    fields = []
    for cell in header:
        name = cell.lower()
        fields.append(next((field for field, words in COLUMNS if any(word in name for word in words)), None))
    return fields if "what" in fields and len({f for f in fields if f}) >= 2 else None


def _provision_row(fields: list[str | None], cells: list[str]) -> ProvisionRow:
    values: dict = {}
    for field, cell in zip(fields, cells, strict=False):  # a short row leaves the rest empty
        if field and cell:
            values[field] = values.get(field, "") + (" " if field in values else "") + cell
    for field in ("needs", "outcomes"):
        values[field] = item_keys(values.get(field, ""))
    values["cost_per_year"] = parse_money(values.get("cost_per_year", ""))
    return ProvisionRow(what=values.pop("what", ""), **values)


def item_keys(text: str) -> tuple[str, ...]:
    """The item keys a cell names ("B-CI-01, E-02")."""
    return tuple(re.findall(r"[A-Z]{1,2}\d*(?:-[A-Z0-9]+)+", text or ""))


def parse_money(text: str | None) -> Decimal | None:
    digits = re.sub(r"[£,\s]", "", text or "")
    try:
        return Decimal(digits) if digits else None
    except InvalidOperation:
        return None
