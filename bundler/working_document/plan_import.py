"""Import the authority's EHC plan from its .docx: sections by their headings, paragraphs and table rows as items,
Section F tables as provision rows where the columns allow."""
from __future__ import annotations

import re
from pathlib import Path

from docx.oxml.ns import qn

from ..packages import UnreadableDocx, open_docx
from .ooxml import through_content_controls
from .plan import SECTION_TITLES, EhcPlan, PlanItem, PlanSection, Provision

_SECTION = re.compile(r"^\s*Section\s+(H1|H2|[A-K])\b[\s:.\-\u2013]*(.*)$", re.IGNORECASE)
_COLUMN_WORDS = {"what": ("provision", "what"), "who": ("who", "staff", "delivered"),
                 "how_often": ("often", "frequency"),
                 "how_long": ("long", "duration"), "group_size": ("group",), "where": ("where", "location"),
                 "devised_by": ("devised",), "monitored_by": ("monitor", "review"), "meets_needs": ("need",),
                 "outcomes": ("outcome",), "cost_per_year": ("cost",)}


class PlanImportError(ValueError):
    """The plan could not be read; the message names the part that failed."""


def import_plan(path: Path) -> EhcPlan:
    path = Path(path)
    try:
        document = open_docx(path)
    except UnreadableDocx as exc:
        raise PlanImportError(f"{path.name}: not a Word .docx that can be opened ({exc})") from None
    sections: list[PlanSection] = []
    current: dict | None = None
    for child in through_content_controls(document.element.body):
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t"))).strip()
            match = _SECTION.match(text)
            if match:
                current = _start(sections, current, match, path)
            elif text and current is not None:
                current["paragraphs"].append(text)
        elif child.tag == qn("w:tbl") and current is not None:
            _table(child, current, path)
    _finish(sections, current)
    if not sections:
        raise PlanImportError(f"{path.name}: no section headings found (each section should start with a heading "
                              "such as \"Section B: Special educational needs\")")
    return EhcPlan(tuple(sections), source_document=path.name)


def _start(sections, current, match, path):
    _finish(sections, current)
    code = match.group(1).upper()
    if any(section.code == code for section in sections):
        raise PlanImportError(f"{path.name}: Section {code} appears twice; check the plan's headings")
    return {"code": code, "title": match.group(2).strip() or SECTION_TITLES[code], "paragraphs": [],
            "items": [], "columns": ()}


def _table(tbl, current, path) -> None:
    rows = [[" ".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))).strip()
             for tc in through_content_controls(tr, qn("w:tc"))] for tr in through_content_controls(tbl, qn("w:tr"))]
    if not rows:
        return
    columns = _provision_columns(rows[0]) if current["code"] == "F" else None
    code = current["code"]
    for number, row in enumerate(rows[1:] if columns else rows, 1):
        key = f"{code}-{len(current['items']) + len(current['paragraphs']) + 1:02d}"
        if columns:
            if len(row) != len(columns):
                raise PlanImportError(f"{path.name}: Section F table row {number} has {len(row)} cells, "
                                      f"the header has {len(columns)}")
            provision = Provision(**dict(zip(columns, row, strict=True)))
            current["items"].append(PlanItem(key, str(number), provision=provision))
            current["columns"] = tuple(columns)
        elif any(row):
            current["paragraphs"].append(" | ".join(cell for cell in row if cell))


def _provision_columns(header: list[str]) -> list[str] | None:
    """The provision field each header cell names, or None when a column names none (or "what" is missing)."""
    fields = []
    for cell in header:
        lowered = cell.lower()
        found = next((name for name, words in _COLUMN_WORDS.items() if any(w in lowered for w in words)), None)
        if found is None or found in fields:
            return None
        fields.append(found)
    return fields if "what" in fields else None


def _finish(sections, current) -> None:
    if current is None:
        return
    items = list(current["items"])
    for text in current["paragraphs"]:
        items.append(PlanItem(f"{current['code']}-{len(items) + 1:02d}", str(len(items) + 1), text))
    sections.append(PlanSection(current["code"], current["title"], tuple(items), current["columns"]))
