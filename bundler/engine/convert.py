"""Turn each input (PDF, Word document, image) into a PDF the bundle can use, judging the type by content.

Inputs are evidence: they are only ever read. Anything produced goes into the caller's work folder.
"""
import codecs
import io
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pikepdf

from ..packages import DAMAGED_ZIP
from . import warm_office
from .errors import UNREADABLE_PDF, InputError
from .limits import DEFAULT_LIMITS, MB, Limits, checked_kind

WORD_KINDS = ("docx", "doc", "odt", "rtf")
IMAGE_KINDS = ("jpeg", "png", "tiff")
_TOOLS = {
    "LibreOffice": ("soffice", "apt-get install libreoffice-writer-nogui"),
    "OCRmyPDF": ("ocrmypdf", "apt-get install ocrmypdf tesseract-ocr-eng"),
    "Tesseract": ("tesseract", "apt-get install tesseract-ocr-eng"),
}
_MAGIC = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"),
          (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"), (b"{\\rtf", "rtf"))
SUPPORTED = "a PDF, a Word document (.docx, .doc, .odt, .rtf) or an image (JPEG, PNG, TIFF)"
_HEAD_BYTES = 1024  # what the kind is judged by
CONVERT_TIMEOUT = 180
CONVERT_MEMORY_MB = 2048  # LibreOffice's address space: a document made to exhaust memory fails, not the host
_keep_warm = False


def keep_libreoffice_warm(enabled: bool) -> None:
    """Word files converted in this process go to one LibreOffice kept running (`warm_office`), or each starts
    LibreOffice afresh (the default, for one-off commands such as `bundler build`)."""
    global _keep_warm
    _keep_warm = enabled
    if not enabled:
        warm_office.stop_shared()


def ocr_available() -> bool:
    return shutil.which("ocrmypdf") is not None and shutil.which("tesseract") is not None


def missing_tools() -> dict[str, str]:
    """The optional tools that are not installed, with the command that installs each."""
    return {name: how for name, (command, how) in _TOOLS.items() if shutil.which(command) is None}


def detect_kind(path) -> str:
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except FileNotFoundError:
        raise InputError(path.name, f"the file is not there ({path}); check the manifest's file name") from None
    except OSError as exc:
        raise InputError(path.name, f"the file cannot be read ({exc.strerror})") from None
    if not head:
        raise InputError(path.name, "the file is empty (0 bytes); ask the sender for the document again")
    if b"%PDF-" in head:
        return "pdf"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    raise InputError(path.name, f"this is not {SUPPORTED}, whatever its name says{_looks_like(head)}; "
                                "open it to see what it is, and save it as a PDF")


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text":
                return "odt"
    except DAMAGED_ZIP:
        raise InputError(path.name, "this looks like a damaged Word or zip file; ask the sender for it again") from None
    raise InputError(path.name, f"this is a zip archive (perhaps a spreadsheet), not {SUPPORTED}; save it as a PDF")


def _looks_like(head: bytes) -> str:
    whole_file = len(head) < _HEAD_BYTES  # else the last character may be cut where the read stopped
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=whole_file)
    except UnicodeDecodeError:
        return ""
    return " (it is plain text)"


def screen(path, name: str | None = None, limits: Limits = DEFAULT_LIMITS) -> str:
    """The file's kind, after the checks that take a moment and catch most bad files at upload: a PDF opens
    (no password, not damaged beyond repair), an image decodes, a Word file is a Word file without a password,
    and none is larger inside than `limits` allow. They run in a child process held to the memory and time
    limits, so a file made to exhaust either is refused like any other bad file."""
    path = Path(path)
    return checked_kind(path, name or path.name, limits)


def screen_here(path: Path, name: str, limits: Limits) -> str:
    """`screen`'s checks, in this process."""
    try:
        kind = detect_kind(path)
    except InputError as exc:
        raise InputError(name, exc.reason) from None
    if kind == "pdf":
        open_pdf(path, name, max_pages=limits.document_pages).close()
    elif kind in IMAGE_KINDS:
        _check_image(path, name, limits)
    elif kind == "doc":
        _check_word_ole(path, name)
    elif kind in ("docx", "odt"):
        _check_unpacked_size(path, name, limits)
    return kind


def _check_image(path: Path, name: str, limits: Limits) -> None:
    from PIL import Image, UnidentifiedImageError

    too_large = (f"the image has more than {limits.image_megapixels} million pixels, more than any page needs; "
                 "ask the sender for a smaller copy (a page scanned at 300 dpi is plenty)")
    try:
        with Image.open(path) as image:
            width, height = image.size
            if width * height > limits.image_megapixels * 1_000_000:
                raise InputError(name, f"{too_large}. This one is {width:,} by {height:,} pixels")
            frames = getattr(image, "n_frames", 1)
            if frames > limits.document_pages:
                raise InputError(name, f"the image has {frames:,} pages; a document can have at most "
                                       f"{limits.document_pages:,}: ask the sender to split it")
            image.verify()
    except Image.DecompressionBombError:
        raise InputError(name, too_large) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, TypeError, EOFError) as exc:  # as met
        raise InputError(name, f"the image is damaged and cannot be read ({exc}); ask the sender for it "
                               "again") from None


def _check_unpacked_size(path: Path, name: str, limits: Limits) -> None:
    """A zip bomb is small on disk and huge unpacked: refuse by the sizes the archive declares for its parts."""
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > limits.docx_unpacked_mb * MB:
        raise InputError(name, f"this Word file unpacks to {unpacked // MB:,} MB, more than the "
                               f"{limits.docx_unpacked_mb:,} MB a document may; it is most likely damaged or "
                               "made to cause trouble. Ask the sender to save it as a PDF and send that")


# The streams that say which program made an OLE2 ("compound") file, as Office 97-2003 and Outlook write them.
_OLE_PROGRAMS = (("Workbook", "an Excel spreadsheet"), ("Book", "an Excel spreadsheet"),
                 ("PowerPoint Document", "a PowerPoint presentation"), ("__properties_version1.0",
                 "an Outlook e-mail message (.msg)"), ("VisioDocument", "a Visio drawing"))


def _check_word_ole(path: Path, name: str) -> None:
    """An OLE2 file is a Word document only if it holds a "WordDocument" stream; a password-protected .docx is
    one holding "EncryptedPackage"; anything else (a spreadsheet, an e-mail) is named for what it is."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {entry[0] for entry in ole.listdir(streams=True, storages=True)}
    except (OSError, ValueError, IndexError) as exc:  # olefile's own errors are OSError; malformed tables others
        raise InputError(name, f"this looks like a damaged Word file ({exc}); ask the sender for it again") from None
    if "EncryptedPackage" in streams:
        raise InputError(name, "is protected with a password: ask the sender for an unprotected copy")
    if "WordDocument" in streams:
        return
    made_by = next((program for stream, program in _OLE_PROGRAMS if stream in streams),
                   "an Office file that is not a Word document")
    raise InputError(name, f"this is {made_by}, not {SUPPORTED}, whatever its name says; open it in the "
                           "program that made it and save it as a PDF")


def to_pdf(path, workdir, *, ocr: bool = False) -> Path:
    """A clean PDF for `path`: the file itself if it is a sound PDF, otherwise a converted or repaired copy."""
    path, workdir = Path(path), Path(workdir)
    kind = detect_kind(path)
    if kind == "pdf":
        with open_pdf(path) as pdf:
            repaired = bool(pdf.get_warnings())
            result = _save_copy(pdf, path, workdir) if repaired else path
    elif kind in WORD_KINDS:
        result = _word_to_pdf(path, kind, workdir)
    else:
        result = _image_to_pdf(path, workdir)
    return ocr_pdf(result, workdir) if ocr and has_page_without_fonts(result) else result


def has_page_without_fonts(path: Path) -> bool:
    """A cheap test for scanned pages: a page that uses no font (directly or in a form) cannot have text.
    Documents with text on every page skip OCR, which would only rewrite them slowly."""
    with pikepdf.open(path) as pdf:
        return any(not _uses_fonts(page.obj.get("/Resources"), depth=0) for page in pdf.pages)


def _uses_fonts(resources, depth: int) -> bool:
    if not isinstance(resources, pikepdf.Dictionary) or depth > 8:
        return False
    if len(resources.get("/Font") or {}):
        return True
    xobjects = resources.get("/XObject")
    forms = [xobjects[name] for name in xobjects.keys()] if isinstance(xobjects, pikepdf.Dictionary) else []
    return any(isinstance(form, pikepdf.Stream) and form.get("/Subtype") == pikepdf.Name.Form
               and _uses_fonts(form.get("/Resources"), depth + 1) for form in forms)


def open_pdf(path, name: str | None = None, *, max_pages: int | None = None) -> pikepdf.Pdf:
    """Open a PDF for copying: owner-only locks open, qpdf repairs what it can, the rest is an InputError; more
    than `max_pages` pages is one too."""
    name = name or Path(path).name
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise InputError(name, "is protected with a password: ask the sender for an unprotected copy") from None
    except UNREADABLE_PDF as exc:
        raise InputError(name, f"is damaged beyond repair ({_short(exc)}); ask the sender for a fresh copy") from None
    try:
        _check_pages(pdf, name, max_pages)
    except Exception:
        pdf.close()
        raise
    return pdf


def _check_pages(pdf: pikepdf.Pdf, name: str, max_pages: int | None) -> None:
    try:
        pages = pdf.pages
        count = len(pages)
        if count == 0:
            _raise_if_out_of_memory(pdf)
            raise InputError(name, "has no pages; ask the sender for a fresh copy")
        if max_pages is not None and count > max_pages:
            raise InputError(name, f"has {count:,} pages; a document can have at most {max_pages:,}: ask the "
                                   "sender to split it into parts, or to send only the pages the case needs")
        for number, page in enumerate(pages, 1):
            contents = page.obj.get("/Contents")
            if contents is not None and not isinstance(contents, (pikepdf.Stream, pikepdf.Array)):
                raise InputError(name, f"is damaged: page {number} has lost its content; ask the sender for a "
                                       "fresh copy")
    except UNREADABLE_PDF as exc:
        raise InputError(name, f"is damaged beyond repair ({_short(exc)}); ask the sender for a fresh copy") from None


def _raise_if_out_of_memory(pdf: pikepdf.Pdf) -> None:
    """qpdf reports running out of memory (a huge object stream) as a warning and carries on with what it has.
    Only asked when the pages are missing: reading the warnings clears them, and `to_pdf` needs them."""
    if any("bad_alloc" in warning for warning in pdf.get_warnings()):
        raise MemoryError("qpdf ran out of memory reading the page tree")


def _short(exc: Exception) -> str:
    reason = str(exc).split(": ", 1)[-1]
    return reason if len(reason) <= 120 else reason[:117] + "..."


def _save_copy(pdf: pikepdf.Pdf, path: Path, workdir: Path) -> Path:
    target = _unique(workdir, path.stem, ".pdf")
    pdf.save(target)
    return target


def _unique(workdir: Path, stem: str, suffix: str) -> Path:
    handle, name = tempfile.mkstemp(prefix=f"{stem[:40]}-", suffix=suffix, dir=workdir)
    os.close(handle)
    return Path(name)


def _word_to_pdf(path: Path, kind: str, workdir: Path) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        raise InputError(path.name, "is a Word document and LibreOffice is not installed to convert it: install "
                                    "LibreOffice Writer (apt-get install libreoffice-writer-nogui)")
    job = Path(tempfile.mkdtemp(prefix="word-", dir=workdir))
    source = job / f"document.{kind}"  # the right extension, whatever the original name says
    shutil.copyfile(path, source)
    profile = workdir / "libreoffice-profile"  # shared by the conversions of one build: creating one is slow
    command = ["prlimit", f"--as={CONVERT_MEMORY_MB * MB}", "--", soffice, "--headless", "--norestore",
               f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf", "--outdir", str(job), str(source)]
    result = job / "document.pdf"
    try:
        if not (_keep_warm and warm_office.shared(soffice, CONVERT_MEMORY_MB).convert(source, result,
                                                                                     CONVERT_TIMEOUT)):
            _run(command, CONVERT_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise InputError(path.name, f"LibreOffice took more than {CONVERT_TIMEOUT} s to convert it; save it as a "
                                    "PDF from Word and use that instead") from None
    if not result.is_file() or result.stat().st_size == 0:
        raise InputError(path.name, "LibreOffice could not convert it (the file may be damaged or locked with a "
                                    "password); save it as a PDF from Word and use that instead")
    return result


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess:
    """Run a converter in its own process group, so a timeout stops its helpers too (soffice forks soffice.bin)."""
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          start_new_session=True) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _image_to_pdf(path: Path, workdir: Path) -> Path:
    import img2pdf  # imported when an image is met: most bundles have none, and start-up time counts

    target = _unique(workdir, path.stem, ".pdf")
    if _has_alpha(path):  # flattened onto white, so every viewer and printer shows the same page
        data = img2pdf.convert(_flattened_frames(path))
    else:
        try:
            data = img2pdf.convert(str(path), rotation=img2pdf.Rotation.ifvalid)
        except Exception:  # img2pdf has many error types for modes it cannot embed as they are; Pillow decides
            data = img2pdf.convert(_flattened_frames(path))
    target.write_bytes(data)
    return target


def _has_alpha(path: Path) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    except (UnidentifiedImageError, OSError) as exc:
        raise _damaged_image(path, exc) from None


def _flattened_frames(path: Path) -> list[bytes]:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            frames = []
            for frame in ImageSequence.Iterator(image):
                frame = frame.convert("RGBA")
                white = Image.new("RGB", frame.size, "white")
                white.paste(frame, mask=frame.getchannel("A"))
                buffer = io.BytesIO()
                white.save(buffer, "PNG", dpi=_resolution(image))
                frames.append(buffer.getvalue())
            return frames
    except (UnidentifiedImageError, OSError) as exc:
        raise _damaged_image(path, exc) from None


def _resolution(image) -> tuple[float, float]:
    """The image's dots per inch, or 150 when it gives none. Pillow says (1, 1) for a TIFF without a resolution
    (and EXIF can give 0): taken at its word, a page scanned at 1,240 pixels wide would be 1,240 inches wide."""
    dpi = image.info.get("dpi")
    return (150, 150) if not dpi or min(dpi) <= 1 else dpi


def _damaged_image(path: Path, exc: Exception) -> InputError:
    return InputError(path.name, f"the image is damaged and cannot be read ({exc}); ask the sender for it again")


def ocr_pdf(path: Path, workdir: Path, jobs: int | None = None) -> Path:
    """Add a text layer to pages that have none (OCRmyPDF --skip-text leaves text pages alone), on `jobs`
    processes (every core by default: OCR is the slowest step a scan goes through)."""
    if not ocr_available():
        raise InputError(path.name, "OCR was asked for but OCRmyPDF is not installed: "
                                    "apt-get install ocrmypdf tesseract-ocr-eng")
    target = _unique(workdir, path.stem + "-ocr", ".pdf")
    command = ["ocrmypdf", "--skip-text", "--output-type", "pdf", "-l", "eng", "--quiet",
               "--jobs", str(jobs or os.cpu_count() or 1), str(path), str(target)]
    try:
        done = _run(command, CONVERT_TIMEOUT * 5)
    except subprocess.TimeoutExpired:
        raise InputError(path.name, "OCR took too long; run the bundle without --ocr, or OCR this file "
                                    "separately") from None
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["no detail"])[-1]
        raise InputError(path.name, f"OCR failed ({detail}); build without --ocr or OCR this file separately")
    return target
