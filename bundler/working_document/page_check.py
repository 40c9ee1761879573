"""The 25-page limit, checked on the file as LibreOffice renders it (the engine's own conversion)."""
from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from ..engine.convert import to_pdf

PAGE_LIMIT = 25
_HEADING = re.compile(r"^\s*Section\s+(H1|H2|[A-K])\b", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class PageCheck:
    pages: int
    section_pages: dict[str, int]  # pages each section's text runs over, its heading's page to the next heading's
    limit: int = PAGE_LIMIT

    @property
    def passed(self) -> bool:
        return self.pages <= self.limit

    def message(self) -> str:
        if self.passed:
            return f"{self.pages} page{'' if self.pages == 1 else 's'} (the limit is {self.limit})."
        longest = sorted(self.section_pages.items(), key=lambda item: -item[1])[:3]
        named = ", ".join(f"Section {code} ({pages} pages)" for code, pages in longest)
        return (f"{self.pages} pages: over the Tribunal's limit of {self.limit} A4 pages, so not ready to send."
                + (f" Longest: {named}." if named else ""))


def check_pages(docx: Path, limit: int = PAGE_LIMIT) -> PageCheck:
    """Render `docx` to PDF and count its pages, and the pages each section spans."""
    with tempfile.TemporaryDirectory(prefix="working-document-") as work:
        pdf = to_pdf(Path(docx), Path(work))
        reader = PdfReader(pdf)
        starts: list[tuple[str, int]] = []
        for number, page in enumerate(reader.pages, 1):
            for match in _HEADING.finditer(page.extract_text() or ""):
                starts.append((match.group(1).upper(), number))
        total = len(reader.pages)
    spans: dict[str, int] = {}
    for position, (code, first) in enumerate(starts):
        last = starts[position + 1][1] if position + 1 < len(starts) else total
        spans[code] = spans.get(code, 0) + last - first + 1
    return PageCheck(total, spans, limit)
