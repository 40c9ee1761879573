"""Word documents and images become bundle pages; the type is judged by content; OCR adds a text layer."""
import io
import shutil
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

import docx
import pikepdf
import pytest
from PIL import Image, ImageDraw, ImageFont

from bundler.engine import convert
from bundler.engine.assemble import build_bundle
from bundler.engine.check import check_bundle
from bundler.engine.convert import detect_kind, missing_tools, to_pdf
from bundler.engine.errors import InputError
from bundler.engine.limits import DEFAULT_LIMITS, MB, Limits
from bundler.engine.manifest import load_manifest

from ..hostile_files import huge_png, ole_file, tiny_pages_pdf, zip_bomb_docx
from .conftest import damaged_pdf, doc, encrypted_pdf, page_texts, text_pdf, write_manifest

FONT = Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")


def text_image(text: str, size=(620, 877), mode="RGB", background="white") -> Image.Image:
    image = Image.new(mode, size, background)
    font = ImageFont.truetype(str(FONT), 40) if FONT.is_file() else ImageFont.load_default()
    ImageDraw.Draw(image).text((40, 300), text, fill="black", font=font)
    return image


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<x/>")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize("content,kind", [
    (b"%PDF-1.7\n...", "pdf"), (b"\n\n%PDF-1.4 after junk", "pdf"), (b"\x89PNG\r\n\x1a\n....", "png"),
    (b"\xff\xd8\xff\xe0....", "jpeg"), (b"II*\x00....", "tiff"), (b"MM\x00*....", "tiff"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....", "doc"), (b"{\\rtf1\\ansi hello}", "rtf"), (odt_bytes(), "odt")])
def test_type_is_detected_from_content_whatever_the_name(tmp_path, content, kind):
    path = tmp_path / "misnamed.txt"
    path.write_bytes(content)
    assert detect_kind(path) == kind


def test_zip_that_is_not_a_word_document_is_refused(tmp_path):
    path = tmp_path / "figures.docx"
    path.write_bytes(xlsx_bytes())
    with pytest.raises(InputError, match="figures.docx: this is a zip archive"):
        detect_kind(path)


def test_missing_libreoffice_says_what_to_install(tmp_path, monkeypatch):
    path = tmp_path / "letter.docx"
    document = docx.Document()
    document.add_paragraph("x")
    document.save(path)
    monkeypatch.setattr(convert.shutil, "which", lambda name: None)
    assert missing_tools()["LibreOffice"] == "apt-get install libreoffice-writer-nogui"
    with pytest.raises(InputError, match=r"letter.docx: .*apt-get install libreoffice-writer-nogui"):
        to_pdf(path, tmp_path)


@pytest.fixture(scope="session")
def image_bundle(tmp_path_factory):
    folder = tmp_path_factory.mktemp("images")
    rgba = text_image("PNG WITH ALPHA", mode="RGBA", background=(0, 0, 0, 0))
    rgba.save(folder / "alpha.png")
    frames = [text_image(f"TIFF FRAME {n}") for n in range(1, 4)]
    frames[0].save(folder / "scan.tiff", save_all=True, append_images=frames[1:], compression="tiff_deflate")
    text_image("JPEG PHOTO").save(folder / "photo.jpg", quality=80)
    text_image("PNG NAMED PDF").save(folder / "disguised.pdf", format="PNG")  # a PNG, whatever the name says
    manifest = write_manifest(folder, [
        doc("la_evidence", "Transparent diagram", "2025-01-01", "alpha.png"),
        doc("la_evidence", "Scanned letter", "2025-01-02", "scan.tiff"),
        doc("la_evidence", "Photo", "2025-01-03", "photo.jpg"),
        doc("la_evidence", "Disguised scan", "2025-01-04", "disguised.pdf")])
    report = build_bundle(load_manifest(manifest), folder / "bundle.pdf")
    return folder, report


def images_on(pdf, page_number):
    xobjects = pdf.pages[page_number - 1].obj.Resources.XObject
    return [pikepdf.PdfImage(xobjects[name]) for name in xobjects.keys()]


def test_images_become_a4_pages_one_per_tiff_frame(image_bundle):
    folder, report = image_bundle
    counts = [d.page_count for d in report.sections[-1].documents]
    assert counts == [1, 3, 1, 1]
    with pikepdf.open(folder / "bundle.pdf") as pdf:
        assert all(tuple(float(v) for v in p.mediabox[2:]) == pytest.approx((595.276, 841.89)) for p in pdf.pages)


def test_png_alpha_is_flattened_onto_white(image_bundle):
    folder, report = image_bundle
    with pikepdf.open(folder / "bundle.pdf") as pdf:
        (image,) = images_on(pdf, report.sections[-1].documents[0].first_page)
        assert "/SMask" not in image.obj
        pil = image.as_pil_image().convert("RGB")
        assert pil.getpixel((5, 5)) == (255, 255, 255)
        assert pil.convert("L").getextrema()[0] < 60  # the text is still there


def test_jpeg_is_embedded_unchanged(image_bundle):
    folder, report = image_bundle
    with pikepdf.open(folder / "bundle.pdf") as pdf:
        (image,) = images_on(pdf, report.sections[-1].documents[2].first_page)
        assert image.obj.Filter == pikepdf.Name.DCTDecode
        assert image.obj.read_raw_bytes() == (folder / "photo.jpg").read_bytes()


def test_png_named_pdf_is_converted_with_a_warning(image_bundle):
    _, report = image_bundle
    assert any("disguised.pdf is really a PNG file" in w for w in report.warnings)


def test_check_names_image_pages_without_text_and_suggests_ocr(image_bundle):
    folder, report = image_bundle
    text_rule = next(r for r in check_bundle(folder / "bundle.pdf") if r.rule == "text on every page")
    first = report.front_matter_pages + 1
    assert not text_rule.passed
    assert text_rule.detail == f"pages {first}\u2013{report.page_count} have no text layer: run OCR " \
                               "(bundler build --ocr)"


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice is not installed: apt-get install libreoffice-writer-nogui")
def test_docx_doc_odt_and_rtf_convert_through_libreoffice(tmp_path):
    document = docx.Document()
    document.add_heading("Case statement", 1)
    document.add_paragraph("WORD CONVERTED paragraph.")
    document.save(tmp_path / "statement.docx")
    (tmp_path / "note.rtf").write_text(r"{\rtf1\ansi{\fonttbl\f0\fswiss Helvetica;}\f0\pard RTF CONVERTED.\par}")
    document.save(tmp_path / "renamed.pdf")  # a .docx whatever its name says
    for kind in ("odt", "doc"):  # LibreOffice itself makes the older formats from the .docx
        subprocess.run(["soffice", "--headless", "--norestore",
                        f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--convert-to", kind,
                        "--outdir", str(tmp_path / "made"), str(tmp_path / "statement.docx")],
                       capture_output=True, timeout=120, check=True)
    manifest = write_manifest(tmp_path, [doc("core", "Statement", "2025-01-01", "statement.docx"),
                                         doc("core", "Note", "2025-01-02", "note.rtf"),
                                         doc("core", "Renamed", "2025-01-03", "renamed.pdf"),
                                         doc("core", "OpenDocument", "2025-01-04", "made/statement.odt"),
                                         doc("core", "Word 97", "2025-01-05", "made/statement.doc")])
    report = build_bundle(load_manifest(manifest), tmp_path / "bundle.pdf")
    texts = page_texts(tmp_path / "bundle.pdf")
    first = report.sections[0].documents
    assert "RTF CONVERTED" in texts[first[1].first_page - 1]
    for document in (first[0], first[2], first[3], first[4]):
        assert "WORD CONVERTED" in texts[document.first_page - 1], document.title
    assert (tmp_path / "statement.docx").stat().st_size > 0 and not list(tmp_path.glob("*.docx.pdf"))


@pytest.mark.skipif(missing_tools().keys() & {"OCRmyPDF", "Tesseract"},
                    reason="OCR tools are not installed: apt-get install ocrmypdf tesseract-ocr-eng")
def test_ocr_adds_a_text_layer_to_a_scanned_page(tmp_path):
    text_image("TRIBUNAL EVIDENCE", size=(1240, 1754)).save(tmp_path / "scan.png", dpi=(150, 150))
    manifest = write_manifest(tmp_path, [doc("la_evidence", "Scanned report", "2025-01-01", "scan.png")])
    build_bundle(load_manifest(manifest), tmp_path / "bundle.pdf", ocr=True)
    assert "TRIBUNAL EVIDENCE" in page_texts(tmp_path / "bundle.pdf")[-1]
    assert all(r.passed for r in check_bundle(tmp_path / "bundle.pdf"))


def test_only_documents_with_fontless_pages_are_sent_for_ocr(tmp_path, monkeypatch):
    sent = []
    monkeypatch.setattr(convert, "ocr_pdf", lambda path, workdir: sent.append(path.name) or path)
    text = text_pdf(tmp_path / "typed.pdf", 2, "Typed")
    text_image("SCAN").save(tmp_path / "scan.png")
    assert to_pdf(text, tmp_path, ocr=True) == text
    to_pdf(tmp_path / "scan.png", tmp_path, ocr=True)
    assert len(sent) == 1 and sent[0].startswith("scan")


def test_converter_that_hangs_is_stopped_with_its_helpers_and_named(tmp_path, monkeypatch):
    pid_file = tmp_path / "helper.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {pid_file}\nwait\n")
    fake.chmod(0o755)
    monkeypatch.setattr(convert.shutil, "which", lambda name: str(fake) if name == "soffice" else None)
    monkeypatch.setattr(convert, "CONVERT_TIMEOUT", 1)
    monkeypatch.setattr(convert, "_keep_warm", False)  # LibreOffice started for the file (an app may have warmed it)
    (tmp_path / "letter.rtf").write_text(r"{\rtf1 hello}")
    with pytest.raises(InputError, match=r"letter.rtf: LibreOffice took more than 1 s"):
        to_pdf(tmp_path / "letter.rtf", tmp_path)
    assert _ends(Path(f"/proc/{pid_file.read_text().strip()}/status"))


def _ends(status: Path) -> bool:
    """True once the process is gone or a zombie: a killed process can still show as running for a moment."""
    for _ in range(100):
        if not status.exists() or "State:\tZ" in status.read_text():
            return True
        time.sleep(0.05)
    return False


# --- Detecting the kind of a file, and the refusals on the way ---------------------------------------------------

NOT_SUPPORTED = ("this is not a PDF, a Word document (.docx, .doc, .odt, .rtf) or an image (JPEG, PNG, TIFF), "
                 "whatever its name says{}; open it to see what it is, and save it as a PDF")


def zip_with(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def refusal(call, *args, **kwargs) -> InputError:
    with pytest.raises(InputError) as refused:
        call(*args, **kwargs)
    return refused.value


def test_a_missing_file_is_named_with_where_it_was_looked_for(tmp_path):
    error = refusal(detect_kind, tmp_path / "gone.pdf")
    assert (error.file, error.reason) == (
        "gone.pdf", f"the file is not there ({tmp_path / 'gone.pdf'}); check the manifest's file name")


def test_a_file_that_cannot_be_read_gives_the_systems_reason(tmp_path):
    (tmp_path / "folder.pdf").mkdir()
    error = refusal(detect_kind, tmp_path / "folder.pdf")
    assert (error.file, error.reason) == ("folder.pdf", "the file cannot be read (Is a directory)")


def test_an_empty_file_is_refused_saying_it_has_no_bytes(tmp_path):
    (tmp_path / "blank.pdf").write_bytes(b"")
    error = refusal(detect_kind, tmp_path / "blank.pdf")
    assert (error.file, error.reason) == ("blank.pdf", "the file is empty (0 bytes); ask the sender for the "
                                                       "document again")


@pytest.mark.parametrize("content, aside", [
    (b"Dear panel, please find my views below.\n", " (it is plain text)"),
    ("Café notes: naïve".encode(), " (it is plain text)"),
    (b"\x00\x01\x02\xff\xfe binary", ""),
    (b"GIF89a\x01\x00\x01\x00\x80\xff", ""),
    (b"x\x89PNG\r\n\x1a\n", ""),  # a signature counts only at the very start
    (b" {\\rtf1 hello}", " (it is plain text)")])
def test_a_file_of_no_supported_kind_is_refused_saying_what_it_may_be(tmp_path, content, aside):
    (tmp_path / "upload.pdf").write_bytes(content)
    error = refusal(detect_kind, tmp_path / "upload.pdf")
    assert (error.file, error.reason) == ("upload.pdf", NOT_SUPPORTED.format(aside))


@pytest.mark.parametrize("character, into", [("é", 1), ("€", 1), ("€", 2), ("🙂", 1), ("🙂", 2), ("🙂", 3)])
def test_text_whose_first_kilobyte_ends_inside_a_character_is_still_called_plain_text(tmp_path, character, into):
    """Only the first 1024 bytes are read, so the last character may be cut there; what is read is still text."""
    content = ("a" * (1024 - into) + character + " and more notes").encode()
    assert content[:1024].decode("utf-8", "ignore") == "a" * (1024 - into)  # cut `into` bytes into the character
    (tmp_path / "notes.pdf").write_bytes(content)
    assert refusal(detect_kind, tmp_path / "notes.pdf").reason == NOT_SUPPORTED.format(" (it is plain text)")


def test_a_short_file_that_ends_inside_a_character_is_not_called_plain_text(tmp_path):
    (tmp_path / "notes.pdf").write_bytes("Café".encode()[:-1])
    assert refusal(detect_kind, tmp_path / "notes.pdf").reason == NOT_SUPPORTED.format("")


@pytest.mark.parametrize("offset, kind", [(1019, "pdf"), (1020, None)])
def test_a_pdf_header_counts_within_the_first_kilobyte_only(tmp_path, offset, kind):
    """%PDF- may follow junk (readers allow it), but only within the first 1024 bytes."""
    path = tmp_path / "late.pdf"
    path.write_bytes(b" " * offset + b"%PDF-1.4\n1 0 obj\n")
    if kind:
        assert detect_kind(path) == kind
    else:  # the first kilobyte is spaces and "%PDF": text
        assert refusal(detect_kind, path).reason == NOT_SUPPORTED.format(" (it is plain text)")


@pytest.mark.parametrize("parts, kind", [
    ({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"}, "docx"),
    ({"mimetype": b"application/vnd.oasis.opendocument.text\n", "content.xml": b"<x/>"}, "odt"),
    ({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}, None),
    ({"content.xml": b"<x/>"}, None),
    ({"word/styles.xml": b"<x/>"}, None)])
def test_a_zip_is_a_word_document_only_by_its_parts(tmp_path, parts, kind):
    path = zip_with(tmp_path / "upload.docx", parts)
    if kind:
        assert detect_kind(path) == kind
    else:
        error = refusal(detect_kind, path)
        assert (error.file, error.reason) == (
            "upload.docx", "this is a zip archive (perhaps a spreadsheet), not a PDF, a Word document (.docx, .doc, "
                           ".odt, .rtf) or an image (JPEG, PNG, TIFF); save it as a PDF")


def test_a_damaged_zip_is_refused_as_a_damaged_word_file(tmp_path):
    (tmp_path / "cut.docx").write_bytes(b"PK\x03\x04" + bytes(200))
    error = refusal(detect_kind, tmp_path / "cut.docx")
    assert (error.file, error.reason) == ("cut.docx", "this looks like a damaged Word or zip file; ask the sender "
                                                      "for it again")


def test_missing_tools_names_each_tool_with_its_install_command(monkeypatch):
    real = shutil.which
    monkeypatch.setattr(convert.shutil, "which", lambda name: None)
    assert missing_tools() == {"LibreOffice": "apt-get install libreoffice-writer-nogui",
                               "OCRmyPDF": "apt-get install ocrmypdf tesseract-ocr-eng",
                               "Tesseract": "apt-get install tesseract-ocr-eng"}
    assert not convert.ocr_available()
    monkeypatch.setattr(convert.shutil, "which", lambda name: None if name == "tesseract" else f"/bin/{name}")
    assert missing_tools() == {"Tesseract": "apt-get install tesseract-ocr-eng"}
    assert not convert.ocr_available()  # OCRmyPDF needs Tesseract
    monkeypatch.setattr(convert.shutil, "which", lambda name: None if name == "ocrmypdf" else f"/bin/{name}")
    assert not convert.ocr_available()
    monkeypatch.setattr(convert.shutil, "which", lambda name: f"/bin/{name}")
    assert missing_tools() == {} and convert.ocr_available()
    monkeypatch.setattr(convert.shutil, "which", real)


def test_keeping_libreoffice_warm_is_switched_on_and_off(monkeypatch):
    monkeypatch.setattr(convert, "_keep_warm", False)
    stopped = []
    monkeypatch.setattr(convert.warm_office, "stop_shared", lambda: stopped.append(True))
    convert.keep_libreoffice_warm(True)
    assert convert._keep_warm is True and stopped == []
    convert.keep_libreoffice_warm(False)
    assert convert._keep_warm is False and stopped == [True]  # the warm LibreOffice is stopped with it


# --- The upload checks (`screen_here`, what `screen` runs in its child process) ----------------------------------

TOO_LARGE = ("the image has more than {} million pixels, more than any page needs; ask the sender for a smaller "
             "copy (a page scanned at 300 dpi is plenty)")


def screened(path, limits=DEFAULT_LIMITS, name="upload") -> str:
    return convert.screen_here(Path(path), name, limits)


def screen_refusal(path, limits=DEFAULT_LIMITS, name="upload") -> str:
    error = refusal(convert.screen_here, Path(path), name, limits)
    assert error.file == name  # the name the officer knows, whatever the file is called on disk
    return error.reason


def assert_screened(path, limits, kind: str, reason: str | None) -> None:
    """Refused for `reason`, or let through as `kind` when there is none."""
    if reason:
        assert screen_refusal(path, limits) == reason
    else:
        assert screened(path, limits) == kind


@pytest.mark.parametrize("width, height, megapixels, refused", [
    (1000, 1000, 1, False), (1001, 1000, 1, True), (1000, 1001, 1, True), (2000, 1000, 2, False),
    (2000, 1001, 2, True)])
def test_an_image_of_more_megapixels_than_the_limit_is_refused_with_its_size(tmp_path, width, height, megapixels,
                                                                             refused):
    reason = f"{TOO_LARGE.format(megapixels)}. This one is {width:,} by {height:,} pixels" if refused else None
    assert_screened(huge_png(tmp_path / "scan.png", width, height), Limits(image_megapixels=megapixels), "png", reason)


def test_an_image_too_large_even_to_open_is_refused_as_too_large(tmp_path, monkeypatch):
    """Pillow refuses to open an image far beyond its own limit (a decompression bomb) before its size is read."""
    from PIL import Image as PILImage
    monkeypatch.setattr(PILImage, "MAX_IMAGE_PIXELS", 1000)
    path = huge_png(tmp_path / "bomb.png", 100, 100)
    assert screen_refusal(path, Limits(image_megapixels=50)) == TOO_LARGE.format(50)


def tiff_of(path: Path, frames: int) -> Path:
    images = [Image.new("L", (2, 2), n % 256) for n in range(frames)]
    images[0].save(path, save_all=True, append_images=images[1:])
    return path


@pytest.mark.parametrize("frames, most, reason", [
    (3, 3, None), (4, 3, "the image has 4 pages; a document can have at most 3: ask the sender to split it"),
    (1001, 1000, "the image has 1,001 pages; a document can have at most 1,000: ask the sender to split it")])
def test_a_tiff_of_more_frames_than_a_document_may_have_pages_is_refused(tmp_path, frames, most, reason):
    assert_screened(tiff_of(tmp_path / "scan.tiff", frames), Limits(document_pages=most), "tiff", reason)


def png_with_bad_checksum(path: Path) -> Path:
    buffer = io.BytesIO()
    Image.effect_noise((64, 64), 50).convert("RGB").save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    data[-30] ^= 0xFF  # inside the image data: its checksum no longer matches
    path.write_bytes(bytes(data))
    return path


def png_cut_short(path: Path, mode="RGBA") -> Path:
    buffer = io.BytesIO()
    Image.new(mode, (200, 200), (0, 0, 0, 0) if mode == "RGBA" else "white").save(buffer, "PNG")
    path.write_bytes(buffer.getvalue()[:60])  # the header, and the image data cut off
    return path


@pytest.mark.parametrize("make, detail", [
    (png_with_bad_checksum, "broken PNG file (bad header checksum in b'IDAT')"),
    (png_cut_short, "Truncated File Read"),
    (lambda path: path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300)) and path, "cannot identify image file '{}'")])
def test_a_damaged_image_is_refused_with_what_is_wrong(tmp_path, make, detail):
    path = make(tmp_path / "photo.png")
    assert screen_refusal(path) == (f"the image is damaged and cannot be read ({detail.format(path)}); ask the sender "
                                    "for it again")


@pytest.mark.parametrize("extra_mb, limit_mb, reason", [
    (1, 2, None),
    (3, 2, "this Word file unpacks to 3 MB, more than the 2 MB a document may; it is most likely damaged or made to "
           "cause trouble. Ask the sender to save it as a PDF and send that")])
def test_a_word_file_is_refused_by_what_it_unpacks_to(tmp_path, extra_mb, limit_mb, reason):
    assert_screened(zip_bomb_docx(tmp_path / "views.docx", extra_mb), Limits(docx_unpacked_mb=limit_mb), "docx",
                    reason)


def word_declaring(path: Path, total: int) -> Path:
    """A .docx whose parts declare `total` bytes unpacked in all (the central directory says so; nothing is
    unpacked to find out)."""
    zip_with(path, {"word/document.xml": b"<x/>", "word/media/big.bin": b""})
    data = bytearray(path.read_bytes())
    entry = data.rindex(b"PK\x01\x02")  # the central directory entry of the last part
    data[entry + 24:entry + 28] = (total - 4).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("total, refused", [(2 * MB, False), (2 * MB + 1, True)])
def test_a_word_file_may_unpack_to_exactly_its_limit(tmp_path, total, refused):
    path = word_declaring(tmp_path / "views.docx", total)
    if refused:
        assert screen_refusal(path, Limits(docx_unpacked_mb=2)).startswith(
            "this Word file unpacks to 2 MB, more than the 2 MB a document may;")  # whole megabytes, rounded down
    else:
        assert screened(path, Limits(docx_unpacked_mb=2)) == "docx"


def test_the_unpacked_size_and_its_limit_are_written_with_thousands_separated(tmp_path):
    path = word_declaring(tmp_path / "views.docx", 2100 * MB)
    assert screen_refusal(path, Limits(docx_unpacked_mb=1500)).startswith(
        "this Word file unpacks to 2,100 MB, more than the 1,500 MB a document may;")


def test_an_odt_is_held_to_the_same_unpacked_limit(tmp_path):
    path = zip_with(tmp_path / "views.odt", {"mimetype": b"application/vnd.oasis.opendocument.text",
                                             "content.xml": bytes(2 * MB)})
    assert screen_refusal(path, Limits(docx_unpacked_mb=1)).startswith("this Word file unpacks to 2 MB, more than "
                                                                       "the 1 MB")
    assert screened(path, Limits(docx_unpacked_mb=3)) == "odt"


def test_an_rtf_is_taken_as_it_is(tmp_path):
    (tmp_path / "note.rtf").write_text(r"{\rtf1 hello}")
    assert screened(tmp_path / "note.rtf", Limits(docx_unpacked_mb=0, document_pages=0, image_megapixels=0)) == "rtf"


def test_the_kind_refusal_is_given_under_the_officers_name_for_the_file(tmp_path):
    (tmp_path / "f1a2b3").write_bytes(b"")
    assert screen_refusal(tmp_path / "f1a2b3", name="Report.pdf") == ("the file is empty (0 bytes); ask the sender "
                                                                      "for the document again")


OFFICE_FILE = ("this is {}, not a PDF, a Word document (.docx, .doc, .odt, .rtf) or an image (JPEG, PNG, TIFF), "
               "whatever its name says; open it in the program that made it and save it as a PDF")


@pytest.mark.parametrize("streams, made_by", [
    (["Workbook"], "an Excel spreadsheet"), (["Book"], "an Excel spreadsheet"),
    (["PowerPoint Document", "Current User"], "a PowerPoint presentation"),
    (["__properties_version1.0"], "an Outlook e-mail message (.msg)"), (["VisioDocument"], "a Visio drawing"),
    (["\x05SummaryInformation"], "an Office file that is not a Word document"), ([], "an Office file that is not "
                                                                                    "a Word document"),
    (["VisioDocument", "Workbook"], "an Excel spreadsheet")])  # named by the first program in the list
def test_an_office_file_that_is_not_word_is_named_for_the_program_that_made_it(tmp_path, streams, made_by):
    path = ole_file(tmp_path / "letter.doc", streams)
    assert screen_refusal(path) == OFFICE_FILE.format(made_by)


@pytest.mark.parametrize("streams", [["WordDocument"], ["Workbook", "WordDocument"], ["1Table", "WordDocument"]])
def test_an_office_file_holding_a_word_document_passes(tmp_path, streams):
    assert screened(ole_file(tmp_path / "letter.doc", streams)) == "doc"


@pytest.mark.parametrize("streams", [["EncryptedPackage"], ["EncryptedPackage", "WordDocument"]])
def test_a_word_file_locked_with_a_password_is_refused_saying_so(tmp_path, streams):
    assert screen_refusal(ole_file(tmp_path / "letter.docx", streams)) == ("is protected with a password: ask the "
                                                                           "sender for an unprotected copy")


def test_a_damaged_office_file_is_refused_with_what_is_wrong(tmp_path):
    path = tmp_path / "letter.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    reason = screen_refusal(path)
    assert reason.startswith("this looks like a damaged Word file (") and reason.endswith(
        "); ask the sender for it again") and len(reason) > len("this looks like a damaged Word file (); ask the "
                                                                "sender for it again")


@pytest.mark.parametrize("pages, most, refused", [(3, 3, False), (4, 3, True), (3, None, False)])
def test_a_pdf_may_have_as_many_pages_as_the_limit(tmp_path, pages, most, refused):
    path = tiny_pages_pdf(tmp_path / "report.pdf", pages)
    if refused:
        error = refusal(convert.open_pdf, path, max_pages=most)
        assert (error.file, error.reason) == (
            "report.pdf", "has 4 pages; a document can have at most 3: ask the sender to split it into parts, or to "
                          "send only the pages the case needs")
    else:
        with convert.open_pdf(path, max_pages=most) as pdf:
            assert len(pdf.pages) == pages


def test_screening_holds_a_pdf_to_the_page_limit_with_thousands_separated(tmp_path):
    path = tiny_pages_pdf(tmp_path / "report.pdf", 1001)
    assert screen_refusal(path, Limits(document_pages=1000)).startswith(
        "has 1,001 pages; a document can have at most 1,000:")
    assert screened(path, Limits(document_pages=1001)) == "pdf"


def test_a_pdf_with_a_user_password_is_refused_saying_so(tmp_path):
    path = encrypted_pdf(tmp_path / "locked.pdf", text_pdf(tmp_path / "plain.pdf", 1, "Secret"), user="letmein")
    error = refusal(convert.open_pdf, path)
    assert (error.file, error.reason) == ("locked.pdf", "is protected with a password: ask the sender for an "
                                                        "unprotected copy")
    assert screen_refusal(path, name="Locked.pdf") == error.reason


def test_a_pdf_with_no_pages_is_refused(tmp_path):
    pikepdf.new().save(tmp_path / "blank.pdf")
    error = refusal(convert.open_pdf, tmp_path / "blank.pdf", "Blank letter")
    assert (error.file, error.reason) == ("Blank letter", "has no pages; ask the sender for a fresh copy")


def test_a_pdf_page_that_has_lost_its_content_is_named(tmp_path):
    path = text_pdf(tmp_path / "report.pdf", 3, "Report")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[1].obj.Contents = pikepdf.Dictionary(Length=0)  # a dictionary where the content stream was
        pdf.save(path)
    error = refusal(convert.open_pdf, path)
    assert (error.file, error.reason) == ("report.pdf", "is damaged: page 2 has lost its content; ask the sender "
                                                        "for a fresh copy")


def test_a_pdf_page_whose_content_is_an_array_of_streams_or_absent_is_sound(tmp_path):
    path = text_pdf(tmp_path / "report.pdf", 2, "Report")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].obj.Contents = pikepdf.Array([pdf.pages[0].obj.Contents])
        del pdf.pages[1].obj["/Contents"]  # a blank page
        pdf.save(path)
    with convert.open_pdf(path) as pdf:
        assert len(pdf.pages) == 2


def half_of(data: bytes) -> bytes:
    return data[:len(data) // 2]


@pytest.mark.parametrize("make, detail", [
    (lambda path: path.write_bytes(b"%PDF-1.4\n" + b"x" * 500),
     "unable to find trailer dictionary while recovering damaged file"),  # found opening it
    (lambda path: path.write_bytes(half_of(text_pdf(path.with_name("whole.pdf"), 4, "Whole").read_bytes())),
     "root of pages tree has no /Kids array")])  # found reading its pages
def test_a_pdf_damaged_beyond_repair_is_refused_with_qpdfs_reason(tmp_path, make, detail):
    path = tmp_path / "report.pdf"
    make(path)
    error = refusal(convert.open_pdf, path)
    assert (error.file, error.reason) == ("report.pdf", f"is damaged beyond repair ({detail}); ask the sender for "
                                                        "a fresh copy")


@pytest.mark.parametrize("length", [120, 121])
def test_a_long_reason_for_damage_is_cut_to_120_characters(tmp_path, length):
    """qpdf's reason starts with the file's path, which is left out: here the name itself holds ": "."""
    tail = ".pdf: unable to find trailer dictionary while recovering damaged file"
    path = tmp_path / ("x: " + "a" * (length - len(tail)) + ".pdf")
    path.write_bytes(b"%PDF-1.4\n" + b"x" * 500)
    reason = "a" * (length - len(tail)) + tail
    shown = reason if length <= 120 else reason[:117] + "..."
    assert refusal(convert.open_pdf, path).reason == (f"is damaged beyond repair ({shown}); ask the sender for a "
                                                      "fresh copy")


def in_child_with_memory(headroom_mb: int, call) -> str:
    """`call()` in a forked copy of this process held to `headroom_mb` MB more address space than it has now, as
    `screen`'s child is held: what it raised (type and message), or "returned"."""
    import os
    import resource
    with open("/proc/self/status") as status:
        size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize"))
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child)
        os.close(read)
        try:
            resource.setrlimit(resource.RLIMIT_AS, (size + headroom_mb * MB,) * 2)
            call()
            outcome = "returned"
        except BaseException as exc:  # noqa: BLE001 (whatever it is, the parent is told)
            outcome = f"{type(exc).__name__}: {exc}"
        os.write(write, outcome.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        outcome = answer.read()
    os.waitpid(pid, 0)
    return outcome


def test_qpdf_running_out_of_memory_on_the_page_tree_is_a_memory_error_not_a_pdf_without_pages(tmp_path):
    """qpdf only warns when it cannot allocate a huge object stream, and then finds no pages: that is reported as
    running out of memory (which `screen` turns into its "needs more than N MB" refusal)."""
    from ..hostile_files import huge_object_stream_pdf
    path = huge_object_stream_pdf(tmp_path / "stream.pdf", 100)
    assert in_child_with_memory(40, lambda: convert.open_pdf(path).close()) == (
        "MemoryError: qpdf ran out of memory reading the page tree")
    with convert.open_pdf(path) as pdf:  # with memory enough it is a sound one-page PDF
        assert len(pdf.pages) == 1


# --- What `to_pdf` produces -------------------------------------------------------------------------------------

def test_a_sound_pdf_is_used_as_it_is_and_nothing_is_written(tmp_path):
    source = text_pdf(tmp_path / "letter.pdf", 2, "Letter")
    work = tmp_path / "work"
    work.mkdir()
    assert to_pdf(source, work) == source
    assert list(work.iterdir()) == []


def test_a_pdf_qpdf_had_to_repair_is_copied_into_the_work_folder(tmp_path):
    source = damaged_pdf(tmp_path / "an-educational-psychology-report-from-the-school.pdf",
                         text_pdf(tmp_path / "whole.pdf", 2, "Repaired report"))
    before = source.read_bytes()
    work = tmp_path / "work"
    work.mkdir()
    copy = to_pdf(source, work)
    assert copy.parent == work and copy.suffix == ".pdf"
    assert copy.name.startswith("an-educational-psychology-report-from-th-")  # 40 characters of the name, then -
    assert [text.strip() for text in page_texts(copy)] == ["Repaired report page 1", "Repaired report page 2"]
    with pikepdf.open(copy) as pdf:
        assert not pdf.get_warnings()  # sound now
    assert source.read_bytes() == before


def page_of(pdf_path: Path, number=1):
    """(width, height) in points, /Rotate, and the images of one page of a PDF."""
    with pikepdf.open(pdf_path) as pdf:
        page = pdf.pages[number - 1]
        size = tuple(round(float(v), 2) for v in page.mediabox[2:])
        images = [(pikepdf.PdfImage(raw), raw) for raw in page.get_images().values()]
        return size, page.obj.get("/Rotate"), [(image.as_pil_image().copy(), dict(raw.items())) for image, raw in
                                               images], len(pdf.pages)


def rgba_png(path: Path, **save) -> Path:
    image = Image.new("RGBA", (300, 150), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle([100, 50, 200, 100], fill=(0, 0, 0, 255))
    image.save(path, **save)
    return path


@pytest.mark.parametrize("save, dpi", [({}, 150), ({"dpi": (300, 300)}, 300), ({"dpi": (100, 100)}, 100)])
def test_an_image_with_transparency_is_flattened_onto_white_at_its_own_resolution(tmp_path, save, dpi):
    """A page is the image's size at its resolution, or at 150 dpi when it gives none."""
    pdf = to_pdf(rgba_png(tmp_path / "diagram.png", **save), tmp_path)
    size, rotate, [(image, raw)], pages = page_of(pdf)
    assert size == pytest.approx((300 * 72 / dpi, 150 * 72 / dpi), abs=0.05) and pages == 1
    assert "/SMask" not in raw and image.mode == "RGB"
    assert image.getpixel((10, 10)) == (255, 255, 255) and image.getpixel((150, 75)) == (0, 0, 0)


@pytest.mark.parametrize("save, dpi", [({}, 150), ({"dpi": (200, 200)}, 200)])
def test_a_transparent_tiff_without_a_resolution_is_taken_at_150_dpi_not_one_inch_a_pixel(tmp_path, save, dpi):
    """Pillow reads a TIFF that gives no resolution as 1 dpi: a 1,240-pixel scan made a page 1,240 inches wide
    (far past the 200 inches a PDF page may be, and a redaction would rasterise it at 200 dpi)."""
    Image.new("RGBA", (1240, 1754), (0, 0, 0, 0)).save(tmp_path / "scan.tiff", **save)
    size, _, [(image, raw)], _ = page_of(to_pdf(tmp_path / "scan.tiff", tmp_path))
    assert size == pytest.approx((1240 * 72 / dpi, 1754 * 72 / dpi), abs=0.05)


def palette_with_transparency(path: Path) -> Path:
    image = Image.new("P", (60, 40), 0)
    image.putpalette([0, 0, 0, 200, 0, 0] + [0] * 762)
    ImageDraw.Draw(image).rectangle([20, 10, 40, 30], fill=1)
    image.save(path, transparency=0)  # index 0 (black) is transparent
    return path


def grey_with_alpha(path: Path) -> Path:
    image = Image.new("LA", (60, 40), (0, 0))
    ImageDraw.Draw(image).rectangle([20, 10, 40, 30], fill=(200, 255))
    image.save(path)
    return path


@pytest.mark.parametrize("make, ink", [(palette_with_transparency, (200, 0, 0)), (grey_with_alpha, (200, 200, 200))])
def test_palette_and_grey_images_with_transparency_are_flattened_too(tmp_path, make, ink):
    _, _, [(image, raw)], _ = page_of(to_pdf(make(tmp_path / "chart.png"), tmp_path))
    assert "/SMask" not in raw
    assert image.convert("RGB").getpixel((2, 2)) == (255, 255, 255)
    assert image.convert("RGB").getpixel((30, 20)) == ink


def test_each_frame_of_a_transparent_tiff_becomes_a_flattened_page(tmp_path):
    frames = [Image.new("RGBA", (40, 30), (0, 0, 0, 0)) for _ in range(2)]
    for number, frame in enumerate(frames):
        frame.putpixel((number, 0), (0, 0, 0, 255))
    frames[0].save(tmp_path / "scan.tiff", save_all=True, append_images=frames[1:])
    pdf = to_pdf(tmp_path / "scan.tiff", tmp_path)
    for number in (1, 2):
        size, _, [(image, raw)], pages = page_of(pdf, number)
        assert pages == 2 and "/SMask" not in raw and size == pytest.approx((40 * 72 / 150, 30 * 72 / 150), abs=0.05)
        rgb = image.convert("RGB")
        assert rgb.getpixel((number - 1, 0)) == (0, 0, 0) and rgb.getpixel((2 - number, 0)) == (255, 255, 255)


def test_an_opaque_png_is_embedded_as_it_is(tmp_path):
    source = Image.effect_noise((64, 48), 60).convert("RGB")
    source.save(tmp_path / "photo.png", dpi=(72, 72))
    result = to_pdf(tmp_path / "photo.png", tmp_path)
    assert result.parent == tmp_path and result.name.startswith("photo-") and result.suffix == ".pdf"
    size, rotate, [(image, raw)], _ = page_of(result)
    assert size == pytest.approx((64, 48), abs=0.05) and rotate is None
    assert image.tobytes() == source.tobytes()


def test_an_image_img2pdf_cannot_embed_as_it_is_goes_in_through_pillow(tmp_path):
    """A 16-bit TIFF: img2pdf refuses it, so it is flattened (at 150 dpi as it gives no resolution)."""
    Image.new("I;16", (50, 20), 65535).save(tmp_path / "scan.tiff")
    size, _, [(image, raw)], _ = page_of(to_pdf(tmp_path / "scan.tiff", tmp_path))
    assert size == pytest.approx((50 * 72 / 150, 20 * 72 / 150), abs=0.05)
    assert image.convert("RGB").getpixel((25, 10)) == (255, 255, 255)


def jpeg_turned(path: Path, orientation: int) -> Path:
    image = Image.new("RGB", (40, 20), "red")
    exif = image.getexif()
    exif[0x0112] = orientation
    image.save(path, exif=exif)
    return path


@pytest.mark.parametrize("orientation, rotate", [(6, 90), (3, 180), (1, None), (9, None)])
def test_a_photo_is_turned_as_its_camera_says_and_a_nonsense_orientation_is_ignored(tmp_path, orientation, rotate):
    path = jpeg_turned(tmp_path / "photo.jpg", orientation)
    _, turned, [(_, raw)], _ = page_of(to_pdf(path, tmp_path))
    assert turned == rotate
    assert raw["/Filter"] == pikepdf.Name.DCTDecode  # the JPEG itself, not a re-encoded copy


@pytest.mark.parametrize("make, detail", [
    (lambda path: path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300)), "cannot identify image file '{}'"),
    (png_cut_short, "image file is truncated"),  # transparent: found flattening it
    (png_with_bad_checksum, "broken data stream when reading image file")])  # opaque: found by Pillow after img2pdf
def test_a_damaged_image_stops_its_conversion_with_what_is_wrong(tmp_path, make, detail):
    path = tmp_path / "photo.png"
    make(path)
    error = refusal(to_pdf, path, tmp_path)
    assert (error.file, error.reason) == (
        "photo.png", f"the image is damaged and cannot be read ({detail.format(path)}); ask the sender for it again")


def form(pdf: pikepdf.Pdf, resources: pikepdf.Dictionary, subtype=pikepdf.Name.Form) -> pikepdf.Stream:
    stream = pdf.make_stream(b"", Type=pikepdf.Name.XObject, Subtype=subtype, BBox=[0, 0, 10, 10],
                             Resources=resources)
    if subtype == pikepdf.Name.Image:
        stream.Width, stream.Height, stream.BitsPerComponent = 1, 1, 8
        stream.ColorSpace = pikepdf.Name.DeviceGray
    return stream


def pdf_with_pages(path: Path, *resources) -> Path:
    with pikepdf.new() as pdf:
        for make in resources:
            page = pdf.add_blank_page(page_size=(100, 100))
            made = make(pdf)
            if made is not None:
                page.obj.Resources = made
        pdf.save(path)
    return path


def font(pdf):
    return pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)))


def nested(depth: int):
    """Resources whose only font is in a form `depth` forms down."""
    def make(pdf):
        resources = font(pdf)
        for _ in range(depth):
            resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=form(pdf, resources)))
        return resources
    return make


@pytest.mark.parametrize("pages, without", [
    ([font], False), ([lambda pdf: None], True), ([lambda pdf: pikepdf.Dictionary(Font=pikepdf.Dictionary())], True),
    ([font, lambda pdf: pikepdf.Dictionary()], True), ([font, font], False), ([nested(1)], False),
    ([nested(8)], False), ([nested(9)], True),  # forms nested deeper than 8 are not searched
    ([lambda pdf: pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=form(pdf, font(pdf), pikepdf.Name.Image)))],
     True),  # an image's stray /Resources are not a font the page uses
    ([lambda pdf: pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=pikepdf.Dictionary(font(pdf))))], True),
    ([lambda pdf: pikepdf.Dictionary(XObject=pikepdf.Dictionary(A=form(pdf, pikepdf.Dictionary()),
                                                                B=form(pdf, font(pdf))))], False)])
def test_a_page_without_fonts_anywhere_is_taken_for_a_scan(tmp_path, pages, without):
    assert convert.has_page_without_fonts(pdf_with_pages(tmp_path / "doc.pdf", *pages)) is without


# --- The converters' command lines and failures (stand-in programs on PATH) ----------------------------------------

@pytest.fixture
def work(tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def test_ocr_runs_ocrmypdf_on_pages_without_text_only_into_a_new_file(tmp_path, work, stand_in):
    recorded = stand_in("ocrmypdf", "copy")
    stand_in("tesseract", "copy")
    source = text_pdf(tmp_path / "scan.pdf", 1, "Scan")
    result = convert.ocr_pdf(source, work, jobs=3)
    assert result.parent == work and result.name.startswith("scan-ocr-") and result.suffix == ".pdf"
    assert result.read_bytes() == source.read_bytes()
    assert recorded()[-1]["args"] == ["--skip-text", "--output-type", "pdf", "-l", "eng", "--quiet", "--jobs", "3",
                                  str(source), str(result)]


def test_ocr_uses_every_core_unless_told(tmp_path, work, stand_in, monkeypatch):
    recorded = stand_in("ocrmypdf", "copy")
    stand_in("tesseract", "copy")
    source = text_pdf(tmp_path / "scan.pdf", 1, "Scan")
    monkeypatch.setattr(convert.os, "cpu_count", lambda: 7)
    convert.ocr_pdf(source, work)
    assert recorded()[-1]["args"][6:8] == ["--jobs", "7"]
    monkeypatch.setattr(convert.os, "cpu_count", lambda: None)  # when it cannot be told, one
    convert.ocr_pdf(source, work)
    assert recorded()[-1]["args"][6:8] == ["--jobs", "1"]


def test_a_builds_ocr_is_written_in_its_work_folder_and_removed_with_it(tmp_path, stand_in, monkeypatch):
    """The work folder is a temporary one build_bundle makes and removes: the OCR'd copy must not outlive it."""
    recorded = stand_in("ocrmypdf", "copy")
    stand_in("tesseract", "copy")
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    text_image("SCAN").save(tmp_path / "scan.png")
    manifest = write_manifest(tmp_path, [doc("la_evidence", "Scanned report", "2025-01-01", "scan.png")])
    build_bundle(load_manifest(manifest), tmp_path / "bundle.pdf", ocr=True)
    [call] = recorded()
    ocr_copy = Path(call["args"][-1])
    assert ocr_copy.parent.parent == temp and ocr_copy.parent.name.startswith("bundle-")
    assert list(temp.iterdir()) == []


@pytest.mark.parametrize("stderr, detail", [
    ("WARNING first\nPriorOcrFoundError: page already has text\n", "PriorOcrFoundError: page already has text"),
    ("", "no detail"), ("  \n", "no detail")])
def test_ocr_that_fails_is_refused_with_the_last_line_it_wrote(tmp_path, work, stand_in, stderr, detail):
    stand_in("ocrmypdf", "fail" + stderr)
    stand_in("tesseract", "copy")
    error = refusal(convert.ocr_pdf, text_pdf(tmp_path / "scan.pdf", 1, "Scan"), work)
    assert (error.file, error.reason) == ("scan.pdf", f"OCR failed ({detail}); build without --ocr or OCR this file "
                                                      "separately")


def test_ocr_that_takes_too_long_is_stopped_and_named(tmp_path, work, stand_in, monkeypatch):
    stand_in("ocrmypdf", "hang")
    stand_in("tesseract", "copy")
    monkeypatch.setattr(convert, "CONVERT_TIMEOUT", 0.2)  # OCR is given five times as long as a conversion
    error = refusal(convert.ocr_pdf, text_pdf(tmp_path / "scan.pdf", 1, "Scan"), work)
    assert (error.file, error.reason) == ("scan.pdf", "OCR took too long; run the bundle without --ocr, or OCR this "
                                                      "file separately")


def test_ocr_without_ocrmypdf_says_what_to_install(tmp_path, work, monkeypatch):
    monkeypatch.setattr(convert.shutil, "which", lambda name: None)
    error = refusal(convert.ocr_pdf, text_pdf(tmp_path / "scan.pdf", 1, "Scan"), work)
    assert (error.file, error.reason) == ("scan.pdf", "OCR was asked for but OCRmyPDF is not installed: apt-get "
                                                      "install ocrmypdf tesseract-ocr-eng")
    assert list(work.iterdir()) == []


WORD_FILES = {"docx": lambda: zip_with_bytes({"word/document.xml": b"<x/>"}),
              "odt": odt_bytes, "doc": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
              "rtf": lambda: b"{\\rtf1 hello}"}


def zip_with_bytes(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", WORD_FILES)
def test_a_word_file_goes_to_libreoffice_under_its_own_extension_in_a_memory_limit(tmp_path, work, stand_in, kind):
    recorded = stand_in("soffice", "copy")
    source = tmp_path / "Statement of Mary.pdf"  # the name says PDF; the content decides
    source.write_bytes(WORD_FILES[kind]())
    result = to_pdf(source, work)
    assert result.name == "document.pdf" and result.parent.parent == work and result.parent.name.startswith("word-")
    assert result.read_bytes() == source.read_bytes()  # what LibreOffice was given is the file itself
    [call] = recorded()
    profile = (work / "libreoffice-profile").as_uri()  # shared by the conversions of one build
    assert call["args"] == ["--headless", "--norestore", f"-env:UserInstallation={profile}", "--convert-to", "pdf",
                            "--outdir", str(result.parent), str(result.parent / f"document.{kind}")]
    assert int(call["address_space"]) == convert.CONVERT_MEMORY_MB * MB == 2048 * MB


@pytest.mark.parametrize("behaviour", ["nothing", "empty", "failcould not load\n"])
def test_a_word_file_libreoffice_cannot_convert_is_refused(tmp_path, work, stand_in, behaviour):
    stand_in("soffice", behaviour)
    (tmp_path / "letter.rtf").write_text(r"{\rtf1 hello}")
    error = refusal(to_pdf, tmp_path / "letter.rtf", work)
    assert (error.file, error.reason) == ("letter.rtf", "LibreOffice could not convert it (the file may be damaged "
                                                        "or locked with a password); save it as a PDF from Word and "
                                                        "use that instead")


def test_a_word_file_libreoffice_takes_too_long_over_is_refused_saying_how_long(tmp_path, work, stand_in,
                                                                                 monkeypatch):
    stand_in("soffice", "hang")
    monkeypatch.setattr(convert, "CONVERT_TIMEOUT", 1)
    (tmp_path / "letter.rtf").write_text(r"{\rtf1 hello}")
    error = refusal(to_pdf, tmp_path / "letter.rtf", work)
    assert (error.file, error.reason) == ("letter.rtf", "LibreOffice took more than 1 s to convert it; save it as a "
                                                        "PDF from Word and use that instead")


def test_a_word_file_without_libreoffice_says_what_to_install(tmp_path, work, monkeypatch):
    monkeypatch.setattr(convert.shutil, "which", lambda name: None)
    (tmp_path / "letter.rtf").write_text(r"{\rtf1 hello}")
    error = refusal(to_pdf, tmp_path / "letter.rtf", work)
    assert (error.file, error.reason) == ("letter.rtf", "is a Word document and LibreOffice is not installed to "
                                                        "convert it: install LibreOffice Writer (apt-get install "
                                                        "libreoffice-writer-nogui)")
    assert list(work.iterdir()) == []



class WarmStandIn:
    """Stands in for `warm_office.shared(...)`: records what it is asked, and answers as a warm LibreOffice would
    (True having written the PDF, False when it could not be asked, or a timeout)."""

    def __init__(self, answer):
        self.answer, self.asked, self.calls = answer, [], []

    def shared(self, soffice, memory_mb):
        self.asked.append((soffice, memory_mb))
        return self

    def convert(self, source, target, timeout):
        self.calls.append((source.name, source.read_bytes(), target, timeout))
        if self.answer == "timeout":
            raise subprocess.TimeoutExpired("LibreOffice (warm)", timeout)
        if self.answer:
            target.write_bytes(b"%PDF-1.7 converted warm")
        return self.answer


@pytest.mark.parametrize("answer, converted_by", [(True, "warm"), (False, "fresh")])
def test_a_warm_libreoffice_is_asked_first_and_a_fresh_one_only_if_it_cannot_be(tmp_path, work, stand_in, monkeypatch,
                                                                                answer, converted_by):
    recorded = stand_in("soffice", "copy")
    warm = WarmStandIn(answer)
    monkeypatch.setattr(convert.warm_office, "shared", warm.shared)
    monkeypatch.setattr(convert, "_keep_warm", True)
    monkeypatch.setattr(convert, "CONVERT_TIMEOUT", 77)
    (tmp_path / "letter.rtf").write_bytes(b"{\\rtf1 hello}")
    result = to_pdf(tmp_path / "letter.rtf", work)
    assert warm.asked == [(shutil.which("soffice"), 2048)]
    assert warm.calls == [("document.rtf", b"{\\rtf1 hello}", result, 77)]
    if converted_by == "warm":
        assert result.read_bytes() == b"%PDF-1.7 converted warm" and not (tmp_path / "bin" / "soffice.log").exists()
    else:
        [call] = recorded()
        assert result.read_bytes() == b"{\\rtf1 hello}" and call["args"][-1] == str(result.with_suffix(".rtf"))


def test_a_warm_libreoffice_that_times_out_is_reported_like_a_fresh_one(tmp_path, work, stand_in, monkeypatch):
    stand_in("soffice", "copy")
    monkeypatch.setattr(convert.warm_office, "shared", WarmStandIn("timeout").shared)
    monkeypatch.setattr(convert, "_keep_warm", True)
    (tmp_path / "letter.rtf").write_bytes(b"{\\rtf1 hello}")
    error = refusal(to_pdf, tmp_path / "letter.rtf", work)
    assert error.reason == "LibreOffice took more than 180 s to convert it; save it as a PDF from Word and use that " \
                           "instead"
    assert not (tmp_path / "bin" / "soffice.log").exists()  # not tried again: it would take as long


def test_no_warm_libreoffice_is_asked_unless_kept_warm(tmp_path, work, stand_in, monkeypatch):
    stand_in("soffice", "copy")
    warm = WarmStandIn(True)
    monkeypatch.setattr(convert.warm_office, "shared", warm.shared)
    (tmp_path / "letter.rtf").write_bytes(b"{\\rtf1 hello}")
    assert to_pdf(tmp_path / "letter.rtf", work).read_bytes() == b"{\\rtf1 hello}"
    assert warm.asked == []


@pytest.mark.parametrize("kind, save", [("jpeg", "JPEG"), ("png", "PNG"), ("tiff", "TIFF")])
def test_a_single_image_is_one_page_within_a_one_page_limit(tmp_path, kind, save):
    Image.new("RGB", (20, 10), "white").save(tmp_path / "photo", save)
    assert screened(tmp_path / "photo", Limits(document_pages=1, image_megapixels=1)) == kind


@pytest.mark.parametrize("ocr", [False, True], ids=["as it is", "sent for OCR"])
def test_a_repaired_pdf_is_warned_of_whether_or_not_it_is_sent_for_ocr(tmp_path, ocr):
    """A text PDF needs no OCR, so `ocr=True` only sends it through the converter, which repairs it first."""
    damaged_pdf(tmp_path / "damaged.pdf", text_pdf(tmp_path / "src.pdf", 2, "Repaired report"))
    text_pdf(tmp_path / "sound.pdf", 1, "Sound letter")
    manifest = load_manifest(write_manifest(tmp_path, [doc("core", "Report", "2025-01-01", "damaged.pdf"),
                                                       doc("core", "Letter", "2025-01-02", "sound.pdf")]))
    report = build_bundle(manifest, tmp_path / "b.pdf", ocr=ocr)
    assert report.warnings == ["damaged.pdf was damaged and has been repaired; check its pages in the bundle"]
    texts = page_texts(tmp_path / "b.pdf")
    assert ["Repaired report page 2" in texts[3], "Sound letter page 1" in texts[4]] == [True, True]
