"""Redaction removes the information: the output's text layer, its images (OCR'd again here) and its metadata hold
none of the redacted terms, pages without a box are untouched, and a redaction that cannot be proved is refused."""
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from bundler.engine.convert import to_pdf
from bundler.engine.redact import Box, RedactionError, find_terms, redact, verify

pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in ("pdftotext", "pdftoppm", "ocrmypdf", "tesseract")),
    reason="redaction needs poppler-utils and OCR: apt-get install poppler-utils ocrmypdf tesseract-ocr-eng")

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
NAMES = ["Jayden Smith", "Amira"]


def incident_log(path: Path) -> Path:
    """Three pages: names on pages 1 and 3 (a landscape page turned with /Rotate), none on page 2; a name in the
    metadata and a bookmark too."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("Incident log: Jayden Smith")
    c.setAuthor("Amira's teacher")
    c.setFont("Helvetica", 14)
    c.drawString(72, 760, "Behaviour incident on the playground at lunch.")
    c.drawString(72, 730, "Jayden Smith pushed the pupil, and Amira's coat was torn.")
    c.bookmarkPage("p1")
    c.addOutlineEntry("Jayden Smith", "p1")
    c.showPage()
    c.setFont("Helvetica", 14)
    c.drawString(72, 760, "Staff meeting notes about the school trip.")
    c.showPage()
    c.setPageSize(landscape(A4))
    c.setFont("Helvetica", 14)
    c.drawString(72, 500, "Follow up meeting: AMIRA attended with her mother.")
    c.showPage()
    c.save()
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[2].obj.Rotate = 90
        pdf.save(path)
    return path


def scanned_letter(path: Path) -> Path:
    """An image-only page (a scan): no text layer at all, the name only in the pixels."""
    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 44)
    draw.text((100, 200), "Dear parent,", fill="black", font=font)
    draw.text((100, 300), "Yesterday Jayden Smith hurt another pupil.", fill="black", font=font)
    draw.text((100, 400), "Please contact the school office.", fill="black", font=font)
    image.save(path, dpi=(150, 150))
    return path


def cropped_page(path: Path, rotate: int) -> Path:
    """A US Letter page cropped to (50, 60, 500, 700), turned by `rotate`: MARK-NE near the crop's top right,
    MARK-OUT outside the crop box."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    content = b"BT /F1 10 Tf 420 685 Td (MARK-NE) Tj ET BT /F1 10 Tf 10 740 Td (MARK-OUT) Tj ET"
    page = pikepdf.Page(pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, 612, 792], CropBox=[50, 60, 500, 700], Rotate=rotate,
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)), Contents=pdf.make_stream(content)))
    pdf.pages.append(page)
    pdf.save(path)
    return path


def extracted_text(pdf: Path) -> str:
    """Everything a reader could copy: pypdf's and poppler's text extraction, the metadata and the bookmarks."""
    reader = PdfReader(pdf)
    parts = [page.extract_text() or "" for page in reader.pages]
    parts.append(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    parts.append(str(reader.metadata or {}))
    parts.extend(str(item) for item in reader.outline)
    with pikepdf.open(pdf) as document:
        parts.append(str(document.open_metadata()))
    return " ".join(parts).casefold()


def text_in_images(pdf: Path, work: Path) -> str:
    """Every image in the PDF, extracted and OCR'd: what is left in the pixels."""
    found = []
    with pikepdf.open(pdf) as document:
        for number, page in enumerate(document.pages):
            for name, raw in page.get_images().items():
                stem = work / f"image-{number}-{str(name).strip('/')}"
                written = pikepdf.PdfImage(raw).extract_to(fileprefix=str(stem))
                found.append(subprocess.run(["tesseract", written, "-"], capture_output=True, text=True,
                                            check=True).stdout)
    return " ".join(found).casefold()


def all_matches(pdf: Path, terms) -> list[Box]:
    return [box for match in find_terms(pdf, terms) for box in match.boxes]


def test_terms_are_found_as_whole_words_in_any_case_and_with_a_possessive(tmp_path):
    found = find_terms(incident_log(tmp_path / "log.pdf"), NAMES + ["Ami"])
    assert [(m.term, m.page, m.text) for m in found] == [
        ("Jayden Smith", 1, "Jayden Smith"), ("Amira", 1, "Amira's"), ("Amira", 3, "AMIRA")]
    assert found[0].after.startswith("pushed the pupil")
    assert all(0 <= b.x0 < b.x1 <= 1 and 0 <= b.y0 < b.y1 <= 1 for m in found for b in m.boxes)


def test_redacted_output_has_no_term_in_its_text_images_or_metadata(tmp_path):
    source = incident_log(tmp_path / "log.pdf")
    before = source.read_bytes()
    output = tmp_path / "redacted.pdf"
    pages = redact(source, all_matches(source, NAMES), output, tmp_path, terms=NAMES)

    assert pages == [1, 3]
    assert source.read_bytes() == before  # the input is only read
    text = extracted_text(output)
    pixels = text_in_images(output, tmp_path)
    for word in ("jayden", "smith", "amira"):
        assert word not in text and word not in pixels
    # What was not redacted is still there, and readable: the redacted pages were OCR'd again.
    assert "playground" in text and "playground" in pixels and "mother" in text
    assert "staff meeting notes" in text
    with pikepdf.open(output) as pdf, pikepdf.open(source) as original:
        assert len(pdf.pages) == 3
        assert not pdf.pages[1].get_images()  # page 2 was copied as it was, text and all
        assert pdf.pages[1].Contents.read_bytes() == original.pages[1].Contents.read_bytes()
        # The turned page displays as it did (the landscape page with /Rotate 90 shows portrait).
        assert [round(float(v)) for v in pdf.pages[2].mediabox[2:]] == [595, 842]


def test_a_scan_is_redacted_in_its_pixels(tmp_path):
    """An image-only page gets its text layer by OCR; the redacted copy keeps no trace of the name in the image."""
    pdf = to_pdf(scanned_letter(tmp_path / "letter.png"), tmp_path, ocr=True)
    assert "jayden" in text_in_images(pdf, tmp_path)
    boxes = all_matches(pdf, ["Jayden Smith"])
    assert len(boxes) == 2
    output = tmp_path / "letter-redacted.pdf"
    redact(pdf, boxes, output, tmp_path, terms=["Jayden Smith"])
    pixels = text_in_images(output, tmp_path)
    assert "jayden" not in pixels and "smith" not in pixels
    assert "jayden" not in extracted_text(output)
    assert "another pupil" in pixels and "school office" in extracted_text(output)


def test_an_area_removes_whatever_is_under_it(tmp_path):
    """A drawn area, no terms: the words under it are gone, the rest of the page stays."""
    source = incident_log(tmp_path / "log.pdf")
    word = find_terms(source, ["playground"])[0].boxes[0]
    area = Box(1, word.x0 - 0.01, word.y0 - 0.01, word.x1 + 0.01, word.y1 + 0.01)
    output = tmp_path / "redacted.pdf"
    redact(source, [area], output, tmp_path)
    text = extracted_text(output)
    assert "playground" not in text and "behaviour incident" in text


def test_a_term_left_in_the_output_stops_the_redaction_and_writes_nothing(tmp_path):
    source = incident_log(tmp_path / "log.pdf")
    only_page_one = [box for box in all_matches(source, ["Amira"]) if box.page == 1]
    output = tmp_path / "redacted.pdf"
    with pytest.raises(RedactionError, match=r"could still be read on page\(s\) 3"):
        redact(source, only_page_one, output, tmp_path, terms=["Amira"])
    assert not output.exists() and not list(tmp_path.glob("*.partial"))


def test_verify_refuses_text_under_a_box(tmp_path):
    source = incident_log(tmp_path / "log.pdf")
    with pytest.raises(RedactionError, match="under a redaction on page"):
        verify(source, all_matches(source, ["Jayden Smith"]))


@pytest.mark.parametrize("box", [(1, 0.5, 0.1, 0.4, 0.2), (1, -0.1, 0, 0.2, 0.2), (0, 0, 0, 0.1, 0.1)])
def test_an_area_off_the_page_is_refused(box):
    with pytest.raises(RedactionError, match="draw it again"):
        Box(*box)


def test_an_area_on_a_page_the_document_lacks_is_refused(tmp_path):
    source = incident_log(tmp_path / "log.pdf")
    with pytest.raises(RedactionError, match="has 3 page"):
        redact(source, [Box(4, 0.1, 0.1, 0.2, 0.2)], tmp_path / "out.pdf", tmp_path)


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_a_found_word_lands_on_its_ink_in_the_preview_of_a_cropped_turned_page(tmp_path, rotate):
    """Word boxes are in the space pdftoppm renders previews in (crop box, /Rotate), so a box burns out the word."""
    source = cropped_page(tmp_path / "marks.pdf", rotate)
    [match] = find_terms(source, ["MARK-NE"])
    subprocess.run(["pdftoppm", "-cropbox", "-r", "72", "-singlefile", "-gray", "-png", str(source),
                    str(tmp_path / "p")], check=True)
    with Image.open(tmp_path / "p.png") as rendered:
        page = rendered.convert("L")
        box = match.boxes[0]
        width, height = page.size
        ink = page.crop((int(box.x0 * width), int(box.y0 * height), int(box.x1 * width) + 1,
                         int(box.y1 * height) + 1))
        assert ink.getextrema()[0] < 128  # dark pixels of the word inside its box
    assert not find_terms(source, ["MARK-OUT"])  # outside the crop box: not on the page anyone sees


def test_a_name_joined_to_another_is_found_and_the_whole_word_redacted(tmp_path):
    """"Mary" can be read in "Mary-Jane" and "Tom/Mary's": those words match, and the output keeps neither."""
    path = tmp_path / "joined.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 14)
    c.drawString(72, 760, "Mary-Jane and Tom/Mary's group met Rosemary at break.")
    c.showPage()
    c.save()
    found = find_terms(path, ["Mary"])
    assert [m.text for m in found] == ["Mary-Jane", "Tom/Mary's"]  # not Rosemary: a different name
    output = tmp_path / "redacted.pdf"
    redact(path, all_matches(path, ["Mary"]), output, tmp_path, terms=["Mary"])
    text = extracted_text(output)
    assert "mary-" not in text and "/mary" not in text and "rosemary" in text
