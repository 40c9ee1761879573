"""The cover, the index and any accompanying note on page limits, drawn with the reportlab canvas.

The footer band stays empty: the engine prints page numbers there like on every other page. Each index row's
rectangle is recorded so the engine can make it a link to the document's first page.
"""
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from ..dates import index_date
from .manifest import CaseDetails
from .stamp import A4, BAND

LEFT, RIGHT = 56.0, A4[0] - 56.0
TAB_X, TITLE_X, DATE_X = LEFT + 4, LEFT + 40, 392.0
TITLE_WIDTH = DATE_X - TITLE_X - 10
TOP = A4[1] - 60
BOTTOM = BAND + 30
SIZE, LEADING = 10, 12.5
FONT_DIR = Path("/usr/share/fonts/truetype/liberation")


@dataclass(frozen=True)
class IndexRow:
    tab: str
    title: str
    date: date | None
    first: int | None
    last: int | None
    is_section: bool = False


@dataclass(frozen=True)
class Link:
    page_index: int  # 0-based front-matter page the rectangle is on
    rect: tuple[float, float, float, float]
    target: int  # 1-based bundle page


@dataclass
class FrontMatter:
    data: bytes
    page_count: int
    links: list[Link] = field(default_factory=list)


def page_range(first: int | None, last: int | None, *, prefix: bool = False) -> str:
    if first is None:
        return "none"
    if first == last:
        return f"p. {first}" if prefix else str(first)
    return f"pp. {first}\u2013{last}" if prefix else f"{first}\u2013{last}"


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines that fit `width`: split at spaces, and inside a word too long for a line (a pasted file name)."""
    lines = []
    for line in simpleSplit(text, font, size, width):
        while pdfmetrics.stringWidth(line, font, size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and pdfmetrics.stringWidth(line[:cut], font, size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


def fonts() -> tuple[str, str]:
    """Liberation Sans when installed (covers names such as Łukasz or Zoë), otherwise the built-in Helvetica."""
    regular, bold = FONT_DIR / "LiberationSans-Regular.ttf", FONT_DIR / "LiberationSans-Bold.ttf"
    if not (regular.is_file() and bold.is_file()):
        return "Helvetica", "Helvetica-Bold"
    if "BundleSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("BundleSans", str(regular)))
        pdfmetrics.registerFont(TTFont("BundleSans-Bold", str(bold)))
    return "BundleSans", "BundleSans-Bold"


class _NoDrawing:
    """Stands in for the canvas when only the number of pages is wanted: every drawing call does nothing."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


class _Pages:
    """A canvas with a cursor that starts a new page when the next block does not fit."""

    def __init__(self, title: str, *, measure: bool = False):
        self.buffer = io.BytesIO()
        self.canvas = _NoDrawing() if measure else canvas.Canvas(self.buffer, pagesize=A4, pageCompression=1,
                                                                 invariant=1)
        self.canvas.setTitle(title)
        self.font, self.bold = fonts()
        self.page_index, self.y = 0, TOP
        self.links: list[Link] = []
        self.on_new_page = None

    def new_page(self) -> None:
        self.canvas.showPage()
        self.page_index, self.y = self.page_index + 1, TOP
        if self.on_new_page:
            self.on_new_page()

    def ensure(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def text(self, x: float, text: str, *, size: float = SIZE, bold: bool = False, align: str = "left") -> None:
        self.canvas.setFont(self.bold if bold else self.font, size)
        draw = {"left": self.canvas.drawString, "right": self.canvas.drawRightString,
                "centre": self.canvas.drawCentredString}[align]
        draw(x, self.y, text)

    def line(self, text: str, *, size: float = SIZE, bold: bool = False, gap: float = 0, align="left") -> None:
        """Text across the full width, wrapped onto as many lines as it needs, `gap` points below the last."""
        x = {"left": LEFT, "centre": A4[0] / 2, "right": RIGHT}[align]
        for n, part in enumerate(wrap(text, self.bold if bold else self.font, size, RIGHT - LEFT)):
            self.ensure(size * 1.3 + (gap if n == 0 else 0))
            self.y -= gap if n == 0 else 0
            self.text(x, part, size=size, bold=bold, align=align)
            self.y -= size * 1.3

    def finish(self) -> FrontMatter:
        self.canvas.showPage()
        self.canvas.save()
        return FrontMatter(self.buffer.getvalue(), self.page_index + 1, self.links)


def render_front_matter(case: CaseDetails, appeal_label: str, bundle_date: date, total_pages: int,
                        rows: list[IndexRow], notes: list[str], order_notes: list[str] = (), *,
                        measure: bool = False) -> FrontMatter:
    """The front matter PDF; with `measure`, only its page count (nothing is drawn, `data` is empty)."""
    pages = _Pages(f"Hearing bundle {case.reference}", measure=measure)
    _cover(pages, case, appeal_label, bundle_date, total_pages)
    pages.new_page()
    _index(pages, case, rows)
    for heading, paragraphs in (("Note on the order of documents", order_notes),
                                ("Accompanying note on page limits", notes)):
        if paragraphs:
            pages.on_new_page = None
            pages.ensure(80)
            pages.line(heading, size=13, bold=True, gap=18)
            for paragraph in paragraphs:
                pages.line(paragraph, gap=6)
    return pages.finish()


def render_supplement_index(case: CaseDetails, title: str, issued_pages: int, rows: list[IndexRow], *,
                            measure: bool = False) -> FrontMatter:
    """The first page(s) of a supplementary part: its title, why its numbers start where they do, its index."""
    pages = _Pages(f"{title}, {case.reference}", measure=measure)
    pages.line(title, size=16, bold=True)
    pages.line(f"A supplementary part of the hearing bundle. Pages 1 to {issued_pages} are the bundle as issued, "
               f"unchanged; this part is numbered on from page {issued_pages + 1}, so every reference to the "
               "issued bundle stays right.", gap=8)
    pages.y -= 12
    _index(pages, case, rows)
    return pages.finish()


def _cover(pages: _Pages, case: CaseDetails, appeal_label: str, bundle_date: date, total_pages: int) -> None:
    pages.line("First-tier Tribunal (Health, Education and Social Care Chamber)", size=12, align="centre")
    pages.line("Special Educational Needs and Disability", size=12, align="centre")
    pages.line(f"Tribunal reference: {case.reference}", size=14, bold=True, align="centre", gap=30)
    pages.line("Between", align="centre", gap=30)
    pages.line(case.appellant, size=13, bold=True, align="centre", gap=8)
    pages.line("Appellant", align="centre")
    pages.line("and", align="centre", gap=12)
    pages.line(case.authority, size=13, bold=True, align="centre", gap=8)
    pages.line("Respondent", align="centre")
    pages.line(f"Child or young person: {case.child}", size=12, align="centre", gap=30)
    pages.line(f"Appeal: {appeal_label}", size=12, align="centre")
    pages.line("HEARING BUNDLE", size=24, bold=True, align="centre", gap=50)
    pages.line(f"Hearing date: {index_date(case.hearing_date)}", size=13, align="centre", gap=20)
    pages.line(f"Bundle date: {index_date(bundle_date)}", size=13, align="centre")
    pages.line(f"{total_pages} pages. The number at the foot of each page is its PDF page number.",
               align="centre", gap=30)


def _index(pages: _Pages, case: CaseDetails, rows: list[IndexRow]) -> None:
    def header(continued: bool = False) -> None:
        pages.line("Index (continued)" if continued else "Index", size=16, bold=True)
        pages.line(f"{case.reference}  \u00b7  {case.child}  \u00b7  hearing {index_date(case.hearing_date)}",
                   gap=2)
        pages.y -= 10
        for x, label, align in ((TAB_X, "Tab", "left"), (TITLE_X, "Document", "left"),
                                (DATE_X, "Date", "left"), (RIGHT - 4, "Pages", "right")):
            pages.text(x, label, bold=True, align=align)
        pages.y -= 5
        pages.canvas.setLineWidth(1)
        pages.canvas.line(LEFT, pages.y, RIGHT, pages.y)

    header()
    pages.on_new_page = lambda: header(continued=True)
    for row in rows:
        _index_row(pages, row)


def _index_row(pages: _Pages, row: IndexRow) -> None:
    bold = row.is_section
    lines = wrap(row.title, pages.bold if bold else pages.font, SIZE, TITLE_WIDTH) or [""]
    height = len(lines) * LEADING + 6
    pages.ensure(height + (8 if bold else 0))
    if bold:
        pages.y -= 8
    top = pages.y
    c = pages.canvas
    if bold:
        c.setFillGray(0.88)
        c.rect(LEFT, top - height, RIGHT - LEFT, height, stroke=0, fill=1)
        c.setFillGray(0)
    pages.y = top - LEADING
    pages.text(TAB_X, row.tab, bold=bold)
    if row.date:
        pages.text(DATE_X, index_date(row.date), bold=bold)
    pages.text(RIGHT - 4, page_range(row.first, row.last, prefix=bold), bold=bold, align="right")
    for line in lines:
        pages.text(TITLE_X, line, bold=bold)
        pages.y -= LEADING
    pages.y = top - height
    c.setLineWidth(0.4)
    c.line(LEFT, pages.y, RIGHT, pages.y)
    if row.first is not None:
        pages.links.append(Link(pages.page_index, (LEFT, pages.y, RIGHT, top), row.first))
