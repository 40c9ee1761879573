"""Check any bundle PDF (ours or the other side's) against the bundle rules, one result per rule."""
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Name

from .errors import UNREADABLE_PDF
from .manifest import Manifest
from .stamp import A4, effective_box, rotation, upright_matrix
from .template import BundleTemplate, load_template

A4_TOLERANCE = 3.0
NUMBER_BAND = 40.0  # how far from the top or bottom edge a page number may sit
_NUMBER = re.compile(r"^\s*(?:page\s+)?(\d+)(?:\s*(?:of|/)\s*\d+)?\s*$", re.IGNORECASE)
# Actions that run code, reach outside the file or play media. URI is not here: a web link in evidence (a
# school's website, a report's reference) runs nothing, viewers ask before opening it, and the build drops
# input annotations anyway; flagging every URI would fail ordinary bundles from the other side.
_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/ResetForm", "/Rendition", "/GoToE",
                   "/GoToR", "/Sound", "/Movie", "/RichMediaExecute", "/Hide", "/SetOCGState"}
_ACTIVE_ANNOTATIONS = {"/RichMedia", "/Movie", "/Sound", "/Screen", "/3D", "/FileAttachment", "/Widget"}
_BACK_LINKS = {"/Parent", "/P"}  # point back up the tree: following them would leave the page being walked
_PLACES = {"/OpenAction": "the opening action", "/Outlines": "bookmarks", "/AcroForm": "the form",
           "/Names": "the name trees", "/AA": "document actions", "/Info": "document information"}
_SECTION_BOOKMARK = re.compile(r"^([A-Z]{1,2})\. ")
_LABELLED_PAGE = re.compile(r"\(pp?\. ?(\d+)(?:\D\d+)?\)\s*$")  # "... (p. 12)" at the end of a bookmark title


@dataclass(frozen=True)
class RuleResult:
    rule: str
    passed: bool
    detail: str


def check_bundle(path, manifest: Manifest | None = None,
                 template: BundleTemplate | None = None) -> list[RuleResult]:
    path = Path(path)
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        return [RuleResult("opens without a password", False, "the file is protected with a password")]
    except UNREADABLE_PDF as exc:
        return [RuleResult("opens without a password", False, f"the file cannot be opened: {exc}")]
    with pdf:
        results = [RuleResult("opens without a password", not pdf.is_encrypted,
                              "encrypted: remove the protection before sending" if pdf.is_encrypted
                              else f"opens; {len(pdf.pages)} pages")]
        numbers, textless = _read_pages(path, pdf)
        results += [_page_numbers(numbers), _page_labels(pdf), _index_links(pdf), _bookmarks(pdf), _a4(pdf),
                    _opening_view(pdf), _active_content(pdf), _text_layer(textless)]
        if manifest is not None:
            results.append(_budgets(pdf, manifest, template or load_template()))
    return results


def _ranges(pages: list[int]) -> str:
    parts, start = [], None
    for n, page in enumerate(pages):
        if start is None:
            start = page
        if n + 1 == len(pages) or pages[n + 1] != page + 1:
            parts.append(str(start) if start == page else f"{start}\u2013{page}")
            start = None
    return ", ".join(parts)


def _pages_word(pages: list[int], singular: str = "", plural: str = "") -> str:
    """'page 4 has' / 'pages 4–6 have': the page list with its verb agreeing."""
    one = len(pages) == 1
    words = ("page " if one else "pages ") + _ranges(pages)
    return f"{words} {singular if one else plural}" if singular else words


def _read_pages(path: Path, pdf: pikepdf.Pdf) -> tuple[list[set[int]], list[int]]:
    """For each page: the numbers printed in its top or bottom band, and which pages have no other text."""
    from pypdf import PdfReader  # only checking reads text: `bundler build` starts faster without pypdf

    try:
        reader = PdfReader(path)
    except Exception:  # pypdf is stricter than qpdf: read the copy qpdf has repaired instead
        repaired = io.BytesIO()
        pdf.save(repaired)
        reader = PdfReader(repaired)
    numbers, textless = [], []
    for index, page in enumerate(reader.pages):
        pike_page = pdf.pages[index].obj
        matrix, (width, height) = upright_matrix(effective_box(pike_page), rotation(pike_page))
        found, other = set(), []

        def visit(text, cm, tm, font, size, found=found, other=other, matrix=matrix, height=height):
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            v = matrix[1] * x + matrix[3] * y + matrix[5]
            match = _NUMBER.match(text)
            if match and (v < NUMBER_BAND or v > height - NUMBER_BAND):
                found.add(int(match.group(1)))
            else:
                other.append(text)

        try:
            page.extract_text(visitor_text=visit)
        except Exception:  # a page pypdf cannot parse counts as one without readable text
            pass
        numbers.append(found)
        if not "".join(other).strip():
            textless.append(index + 1)
    return numbers, textless


def _page_numbers(numbers: list[set[int]]) -> RuleResult:
    rule = "page numbers equal PDF page numbers"
    wrong = [n for n, found in enumerate(numbers, 1) if n not in found]
    if not wrong:
        return RuleResult(rule, True, f"pages 1\u2013{len(numbers)} each carry their own number")
    first = wrong[0]
    shown = ", ".join(map(str, sorted(numbers[first - 1]))) or "no number"
    pages = _pages_word(wrong, "does not show its", "do not show their")
    return RuleResult(rule, False, f"{pages} PDF page number (page {first} shows {shown}); "
                                   "renumber the bundle from 1 on its first page")


def _page_labels(pdf: pikepdf.Pdf) -> RuleResult:
    rule = "no page labels that differ"
    labels = pdf.Root.get("/PageLabels")
    if labels is None:
        return RuleResult(rule, True, "no /PageLabels: viewers show the PDF page numbers")
    first = next(((number, page.label) for number, page in enumerate(pdf.pages, 1) if page.label != str(number)),
                 None)
    if first is None:
        return RuleResult(rule, True, "page labels run 1, 2, 3 \u2026 like the PDF page numbers")
    return RuleResult(rule, False, f"page {first[0]} is labelled '{first[1]}', so viewers show numbers that differ "
                                   "from the PDF page numbers; remove the /PageLabels")


def _page_ids(pdf: pikepdf.Pdf) -> dict[tuple[int, int], int]:
    return {page.obj.objgen: n for n, page in enumerate(pdf.pages, 1)}


def _destination(pdf: pikepdf.Pdf, dest):
    """The explicit destination array for a /Dest or GoTo /D value, following named destinations."""
    if isinstance(dest, (pikepdf.String, Name)):
        key = str(dest)
        names = pdf.Root.get("/Names")
        if names is not None and "/Dests" in names:
            tree = pikepdf.NameTree(names.Dests)
            dest = tree.get(key)
        elif "/Dests" in pdf.Root:
            dest = pdf.Root.Dests.get("/" + key.lstrip("/"))
        if isinstance(dest, pikepdf.Dictionary):
            dest = dest.get("/D")
    return dest if isinstance(dest, pikepdf.Array) and len(dest) else None


def _target_page(pdf: pikepdf.Pdf, dest, pages: dict) -> int | str:
    """The 1-based page a destination points at, or a reason it does not point at one of this file's pages."""
    array = _destination(pdf, dest)
    if array is None:
        return "has no destination"
    target = array[0]
    if isinstance(target, pikepdf.Dictionary) and target.objgen in pages:
        return pages[target.objgen]
    if isinstance(target, int):
        return "uses a bare page number instead of a page object"
    return "points at a page that is not in this file"


def _index_links(pdf: pikepdf.Pdf) -> RuleResult:
    rule = "index entries are links"
    pages = _page_ids(pdf)
    good, bad, link_pages = 0, [], set()
    for n, page in enumerate(pdf.pages, 1):
        for annot in page.obj.get("/Annots") or []:
            if annot.get("/Subtype") != Name.Link:
                continue
            action = annot.get("/A")
            if action is not None and action.get("/S") != Name.GoTo:
                continue  # a web link is not an index entry
            target = _target_page(pdf, annot.get("/Dest") if action is None else action.get("/D"), pages)
            if isinstance(target, int):
                good, _ = good + 1, link_pages.add(n)
            else:
                bad.append(f"a link on page {n} {target}")
    if bad:
        return RuleResult(rule, False, f"{len(bad)} broken: {bad[0]}; link to the page object")
    if not good:
        return RuleResult(rule, False, "no internal links: make every index entry a link to its document")
    return RuleResult(rule, True, f"{good} links on {_pages_word(sorted(link_pages))}, all to pages in this file")


def _outline_items(pdf: pikepdf.Pdf):
    with pdf.open_outline() as outline:
        stack = [(item, 0) for item in reversed(outline.root)]
        while stack:
            item, depth = stack.pop()
            yield item, depth
            stack.extend((child, depth + 1) for child in reversed(item.children))


def _bookmark_target(pdf: pikepdf.Pdf, item, pages: dict) -> int | str:
    if item.destination is not None:
        return _target_page(pdf, item.destination, pages)
    if item.action is not None and item.action.get("/S") == Name.GoTo:
        return _target_page(pdf, item.action.get("/D"), pages)
    return "has no destination"


def _bookmarks(pdf: pikepdf.Pdf) -> RuleResult:
    rule = "bookmarks resolve"
    pages = _page_ids(pdf)
    items = list(_outline_items(pdf))
    if not items:
        return RuleResult(rule, False, "no bookmarks: add one for each section and document")
    bad = []
    for item, _ in items:
        target = _bookmark_target(pdf, item, pages)
        label = _LABELLED_PAGE.search(item.title)
        if not isinstance(target, int):
            bad.append(f"'{item.title}' {target}")
        elif label and int(label.group(1)) != target:
            bad.append(f"'{item.title}' opens page {target}, not the page its label gives")
    if bad:
        return RuleResult(rule, False, f"{len(bad)} of {len(items)} bookmarks do not resolve: {bad[0]}")
    top = sum(1 for _, depth in items if depth == 0)
    return RuleResult(rule, True, f"{len(items)} bookmarks ({top} top-level), all to pages in this file")


def _a4(pdf: pikepdf.Pdf) -> RuleResult:
    rule = "every page is A4"
    wrong, first = [], ""
    for n, page in enumerate(pdf.pages, 1):
        x0, y0, x1, y1 = effective_box(page.obj)
        size = sorted((x1 - x0, y1 - y0))
        if abs(size[0] - A4[0]) > A4_TOLERANCE or abs(size[1] - A4[1]) > A4_TOLERANCE:
            wrong.append(n)
            first = first or f"page {n} is {x1 - x0:.0f} x {y1 - y0:.0f} pt"
    if wrong:
        return RuleResult(rule, False, f"{_pages_word(wrong, 'is', 'are')} not A4 ({first}; A4 is 595 x 842 pt)")
    return RuleResult(rule, True, "all pages are A4, portrait or landscape")


def _opening_view(pdf: pikepdf.Pdf) -> RuleResult:
    rule = "opens at 100% with bookmarks shown"
    action = pdf.Root.get("/OpenAction")
    zoom = (isinstance(action, pikepdf.Array) and len(action) == 5 and action[1] == Name.XYZ
            and action[4] is not None and float(action[4]) == 1.0)
    panel = pdf.Root.get("/PageMode") == Name.UseOutlines
    if zoom and panel:
        return RuleResult(rule, True, "opens at 100% with the bookmarks panel")
    missing = [text for ok, text in ((zoom, "a 100% zoom"), (panel, "the bookmarks panel")) if not ok]
    return RuleResult(rule, False, f"the file does not open with {' or '.join(missing)}")


def _active_content(pdf: pikepdf.Pdf) -> RuleResult:
    """Walk every dictionary and array reachable from the trailer, direct or indirect, naming what runs or
    reaches outside the file and where: most producers write actions inline, where `pdf.objects` never looks."""
    rule = "no active content"
    found: dict[str, set[str]] = {}
    pages = _page_ids(pdf)
    seen: set = set()
    for number, page in enumerate(pdf.pages, 1):
        _walk(page.obj, f"page {number}", seen, found, pages)
    for key, value in pdf.Root.items():
        if key not in _BACK_LINKS:
            _walk(value, _PLACES.get(key, f"the document's {key[1:]}"), seen, found, pages)
    for key, value in pdf.trailer.items():
        if key != "/Root":
            _walk(value, _PLACES.get(key, f"the trailer's {key[1:]}"), seen, found, pages)
    if found:
        parts = [f"{what} ({', '.join(sorted(places, key=_place_order))})" for what, places in sorted(found.items())]
        return RuleResult(rule, False, f"found {'; '.join(parts)}: rebuild the bundle without them")
    return RuleResult(rule, True, "no JavaScript, launch or remote actions, forms, XFA, media or embedded files")


def _walk(start, place: str, seen: set, found: dict[str, set[str]], pages: dict) -> None:
    """Depth-first over dictionaries, streams' dictionaries and arrays; `seen` holds indirect objects already
    visited, so reference cycles (a /Next chain back to itself) end. Another page met on the way (a link's
    destination) is left for its own walk, so what a page holds is named by its own number."""
    stack = [start]
    while stack:
        obj = stack.pop()
        if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream, pikepdf.Array)):
            continue
        if obj.is_indirect:
            if obj.objgen in seen or (obj.objgen in pages and obj is not start):
                continue
            seen.add(obj.objgen)
        if isinstance(obj, pikepdf.Array):
            stack.extend(obj)
            continue
        for what in _active_kinds(obj):
            found.setdefault(what, set()).add(place)
        stack.extend(value for key, value in obj.items() if key not in _BACK_LINKS)


def _active_kinds(obj) -> list[str]:
    kinds = []
    action = obj.get("/S")
    if action in _ACTIVE_ACTIONS:
        kinds.append(f"{str(action)[1:]} action")
    elif "/JS" in obj:
        kinds.append("JavaScript action")
    if obj.get("/Subtype") in _ACTIVE_ANNOTATIONS and ("/Rect" in obj or obj.get("/Type") == Name.Annot):
        subtype = obj.get("/Subtype")
        kinds.append("form field" if subtype == Name.Widget else f"{str(subtype)[1:]} annotation")
    if "/XFA" in obj:
        kinds.append("XFA form")
    if obj.get("/Type") == Name.EmbeddedFile or "/EF" in obj:
        kinds.append("embedded file")
    if isinstance(obj.get("/JavaScript"), pikepdf.Dictionary):
        kinds.append("document JavaScript")
    if "/Fields" in obj and len(obj.get("/Fields") or []):
        kinds.append("form field")
    return kinds


def _place_order(place: str) -> tuple:
    """Pages in number order, then the document's own places."""
    return (0, int(place.split()[1]), "") if place.startswith("page ") else (1, 0, place)


def _text_layer(textless: list[int]) -> RuleResult:
    rule = "text on every page"
    if textless:
        return RuleResult(rule, False, f"{_pages_word(textless, 'has', 'have')} no text layer: run OCR "
                                       "(bundler build --ocr)")
    return RuleResult(rule, True, "every page has text besides its number")


def _budgets(pdf: pikepdf.Pdf, manifest: Manifest, template: BundleTemplate) -> RuleResult:
    rule = "page budgets"
    pages = _page_ids(pdf)
    letters = {section.letter: section for section in template.sections}
    starts, boundaries = [], {len(pdf.pages) + 1}
    with pdf.open_outline() as outline:
        for item in outline.root:
            match = _SECTION_BOOKMARK.match(item.title)
            target = _bookmark_target(pdf, item, pages)
            if isinstance(target, int):
                boundaries.add(target)  # any top-level bookmark (a supplementary part, say) ends a section
            if match and match.group(1) in letters and isinstance(target, int):
                starts.append((target, letters[match.group(1)]))
    if not starts:
        return RuleResult(rule, False, "no section bookmarks ('A. Core documents' and so on) to measure sections by")
    starts.sort(key=lambda start: start[0])
    ends = [min(b for b in boundaries if b > start) for start, _ in starts]
    appeal = manifest.case.appeal_type
    over, summary = [], []
    for (start, section), end in zip(starts, ends, strict=True):
        count, budget = end - start, template.budget(section.key, appeal, bool(manifest.case.extended))
        summary.append(f"{section.letter} {count}" + (f"/{budget}" if budget else ""))
        if budget and count > budget:
            over.append(f"section {section.letter} ({section.title}) has {count} pages, {count - budget} over "
                        f"its limit of {budget}")
    if over:
        return RuleResult(rule, False, "; ".join(over) + ": add an accompanying note or ask for a change (SEND7)")
    return RuleResult(rule, True, "within limits: " + ", ".join(summary))
