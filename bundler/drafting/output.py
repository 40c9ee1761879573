"""The statement's files: the .docx, and the PDF made from that same .docx by the engine's LibreOffice conversion."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Callable, Mapping

import pikepdf

from ..engine.convert import to_pdf
from ..files import atomic_write
from .docx_writer import RenderReport, write_docx
from .parts import parse_parts
from .references import BundleLayout, ReferenceResolver

MAX_FITTING_ROUNDS = 5
A4_POINTS = (595.28, 841.89)


def write_statement_docx(texts: Mapping[str, str], resolver: ReferenceResolver, output: Path,
                         *, title: str) -> RenderReport:
    return write_docx(parse_parts(texts), resolver, Path(output), title=title)


def write_statement_pdf(texts: Mapping[str, str], resolver: ReferenceResolver, output: Path,
                        *, title: str) -> RenderReport:
    """Write the .docx and convert it, so the PDF never differs from the Word document."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".statement-") as work:
        docx = Path(work) / "statement.docx"
        report = write_statement_docx(texts, resolver, docx, title=title)
        pdf = to_pdf(docx, Path(work))
        with atomic_write(output) as temp:
            shutil.copyfile(pdf, temp)
    return report


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
