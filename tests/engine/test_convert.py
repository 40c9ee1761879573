"""Word documents and images become bundle pages; the type is judged by content; OCR adds a text layer."""
import io
import shutil
import subprocess
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
from bundler.engine.manifest import load_manifest

from .conftest import damaged_pdf, doc, page_texts, text_pdf, write_manifest

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
    from .conftest import text_pdf
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
