"""The text of each page of a PDF, for search: poppler's pdftotext (fast, reads OCR text layers), else pypdf."""
import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader

TIMEOUT = 300


def page_texts(pdf: Path) -> list[str]:
    """One string per page, in order; pages without a text layer give ''."""
    if shutil.which("pdftotext") is not None:
        try:
            done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                                  timeout=TIMEOUT, check=True)
            # pdftotext ends every page with a form feed.
            return [" ".join(page.split()) for page in done.stdout.decode("utf-8", "replace").split("\f")[:-1]]
        except (OSError, subprocess.SubprocessError):
            pass  # a damaged file poppler refuses: try pypdf, which may read it
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages]
