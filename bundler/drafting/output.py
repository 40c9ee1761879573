"""The statement's files: the .docx, and the PDF made from that same .docx by the engine's LibreOffice conversion."""
from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import pikepdf
from pypdf import PdfReader

from ..engine.convert import to_pdf
from ..engine.manifest import PageLink
from ..files import atomic_write
from .docx_writer import RenderReport, write_docx
from .parts import parse_parts
from .references import BundleLayout, ReferenceResolver

MAX_FITTING_ROUNDS = 5
_PAGE_REFERENCE = re.compile(r"\[pp?\. (\d+)(?:\u2013\d+)?\]")
A4_POINTS = (595.28, 841.89)


def write_statement_docx(texts: Mapping[str, str], resolver: ReferenceResolver, output: Path,
                         *, title: str, banner: str = "", author: str = "") -> RenderReport:
    return write_docx(parse_parts(texts), resolver, Path(output), title=title, banner=banner, author=author)


def write_statement_pdf(texts: Mapping[str, str], resolver: ReferenceResolver, output: Path,
                        *, title: str, banner: str = "", author: str = "") -> RenderReport:
    """Write the .docx and convert it, so the PDF never differs from the Word document."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".statement-") as work:
        docx = Path(work) / "statement.docx"
        report = write_statement_docx(texts, resolver, docx, title=title, banner=banner, author=author)
        pdf = to_pdf(docx, Path(work))
        with atomic_write(output) as temp:
            shutil.copyfile(pdf, temp)
    return report


def page_links(path: Path) -> tuple[PageLink, ...]:
    """A link from each bundle page reference ("[pp. 45–53]") in a converted statement to the first page it cites.

    LibreOffice writes each Word run as its own piece of text, and a reference is a run of its own, so each piece
    ending in a page reference gets a link over it, as wide as the gap to the next piece on the line.
    (LibreOffice's own export of Word hyperlinks cannot be relied on: the headless build drops them.)
    """
    links = []
    for index, page in enumerate(PdfReader(str(path)).pages):
        pieces = _text_pieces(page)
        for n, (text, x, y, size) in enumerate(pieces):
            match = _PAGE_REFERENCE.search(text)
            if match is None:
                continue
            after = pieces[n + 1] if n + 1 < len(pieces) else None
            on_line = after is not None and abs(after[2] - y) < 1 and after[1] > x
            end = after[1] if on_line else x + 0.5 * size * len(text)
            links.append(PageLink(index, (x, y - 0.3 * size, end, y + size), int(match.group(1))))
    return tuple(links)


def _text_pieces(page) -> list[tuple[str, float, float, float]]:
    """(text, x, y, font size) of each piece of text on a pypdf page, in content order."""
    pieces = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            pieces.append((text, cm[0] * tm[4] + cm[4], cm[3] * tm[5] + cm[5], size))
    page.extract_text(visitor_text=visit)
    return pieces


def page_count(pdf: Path) -> int:
    with pikepdf.open(pdf) as document:
        return len(document.pages)


def write_blank_pdf(output: Path, pages: int) -> Path:
    """A stand-in of `pages` A4 pages, used to plan a bundle before the statement's own pages are known."""
    document = pikepdf.new()
    for _ in range(max(pages, 1)):
        document.add_blank_page(page_size=A4_POINTS)
    document.save(output)
    return output


def pad_pdf(path: Path, pages: int) -> None:
    """Add blank pages at the end so the statement fills the pages the bundle reserved for it."""
    with pikepdf.open(path, allow_overwriting_input=True) as document:
        while len(document.pages) < pages:
            document.add_blank_page(page_size=A4_POINTS)
        document.save(path)


def fit_into_bundle(plan: Callable[[int], BundleLayout], render: Callable[[BundleLayout], int],
                    first_guess: int = 1) -> tuple[BundleLayout, int]:
    """Find the layout to resolve the statement's references against, when the statement is itself in the bundle.

    `plan(pages)` lays the bundle out with the statement taking `pages` pages; `render(layout)` writes the statement
    against `layout` and returns its page count. The reservation only grows, so this ends; the caller pads the
    statement to the pages returned when it came out shorter.
    """
    pages = first_guess
    for _ in range(MAX_FITTING_ROUNDS):
        layout = plan(pages)
        rendered = render(layout)
        if rendered <= pages:
            return layout, pages
        pages = rendered
    raise RuntimeError(f"The statement's length kept changing as its page references were filled in "
                       f"({pages} pages after {MAX_FITTING_ROUNDS} tries). Build the bundle again.")
