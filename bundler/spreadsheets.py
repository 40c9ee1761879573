"""Rows written out as CSV for a spreadsheet, the one way the product does it (bundle index, reports, audit log)."""
import csv
import io
from collections.abc import Iterable, Sequence

# A cell a spreadsheet would run as a formula (CSV injection): kept as text by a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str | int | float:
    """Numbers as they are; text that a spreadsheet would read as a formula made plain text; None as empty."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(headings: Sequence[str], rows: Iterable[Sequence]) -> str:
    """A CSV file's text (CRLF line ends, as RFC 4180 and Excel expect) with every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headings)
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return out.getvalue()
