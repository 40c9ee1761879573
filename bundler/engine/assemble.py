"""Build a hearing bundle from a manifest: order, convert, fit to A4, number, index, link and bookmark.

`plan_bundle` and `build_bundle` share `_layout`, so the page numbers a plan predicts are the ones a build prints.
"""
import hashlib
import io
import tempfile
import warnings
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem

from .. import dates
from ..dates import index_date
from ..files import atomic_write, is_disk_full
from .convert import detect_kind, open_pdf, to_pdf
from .errors import BundleError, ManifestError
from .front_matter import IndexRow, Link, render_front_matter, render_supplement_index
from .manifest import DocumentEntry, Manifest, SectionNote, date_order, out_of_date_order
from .stamp import Stamper
from .template import BundleTemplate, load_template

MAX_LAYOUT_PASSES = 6


@dataclass
class DocumentReport:
    id: str | None
    title: str
    date: date
    file: str
    first_page: int
    last_page: int
    page_count: int
    section: str


@dataclass
class SectionReport:
    key: str
    letter: str
    title: str
    first_page: int | None
    last_page: int | None
    page_count: int
    budget: int | None
    overrun: int  # pages over the budget; 0 when within it or when there is no budget
    documents: list[DocumentReport] = field(default_factory=list)


@dataclass
class BundleReport:
    page_count: int
    front_matter_pages: int
    sections: list[SectionReport]
    warnings: list[str] = field(default_factory=list)
    note_placeholders: list[str] = field(default_factory=list)  # sections whose note the officer has yet to write

    def to_dict(self) -> dict:
        data = asdict(self)
        for section in data["sections"]:
            for document in section["documents"]:
                document["date"] = document["date"].isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "BundleReport":
        """The report as `to_dict` stored it (with a built version, for its index)."""
        sections = [SectionReport(**{**section, "documents": [
            DocumentReport(**{**document, "date": date.fromisoformat(document["date"])})
            for document in section["documents"]]}) for section in data["sections"]]
        return cls(data["page_count"], data["front_matter_pages"], sections, list(data.get("warnings", [])),
                   list(data.get("note_placeholders", [])))


@dataclass
class _Input:
    entry: DocumentEntry
    pdf: pikepdf.Pdf
    warnings: list[str]
    source: Path  # the PDF file `pdf` was opened from: the document itself, or its conversion in the work folder


@dataclass
class _Layout:
    report: BundleReport
    front_matter: bytes
    links: list[Link]
    order: list[_Input]


def plan_bundle(manifest: Manifest, template: BundleTemplate | None = None) -> BundleReport:
    """The page layout a build would produce (front matter, every document's pages, budgets), without a PDF."""
    template = template or load_template()
    with tempfile.TemporaryDirectory(prefix="bundle-plan-") as workdir, ExitStack() as stack:
        inputs = _open_inputs(manifest, Path(workdir), False, stack)
        return _layout(manifest, template, inputs, dates.today()).report


def build_bundle(manifest: Manifest, output, *, bundle_date: date | None = None,
                 template: BundleTemplate | None = None, ocr: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> BundleReport:
    """Build the bundle PDF at `output` (written whole or not at all) and return its page layout."""
    template = template or load_template()
    output = Path(output)
    if not output.parent.is_dir():
        raise BundleError(f"{output}: the folder {output.parent} does not exist; create it or choose another")
    for entry in manifest.documents:
        if entry.file.exists() and output.exists() and output.samefile(entry.file):
            raise BundleError(f"{output}: this is one of the documents ({entry.title}); evidence is never "
                              "overwritten, so choose another name for the bundle")
    with tempfile.TemporaryDirectory(prefix="bundle-") as workdir, ExitStack() as stack:
        inputs = _open_inputs(manifest, Path(workdir), ocr, stack)
        layout = _layout(manifest, template, inputs, bundle_date or dates.today())
        out = stack.enter_context(_merge_pages(layout, Path(workdir)))
        pages = _number_pages(out, layout, progress)
        _add_links(out, pages, layout.links)
        _add_outline(out, pages, layout.report)
        _set_document_view(out, pages[0], manifest)
        _sanitize(out)
        _save_atomically(out, output, max(item.pdf.pdf_version for item in inputs))
    return layout.report


def build_supplement(issued, manifest: Manifest, output, *, title: str,
                     progress: Callable[[int, int], None] | None = None) -> BundleReport:
    """The issued bundle at `issued`, unchanged, followed by a supplementary part holding `manifest`'s documents
    (late evidence) in date order: its own index first, every page numbered on from the issued bundle's last.
    The report's one section is that part; `front_matter_pages` counts the issued bundle and the part's index."""
    output = Path(output)
    with tempfile.TemporaryDirectory(prefix="supplement-") as workdir, ExitStack() as stack:
        out = stack.enter_context(open_pdf(issued, Path(issued).name))
        issued_pages = len(out.pages)
        inputs = _open_inputs(manifest, Path(workdir), False, stack)
        ordered = _date_order(inputs)
        index_pages, measure = 1, True
        for _ in range(MAX_LAYOUT_PASSES):
            report = _supplement_report(ordered, issued_pages + index_pages + 1, title)
            rows = [IndexRow("", title, None, report.sections[0].first_page, report.sections[0].last_page,
                             is_section=True)]
            rows += [IndexRow(f"L{n}", d.title, d.date, d.first_page, d.last_page)
                     for n, d in enumerate(report.sections[0].documents, 1)]
            front = render_supplement_index(manifest.case, title, issued_pages, rows, measure=measure)
            if front.page_count == index_pages and not measure:
                break
            index_pages, measure = front.page_count, False
        else:
            raise RuntimeError("the supplementary index did not settle on a page count")
        report.warnings = [w for item in inputs for w in item.warnings]
        layout = _Layout(report, front.data, [], ordered)
        for item in ordered:
            _flatten_forms(item, report.warnings)
        index_pdf = stack.enter_context(pikepdf.open(io.BytesIO(front.data)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            out.pages.extend(index_pdf.pages)
            for item in layout.order:
                out.pages.extend(item.pdf.pages)
        stamper, pages = Stamper(out), [page.obj for page in out.pages]
        for number in range(issued_pages + 1, len(pages) + 1):
            stamper.stamp(pages[number - 1], number, fit=number > issued_pages + index_pages)
            if progress:
                progress(number - issued_pages, len(pages) - issued_pages)
        _add_links(out, pages, [replace(link, page_index=link.page_index + issued_pages) for link in front.links])
        _add_supplement_outline(out, pages, report.sections[0], issued_pages)
        _sanitize(out)
        _save_atomically(out, output, max([out.pdf_version] + [item.pdf.pdf_version for item in inputs]))
    return report


def _supplement_report(ordered: list[_Input], first_page: int, title: str) -> BundleReport:
    next_page, documents = first_page, []
    for item in ordered:
        count, entry = len(item.pdf.pages), item.entry
        documents.append(DocumentReport(entry.id, entry.title, entry.date, str(entry.file), next_page,
                                        next_page + count - 1, count, entry.section))
        next_page += count
    section = SectionReport("late_evidence", "L", title, documents[0].first_page if documents else None,
                            next_page - 1 if documents else None, next_page - first_page, None, 0, documents)
    return BundleReport(next_page - 1, first_page - 1, [section])


def _add_supplement_outline(out: pikepdf.Pdf, pages: list[pikepdf.Object], section: SectionReport,
                            issued_pages: int) -> None:
    with out.open_outline() as outline:
        item = _bookmark(f"{section.title} (p. {issued_pages + 1})", pages[issued_pages])
        item.children.extend(_bookmark(f"{d.title}, {index_date(d.date)} (p. {d.first_page})", pages[d.first_page - 1])
                             for d in section.documents)
        outline.root.append(item)


def _bookmark(title: str, page: pikepdf.Object) -> OutlineItem:
    """A bookmark showing the whole of `page`, given as its object (pikepdf finds a page given by number by
    searching the page list, a millisecond a bookmark in a 10,000-page bundle)."""
    return OutlineItem(title, Array([page, Name.Fit]))


def _open_inputs(manifest: Manifest, workdir: Path, ocr: bool, stack: ExitStack) -> list[_Input]:
    inputs = []
    for entry in manifest.documents:
        name = entry.file.name
        warnings = []
        kind = detect_kind(entry.file)
        if kind != "pdf" and entry.file.suffix.lower() == ".pdf":
            warnings.append(f"{name} is really a {kind.upper()} file, not a PDF; it was converted as one")
        source = entry.file if kind == "pdf" and not ocr else to_pdf(entry.file, workdir, ocr=ocr)
        pdf = stack.enter_context(open_pdf(source, name))
        if pdf.get_warnings() or (kind == "pdf" and source != entry.file and _was_repaired(entry.file, name)):
            warnings.append(f"{name} was damaged and has been repaired; check its pages in the bundle")
        warnings += _attachment_warnings(entry, pdf)
        inputs.append(_Input(entry, pdf, warnings, source))
    if inputs:
        inputs[0].warnings += _duplicate_warnings(manifest.documents)
    return inputs


def _was_repaired(path: Path, name: str) -> bool:
    """Whether qpdf had to repair the PDF at `path`: asked of the original when the converter (OCR) gave a copy,
    which opens clean because the converter repaired it first."""
    with open_pdf(path, name) as original:
        return bool(original.get_warnings())


def _duplicate_warnings(documents: tuple[DocumentEntry, ...]) -> list[str]:
    """Name documents whose files are byte-for-byte the same. Only files of equal size are hashed, so this
    costs almost nothing when there are no duplicates."""
    by_size: dict[int, list[DocumentEntry]] = {}
    for entry in documents:
        by_size.setdefault(entry.file.stat().st_size, []).append(entry)
    by_hash: dict[str, list[DocumentEntry]] = {}
    for group in by_size.values():
        if len(group) > 1:
            for entry in group:
                with entry.file.open("rb") as handle:
                    by_hash.setdefault(hashlib.file_digest(handle, "sha256").hexdigest(), []).append(entry)
    return [f"the same file appears {len(same)} times: " + ", ".join(f"'{e.title}'" for e in same)
            + "; remove the copies unless each is needed where it is"
            for same in by_hash.values() if len(same) > 1]


def _ordered(template: BundleTemplate, inputs: list[_Input]) -> dict[str, list[_Input]]:
    """Documents by section in template order, by date within a section (ties keep manifest order)."""
    by_section = {section.key: [] for section in template.sections}
    for item in inputs:
        if item.entry.section not in by_section:
            raise ManifestError(f"section '{item.entry.section}' of '{item.entry.title}' is not in the bundle "
                                f"template; use one of {', '.join(by_section)}")
        by_section[item.entry.section].append(item)
    return {key: _date_order(items) for key, items in by_section.items()}


def _date_order(items: list[_Input]) -> list[_Input]:
    """Date order, except documents kept at their place in the manifest's section ("keep here")."""
    places = {id(item): n for n, item in enumerate(items)}
    return date_order(items, lambda item: item.entry.date,
                      lambda item: places[id(item)] if item.entry.keep_here else None)


def _layout(manifest: Manifest, template: BundleTemplate, inputs: list[_Input], bundle_date: date) -> _Layout:
    sections = _ordered(template, inputs)
    case = manifest.case
    appeal_label = template.appeal_types[case.appeal_type]
    front_pages, measure = 2, True
    for _ in range(MAX_LAYOUT_PASSES):
        report = _page_ranges(template, case, sections, front_pages)
        rows = index_rows(template, report)
        notes = _overrun_notes(report, appeal_label, manifest.notes)
        front = render_front_matter(case, appeal_label, bundle_date, report.page_count, rows, notes,
                                    _order_notes(sections), measure=measure)
        if front.page_count == front_pages and not measure:
            break
        front_pages, measure = front.page_count, False
    else:
        raise RuntimeError("the index did not settle on a page count")
    report.warnings = [w for item in inputs for w in item.warnings] + [
        f"Section {s.letter} ({s.title}) has {s.page_count} pages, {s.overrun} over its limit of {s.budget}"
        for s in report.sections if s.overrun] + _extended_budget_flags(template, case)
    order = [item for key in sections for item in sections[key]]
    return _Layout(report, front.data, front.links + _document_links(order, report), order)


def _document_links(order: list[_Input], report: BundleReport) -> list[Link]:
    """The links documents carry to bundle pages, placed on the bundle pages those documents landed on."""
    placed = [doc for section in report.sections for doc in section.documents]
    return [Link(doc.first_page - 1 + link.page, link.rect, link.target)
            for item, doc in zip(order, placed, strict=True) for link in item.entry.links
            if 1 <= link.target <= report.page_count and link.page < doc.page_count]


def _page_ranges(template: BundleTemplate, case, sections: dict[str, list[_Input]],
                 front_pages: int) -> BundleReport:
    next_page = front_pages + 1
    reports = []
    for section in template.sections:
        documents = []
        for item in sections[section.key]:
            count = len(item.pdf.pages)
            entry = item.entry
            documents.append(DocumentReport(entry.id, entry.title, entry.date, str(entry.file), next_page,
                                            next_page + count - 1, count, section.key))
            next_page += count
        pages = sum(d.page_count for d in documents)
        budget = template.budget(section.key, case.appeal_type, bool(case.extended))
        reports.append(SectionReport(
            section.key, section.letter, section.title,
            documents[0].first_page if documents else None, documents[-1].last_page if documents else None,
            pages, budget, max(0, pages - budget) if budget else 0, documents))
    return BundleReport(next_page - 1, front_pages, reports)


def index_rows(template: BundleTemplate, report: BundleReport) -> list[IndexRow]:
    """The index as the bundle prints it: a row for each section, then its documents with their tab numbers."""
    rows = []
    for section in report.sections:
        rows.append(IndexRow("", template.section(section.key).heading, None, section.first_page,
                             section.last_page, is_section=True))
        rows.extend(IndexRow(f"{section.letter}{n}", d.title, d.date, d.first_page, d.last_page)
                    for n, d in enumerate(section.documents, 1))
    return rows


def _extended_budget_flags(template: BundleTemplate, case) -> list[str]:
    """Both figures for each evidence section of an extended appeal, while Schedule One is unread."""
    flags = []
    for section in template.sections:
        figures = template.budget_figures(section.key, case.appeal_type, bool(case.extended))
        if figures.note:
            flags.append(f"Section {section.letter} ({section.title}), extended appeal: {figures.note}")
    return flags


def _order_notes(sections: dict[str, list[_Input]]) -> list[str]:
    """The index note on documents kept out of date order, with the officer's reason for each."""
    return [f"'{item.entry.title}' ({index_date(item.entry.date)}) is kept out of date order: "
            f"{item.entry.keep_here.rstrip('.')}."
            for items in sections.values()
            for item in out_of_date_order(items, lambda i: i.entry.date, lambda i: bool(i.entry.keep_here))]


REASON_PLACEHOLDER = "[explain why each document is needed and why it cannot be shortened]"
SEND7_PLACEHOLDER = "[say whether a request for change (SEND7) has been made, and when]"


def _overrun_notes(report: BundleReport, appeal_label: str, notes: Mapping[str, SectionNote]) -> list[str]:
    """The accompanying note: for each section over its limit, the officer's reason and the SEND7 request.
    What the officer has not written yet stays a bracketed placeholder, and the report names the section."""
    paragraphs, report.note_placeholders = [], []
    for s in report.sections:
        if not s.overrun:
            continue
        note = notes.get(s.key) or SectionNote()
        reason = note.reason.strip().rstrip(".") or REASON_PLACEHOLDER
        if note.send7_made and note.send7_date:
            send7 = f"A request for change (SEND7) was made on {index_date(note.send7_date)}."
        elif note.send7_made is False:
            send7 = "A request for change (SEND7) will be made."
        else:
            send7 = SEND7_PLACEHOLDER
        if REASON_PLACEHOLDER in reason or send7 == SEND7_PLACEHOLDER:
            report.note_placeholders.append(s.key)
        paragraphs.append(
            f"Section {s.letter} ({s.title}) has {s.page_count} pages. The limit for this type of appeal, "
            f"{appeal_label}, is {s.budget} pages, so it is {s.overrun} pages over. "
            f"The local authority asks the Tribunal to accept the extra pages because {reason}. {send7}")
    if paragraphs:
        paragraphs.insert(0, "Practice Direction No. 1 of 2025 asks for an accompanying note explaining why going "
                             "over a page limit is necessary. This bundle is over the following limits:")
    return paragraphs


def _merge_pages(layout: _Layout, workdir: Path) -> pikepdf.Pdf:
    """A new PDF holding the front matter's pages and then every document's, in order, as `qpdf --empty --pages`
    makes it (what each page inherits from its page tree is pushed onto the page).

    qpdf's own merge, not pikepdf's page copy: pikepdf reads every copied stream into memory at once (the whole
    of the inputs, 290 MB for 10,000 pages), where qpdf's merge leaves stream data in the files until the save
    writes it. So the merge reads files: the front matter is written to the work folder, and a document whose
    form values or annotations are flattened into its pages is saved there too. Annotations, page actions and
    the catalogue entries qpdf carries over (a merged /AcroForm) are dropped by the stamp and here, so nothing
    they point at is written.
    """
    front = workdir / "front-matter.pdf"
    front.write_bytes(layout.front_matter)
    sources = [front] + [_page_source(item, workdir, n, layout.report.warnings)
                         for n, item in enumerate(layout.order)]
    out = pikepdf.Job({"empty": "", "noWarn": "", "removeUnreferencedResources": "no",
                       "pages": [{"file": str(path)} for path in sources],
                       "outputFile": str(workdir / "not-written.pdf")}).create_pdf()
    for key in set(out.Root.keys()) - {"/Type", "/Pages"}:
        del out.Root[key]
    return out


def _page_source(item: _Input, workdir: Path, n: int, warnings: list[str]) -> Path:
    """The file to take `item`'s pages from: its own, or a copy with its form values burnt into the pages."""
    if not _flatten_forms(item, warnings):
        return item.source
    flattened = workdir / f"flattened-{n}.pdf"
    item.pdf.save(flattened)
    return flattened


def _number_pages(out: pikepdf.Pdf, layout: _Layout, progress) -> list[pikepdf.Object]:
    """Fit and number every page in one pass (iterating: indexing out.pages is slow)."""
    stamper, front_pages, total = Stamper(out), layout.report.front_matter_pages, layout.report.page_count
    pages = []
    for number, page in enumerate(out.pages, 1):
        stamper.stamp(page.obj, number, fit=number > front_pages)
        pages.append(page.obj)
        if progress:
            progress(number, total)
    return pages


def _attachment_warnings(entry: DocumentEntry, pdf: pikepdf.Pdf) -> list[str]:
    """Attached files are not carried into the bundle: say so, naming them, rather than lose them silently."""
    attached = list(pdf.attachments)
    for page in pdf.pages:
        for annot in page.obj.Annots if "/Annots" in page.obj else ():
            if annot.get("/Subtype") == Name.FileAttachment:
                spec = annot.get("/FS")
                attached.append(str(spec.get("/UF") or spec.get("/F")) if isinstance(spec, Dictionary)
                                else "unnamed")
    if not attached:
        return []
    return [f"'{entry.title}' ({entry.file.name}) has {len(attached)} attached file(s) that are not in the "
            f"bundle: {', '.join(attached)}; add any that are evidence as documents"]


def _flatten_forms(item: _Input, warnings: list[str]) -> bool:
    """Burn form-field values and visible annotations into the page content so they survive the copy; say
    whether the document had any to burn in."""
    pdf = item.pdf
    if not any("/Annots" in page.obj for page in pdf.pages):
        return False
    try:
        if "/AcroForm" in pdf.Root:
            pdf.generate_appearance_streams()
        pdf.flatten_annotations("all")
    except pikepdf.PdfError as exc:
        warnings.append(f"'{item.entry.title}': its form fields could not all be flattened ({exc}); "
                        "check its pages in the bundle")
    return True


def _add_links(out: pikepdf.Pdf, pages: list[pikepdf.Object], links: list[Link]) -> None:
    for link in links:
        target, page = pages[link.target - 1], pages[link.page_index]
        annot = out.make_indirect(Dictionary(
            Type=Name.Annot, Subtype=Name.Link, Rect=Array(link.rect), Border=Array([0, 0, 0]),
            Dest=Array([target, Name.XYZ, None, None, None])))
        if "/Annots" not in page:
            page.Annots = Array()
        page.Annots.append(annot)


def _add_outline(out: pikepdf.Pdf, pages: list[pikepdf.Object], report: BundleReport) -> None:
    with out.open_outline() as outline:
        outline.root.append(_bookmark("Index (p. 2)", pages[1]))
        for section in report.sections:
            if section.first_page is None:
                continue
            item = _bookmark(f"{section.letter}. {section.title} (p. {section.first_page})",
                             pages[section.first_page - 1])
            item.children.extend(
                _bookmark(f"{d.title}, {index_date(d.date)} (p. {d.first_page})", pages[d.first_page - 1])
                for d in section.documents)
            outline.root.append(item)


def _set_document_view(out: pikepdf.Pdf, first_page: pikepdf.Object, manifest: Manifest) -> None:
    out.Root.PageMode = Name.UseOutlines
    out.Root.OpenAction = Array([first_page, Name.XYZ, None, None, 1])
    out.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)  # screen readers and title bars show the title
    out.Root.Lang = pikepdf.String("en-GB")
    out.docinfo[Name.Title] = f"Hearing bundle {manifest.case.reference}"
    out.docinfo[Name.Producer] = "bundler"


def _sanitize(out: pikepdf.Pdf) -> None:
    """A second layer behind dropping input annotations and actions: whatever survived the copy (a page's
    /AA, an action reached through resources) is neutralised by pikepdf's own walk of the action slots, one walk
    for all the kinds of action."""
    from pikepdf.sanitize import Sanitizer

    Sanitizer().remove_javascript().remove_attachments().remove_multimedia().remove_external_access().apply(out)


def _save_atomically(out: pikepdf.Pdf, output: Path, min_version: str) -> None:
    """Write beside the target and rename, so a reader never sees half a bundle and a failure leaves none."""
    started = False
    try:
        with atomic_write(output) as temp:
            started = True
            out.save(temp, object_stream_mode=pikepdf.ObjectStreamMode.generate, min_version=min_version)
    except OSError as exc:
        if not started:
            raise BundleError(f"{output}: cannot write the bundle there ({exc.strerror}); check the folder") from None
        if is_disk_full(exc):
            raise BundleError(f"The disk is full, so the bundle could not be written and nothing was kept: free "
                              f"some space on the disk holding {output.parent}, then build again.") from None
        raise BundleError(f"{output}: cannot write the bundle ({exc}); check the disk has space") from None
