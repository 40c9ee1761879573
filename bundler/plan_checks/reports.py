"""The one-page alignment report (.docx) and the costed provision map (.xlsx and .docx).

Files are written through a temporary file and renamed, so a failed write leaves nothing half-made.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ..files import save_atomically
from .alignment import Alignment, area_title
from .plan import ProvisionRow

MAP_COLUMNS = ("Need", "Outcome", "Provision", "Who", "How often", "How long", "Group size", "Cost per year (£)")
MAX_LISTED = 8   # items per list on the one-page report; the rest are counted


def _short(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def write_alignment_report(alignment: Alignment, output: Path, *, title: str) -> Path:
    """One A4 page: counts, then each gap as a short list (the first few items, then how many more)."""
    from docx import Document
    from docx.shared import Mm, Pt
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    for margin in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, margin, Mm(15))
    document.styles["Normal"].font.size = Pt(9)
    document.add_heading(f"B and F alignment: {title}", level=1)
    document.add_paragraph(f"{len(alignment.needs)} needs in Section B, {len(alignment.outcomes)} outcomes in "
                           f"Section E, {len(alignment.provision)} provision items in Section F.")
    gaps = [("Areas of need in B that F does not address", [area_title(a) for a in alignment.areas_without_provision]),
            ("Needs with no provision", [f"{n.key}: {_short(n.text)}" for n in alignment.needs_without_provision]),
            ("Provision with no need", [f"{p.key}: {_short(p.what)}" for p in alignment.provision_without_need]),
            ("Outcomes no provision serves", [f"{o.key}: {_short(o.text)}"
                                              for o in alignment.outcomes_without_provision])]
    for heading, lines in gaps:
        document.add_heading(f"{heading} ({len(lines)})", level=2)
        for line in lines[:MAX_LISTED]:
            document.add_paragraph(line, style="List Bullet")
        if not lines:
            document.add_paragraph("None.")
        elif len(lines) > MAX_LISTED:
            document.add_paragraph(f"and {len(lines) - MAX_LISTED} more.")
    save_atomically(document, Path(output))
    return Path(output)


def provision_map_rows(provision: list[ProvisionRow], texts: dict[str, str]) -> list[tuple]:
    """One line per provision row, needs and outcomes shown by key and text."""
    def named(keys) -> str:
        return "; ".join(f"{key} {_short(texts.get(key, ''), 60)}".strip() for key in keys)
    return [(named(row.needs), named(row.outcomes), row.what,
             ", ".join(part for part in (row.who, row.qualification) if part), row.frequency, row.duration,
             row.group_size, row.cost_per_year) for row in provision]


def map_total(provision: list[ProvisionRow]) -> Decimal:
    return sum((row.cost_per_year for row in provision if row.cost_per_year is not None), Decimal(0))


def write_provision_map_xlsx(provision: list[ProvisionRow], texts: dict[str, str], output: Path,
                             *, title: str) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Provision map"
    sheet.append([f"Provision map: {title}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(MAP_COLUMNS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for line in provision_map_rows(provision, texts):
        sheet.append([*line[:-1], float(line[-1]) if line[-1] is not None else None])
    sheet.append(["Total", *[""] * (len(MAP_COLUMNS) - 2), float(map_total(provision))])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGH", (30, 30, 45, 25, 18, 14, 12, 16), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3, min_col=8, max_col=8):
        row[0].number_format = "#,##0.00"
    save_atomically(workbook, Path(output))
    return Path(output)


def write_provision_map_docx(provision: list[ProvisionRow], texts: dict[str, str], output: Path,
                             *, title: str) -> Path:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt
    document = Document()
    section = document.sections[0]
    section.orientation, section.page_width, section.page_height = WD_ORIENT.LANDSCAPE, Mm(297), Mm(210)
    document.styles["Normal"].font.size = Pt(8)
    document.add_heading(f"Provision map: {title}", level=1)
    table = document.add_table(rows=1, cols=len(MAP_COLUMNS))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, MAP_COLUMNS, strict=True):
        cell.text = name
        cell.paragraphs[0].runs[0].bold = True
    for line in provision_map_rows(provision, texts):
        cells = table.add_row().cells
        for cell, value in zip(cells, line, strict=True):
            cell.text = _money(value) if isinstance(value, Decimal) else (value or "")
    total = table.add_row().cells
    total[0].text, total[-1].text = "Total", _money(map_total(provision))
    for cell in (total[0], total[-1]):
        cell.paragraphs[0].runs[0].bold = True
    save_atomically(document, Path(output))
    return Path(output)


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"
