"""Benchmark: a 5-page .docx to PDF with LibreOffice started afresh for the file (cold) and with the LibreOffice a
worker keeps running (warm, unoserver), through `engine.convert.to_pdf` as the conversion job calls it (issue 12:
3.7 s cold; target under 1 s warm).

Run: .venv/bin/python benchmarks/convert_bench.py [--runs 5]

Prints the median of `runs` conversions each way, the warm server's first conversion (which starts it) apart.
Each PDF is checked: 5 pages, with the document's text on them.
"""
import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import docx
import pikepdf
from timing import median_seconds

from bundler.engine import convert

PAGES = 5


def five_page_docx(path: Path) -> None:
    document = docx.Document()
    for page in range(1, PAGES + 1):
        document.add_heading(f"Annual review report, part {page}", 1)
        for paragraph in range(8):
            document.add_paragraph(f"Paragraph {paragraph + 1}: the pupil's progress against each outcome in "
                                   "section E, with the provision in section F that supports it, as the school "
                                   "records it each term.")
        if page < PAGES:
            document.add_page_break()
    document.save(path)


def converted(source: Path, folder: Path) -> None:
    pdf = convert.to_pdf(source, Path(tempfile.mkdtemp(dir=folder)))
    with pikepdf.open(pdf) as opened:
        assert len(opened.pages) == PAGES, f"{len(opened.pages)} pages, not {PAGES}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    if shutil.which("soffice") is None:
        sys.exit("LibreOffice is not installed: apt-get install libreoffice-writer-nogui python3-uno")
    with tempfile.TemporaryDirectory(prefix="bundler-convert-bench-") as folder:
        folder = Path(folder)
        source = folder / "report.docx"
        five_page_docx(source)
        convert.keep_libreoffice_warm(False)
        cold = median_seconds(lambda: converted(source, folder), runs)
        convert.keep_libreoffice_warm(True)
        start = median_seconds(lambda: converted(source, folder), 1)
        office = convert.warm_office.shared("soffice", convert.CONVERT_MEMORY_MB)
        if office.unavailable:
            sys.exit(f"the warm LibreOffice could not start: {office.unavailable}")
        warm = median_seconds(lambda: converted(source, folder), runs)
        convert.keep_libreoffice_warm(False)
    print(f"{PAGES}-page .docx to PDF, median of {runs}: cold {cold:.2f} s, warm {warm:.2f} s "
          f"({cold / warm:.0f}x faster); the warm server's first conversion, which starts it: {start:.2f} s")


if __name__ == "__main__":
    main()
