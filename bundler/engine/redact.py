"""Redaction that removes the information: each redacted page is rasterised with its boxes burnt in, then OCR'd
again, so no text, image or vector underneath a box survives. Pages without a box are copied as they are.

Boxes are fractions of the page as it is displayed (after /Rotate), with the origin at the top left: the space
poppler renders page previews and word positions in, so a box drawn on a preview and a word found by
`find_terms` land on the same pixels. The output is checked before it is returned: no word is left under a box and
no term the officer redacted everywhere can still be extracted from the text layer.
"""
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import img2pdf
import pikepdf
from PIL import Image, ImageDraw
from pypdf import PdfReader

from .convert import ocr_pdf
from .errors import BundleError, InputError

RASTER_DPI = 200  # sharp enough to read and to OCR, about 0.5 MB a page
PADDING = 0.002  # of the page, round each word's box: ascenders, descenders and anti-aliased edges
_LEAST = 0.001  # of the page: the smallest extent a word's box is given
TOOL_TIMEOUT = 300
_XHTML = "{http://www.w3.org/1999/xhtml}"
_EDGE_PUNCTUATION = "\"'“”‘’()[]{}<>.,;:!?*"
_POSSESSIVE = re.compile(r"['’]s$")
_JOINS = re.compile(r"[-‐–—/\\+&]+")


class RedactionError(BundleError):
    """The redaction could not be made or could not be proved complete; the message says what to do."""


@dataclass(frozen=True)
class Box:
    """A rectangle on one page (1-based), as fractions of the displayed page from its top-left corner."""
    page: int
    x0: float
    y0: float
    x1: float
    y1: float

    def __post_init__(self):
        if not (0 <= self.x0 < self.x1 <= 1 and 0 <= self.y0 < self.y1 <= 1) or self.page < 1:
            raise RedactionError(f"An area on page {self.page} is not on the page; draw it again.")

    def contains_centre_of(self, other: "Box") -> bool:
        cx, cy = (other.x0 + other.x1) / 2, (other.y0 + other.y1) / 2
        return other.page == self.page and self.x0 <= cx <= self.x1 and self.y0 <= cy <= self.y1

    def padded(self) -> "Box":
        return Box(self.page, max(0.0, self.x0 - PADDING), max(0.0, self.y0 - PADDING),
                   min(1.0, self.x1 + PADDING), min(1.0, self.y1 + PADDING))


@dataclass(frozen=True)
class Word:
    text: str
    box: Box


@dataclass(frozen=True)
class Match:
    """One place a term occurs: the words it covers (a box each) and the words round it, for the officer."""
    term: str
    page: int
    boxes: tuple[Box, ...]
    before: str
    text: str
    after: str


def words(pdf: Path) -> list[Word]:
    """Every word of the text layer with its box, in reading order, page by page."""
    root = ET.fromstring(_poppler(["pdftotext", "-bbox", "-cropbox", str(pdf), "-"], pdf).stdout)
    with pikepdf.open(pdf) as document:
        quarter_turned = [int(page.obj.get("/Rotate", 0)) % 180 == 90 for page in document.pages]
    found = []
    for number, page in enumerate(root.iter(f"{_XHTML}page"), start=1):
        # pdftotext gives word positions on the displayed (rotated) page but the unrotated page's size.
        width, height = float(page.get("width")), float(page.get("height"))
        if quarter_turned[number - 1]:
            width, height = height, width
        for word in page.iter(f"{_XHTML}word"):
            box = (float(word.get("xMin")) / width, float(word.get("yMin")) / height,
                   float(word.get("xMax")) / width, float(word.get("yMax")) / height)
            x0, y0, x1, y1 = (min(max(value, 0.0), 1.0) for value in box)
            (x0, x1), (y0, y1) = _some_extent(x0, x1), _some_extent(y0, y1)
            found.append(Word(word.text or "", Box(number, x0, y0, x1, y1)))
    return found


def _some_extent(low: float, high: float) -> tuple[float, float]:
    """`low`..`high` widened about its middle to at least _LEAST, inside the page. Text squashed flat, or drawn off
    the page, has a box of no size but can still be extracted, so it must still be found and redacted."""
    if high - low >= _LEAST:
        return low, high
    middle = min(max((low + high) / 2, _LEAST / 2), 1 - _LEAST / 2)
    return middle - _LEAST / 2, middle + _LEAST / 2


def normalise(word: str) -> str:
    """A word as terms are compared with it: case-folded, without surrounding punctuation or a possessive 's."""
    return _POSSESSIVE.sub("", word.strip(_EDGE_PUNCTUATION)).strip(_EDGE_PUNCTUATION).casefold()


def _matches(word: str, token: str) -> bool:
    """The word is the token, or joins it to another with a hyphen or slash ("Mary-Jane", "Tom/Amira"): the
    whole word is then redacted, since "Mary" can be read in it."""
    return word == token or token in _JOINS.split(word)


def clean_terms(terms: Iterable[str]) -> list[str]:
    """The officer's terms, one per line or comma, without blanks or repeats (order kept)."""
    cleaned = []
    for term in terms:
        term = " ".join(term.split())
        if term and normalise(term) and term.casefold() not in (t.casefold() for t in cleaned):
            cleaned.append(term)
    return cleaned


def find_terms(pdf: Path, terms: Sequence[str], context: int = 4) -> list[Match]:
    """Each whole-word occurrence of each term (several words in a row for a full name), page by page."""
    return _occurrences(words(pdf), terms, context)


def _occurrences(all_words: list[Word], terms: Sequence[str], context: int) -> list[Match]:
    normalised = [normalise(w.text) for w in all_words]
    matches = []
    for term in clean_terms(terms):
        tokens = _tokens(term)
        for start in _starts(normalised, tokens):
            span = all_words[start:start + len(tokens)]
            if len({w.box.page for w in span}) != 1:
                continue
            page = span[0].box.page
            same_page = [i for i in range(max(0, start - context), min(len(all_words), start + len(tokens)
                                                                         + context)) if
                         all_words[i].box.page == page]
            matches.append(Match(
                term=term, page=page, boxes=tuple(w.box for w in span),
                before=" ".join(all_words[i].text for i in same_page if i < start),
                text=" ".join(w.text for w in span),
                after=" ".join(all_words[i].text for i in same_page if i >= start + len(tokens))))
    return sorted(matches, key=lambda m: (m.page, m.boxes[0].y0, m.boxes[0].x0))


def _tokens(term: str) -> list[str]:
    return [normalise(token) for token in term.split()]


def _starts(normalised_words: list[str], tokens: list[str]) -> Iterator[int]:
    """Where in `normalised_words` the term's tokens occur, one word each, in a row."""
    for start in range(len(normalised_words) - len(tokens) + 1):
        if all(_matches(normalised_words[start + n], token) for n, token in enumerate(tokens)):
            yield start


def redact(source: Path, boxes: Sequence[Box], output: Path, workdir: Path, *, terms: Sequence[str] = (),
           progress: Callable[[int, int], None] | None = None) -> list[int]:
    """Write `source` with every box burnt in to `output`; returns the pages redacted. `source` is only read.

    `terms` are those the officer redacted everywhere: the output must not contain any of them."""
    with pikepdf.open(source) as original:
        page_count = len(original.pages)
        pages = sorted({box.page for box in boxes})
        if not pages:
            raise RedactionError("Choose at least one match or draw at least one area to redact.")
        if pages[-1] > page_count:
            raise RedactionError(f"The document has {page_count} page(s); an area was drawn on page {pages[-1]}.")
        step = _progress(progress, len(pages) + 2)
        images = []
        for page in pages:
            images.append(_burnt_page(source, page, [b.padded() for b in boxes if b.page == page], workdir))
            step()
        raster = workdir / "redacted-pages.pdf"
        raster.write_bytes(img2pdf.convert([str(i) for i in images],
                                           layout_fun=img2pdf.get_fixed_dpi_layout_fun((RASTER_DPI, RASTER_DPI))))
        try:
            raster = ocr_pdf(raster, workdir)
        except InputError as exc:
            raise RedactionError(f"The redacted pages could not be given a text layer again: {exc.reason}") from None
        step()
        partial = output.with_name(output.name + ".partial")
        with pikepdf.open(raster) as raster_pdf:
            _blacken(raster_pdf, pages, boxes)
            _assemble(original, raster_pdf, pages, partial)
    try:
        verify(partial, boxes, terms)
    except RedactionError:
        partial.unlink()
        raise
    partial.replace(output)
    step()
    return pages


def _burnt_page(source: Path, page: int, boxes: list[Box], workdir: Path) -> Path:
    """The page as an image with the boxes' pixels made white: what was there is gone from the image. (White, not
    black, so OCR reads nothing there; `_blacken` then draws the black boxes the reader sees.)"""
    stem = workdir / f"page-{page}"
    _poppler(["pdftoppm", "-cropbox", "-r", str(RASTER_DPI), "-f", str(page), "-l", str(page), "-singlefile", "-png",
              str(source), str(stem)], source)
    png = stem.with_suffix(".png")
    with Image.open(png) as image:
        image = image.convert("RGB")
        draw = ImageDraw.Draw(image)
        width, height = image.size
        for box in boxes:
            draw.rectangle([box.x0 * width, box.y0 * height, box.x1 * width, box.y1 * height], fill="white")
        image.save(png, dpi=(RASTER_DPI, RASTER_DPI))
    return png


def _blacken(raster: pikepdf.Pdf, pages: list[int], boxes: Sequence[Box]) -> None:
    """A filled black rectangle over each box, on top of the page image and its OCR text."""
    for number, page in zip(pages, raster.pages, strict=True):
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        width, height = x1 - x0, y1 - y0
        operators = "".join(f"{x0 + b.x0 * width:.2f} {y1 - b.y1 * height:.2f} {(b.x1 - b.x0) * width:.2f} "
                            f"{(b.y1 - b.y0) * height:.2f} re f\n" for b in (b.padded() for b in boxes)
                            if b.page == number)
        page.contents_add(pikepdf.Stream(raster, f"q 0 g\n{operators}Q\n".encode()), prepend=False)


def _assemble(original: pikepdf.Pdf, raster: pikepdf.Pdf, pages: list[int], output: Path) -> None:
    """A new PDF of the original's pages with the redacted ones swapped in. Only pages are copied: the document
    information, XMP metadata, bookmarks, attachments and form, any of which may name someone, are left behind."""
    replacement = dict(zip(pages, raster.pages, strict=True))
    with pikepdf.new() as result:
        for number, page in enumerate(original.pages, start=1):
            result.pages.append(replacement.get(number, page))
        result.save(output)


def verify(pdf: Path, boxes: Sequence[Box], terms: Sequence[str] = ()) -> None:
    """Raise RedactionError unless no extractable word lies under a box and none of `terms` occurs."""
    text_layer = words(pdf)  # read once: both checks below are of it
    under = sorted({w.box.page for w in text_layer if any(b.contains_centre_of(w.box) for b in boxes)})
    if under:
        raise RedactionError(f"Text could still be read under a redaction on page(s) {_pages(under)}; "
                             "nothing was saved. Try again, or tell the service administrator.")
    remaining = sorted({m.page for m in _occurrences(text_layer, terms, context=0)})
    if remaining:
        raise RedactionError(f"A redacted term could still be read on page(s) {_pages(remaining)}; nothing was "
                             "saved. Draw an area over it and redact again.")
    hidden = _pages_holding(pdf, terms)
    if hidden:
        raise RedactionError(f"A redacted term is in text not shown on page(s) {_pages(hidden)}, which could still "
                             "be copied from the file; nothing was saved. Draw an area over the whole page and "
                             "redact again.")


def _pages_holding(pdf: Path, terms: Sequence[str]) -> list[int]:
    """The pages whose text as pypdf extracts it holds a term. pypdf also reads text drawn off the page, which has
    no place on it for find_terms to show, yet can be copied out of the file."""
    wanted = [_tokens(term) for term in clean_terms(terms)]
    if not wanted:
        return []  # areas alone: nothing to look for, so the file is not read again
    pages = []
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        words = [normalise(word) for word in (page.extract_text() or "").split()]
        if any(next(_starts(words, tokens), None) is not None for tokens in wanted):
            pages.append(number)
    return pages


def _pages(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def _progress(progress, total: int) -> Callable[[], None]:
    done = 0

    def step():
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)
    return step


def _poppler(command: list[str], pdf: Path) -> subprocess.CompletedProcess:
    if shutil.which(command[0]) is None:
        raise RedactionError(f"Redaction needs {command[0]}: apt-get install poppler-utils")
    try:
        done = subprocess.run(command, capture_output=True, text=command[0] == "pdftotext", timeout=TOOL_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise RedactionError(f"Reading {pdf.name} took too long; try again, or split the document.") from None
    if done.returncode != 0:
        raise RedactionError(f"{pdf.name} could not be read for redaction ({command[0]} failed); "
                             "open it to check it is not damaged.")
    return done
