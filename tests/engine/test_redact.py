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

from bundler.engine import convert
from bundler.engine import redact as redaction
from bundler.engine.convert import to_pdf
from bundler.engine.redact import (
    PADDING,
    Box,
    RedactionError,
    clean_terms,
    find_terms,
    normalise,
    redact,
    verify,
    words,
)

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


# --- Areas ----------------------------------------------------------------------------------------------------------



@pytest.mark.parametrize("box", [(1, 0, 0, 1, 1), (1, 0.5, 0.5, 0.5001, 0.5001), (7, 0.9, 0, 1, 0.1)])
def test_an_area_may_reach_every_edge_of_the_page(box):
    assert Box(*box).page == box[0]


@pytest.mark.parametrize("box", [
    (1, 0.2, 0.1, 0.2, 0.3), (1, 0.1, 0.3, 0.2, 0.3), (1, 0.1, 0.1, 1.01, 0.2), (1, 0.1, 0.1, 0.2, 1.01),
    (1, 0.1, -0.01, 0.2, 0.2), (1, -0.01, 0.1, 0.2, 0.2), (0, 0.1, 0.1, 0.2, 0.2), (-2, 0.1, 0.1, 0.2, 0.2),
    (3, 0.3, 0.4, 0.2, 0.5), (3, 0.1, 0.5, 0.2, 0.4)])
def test_an_area_off_the_page_or_inside_out_is_refused_naming_its_page(box):
    with pytest.raises(RedactionError) as refused:
        Box(*box)
    assert str(refused.value) == f"An area on page {box[0]} is not on the page; draw it again."


@pytest.mark.parametrize("word, inside", [
    ((1, 0.1, 0.1, 0.3, 0.3), True),  # centre (0.2, 0.2): on the area's corner
    ((1, 0.0, 0.5, 0.4, 0.7), True),  # centre (0.2, 0.6): on its bottom edge
    ((1, 0.6, 0.2, 0.8, 0.4), True),  # centre (0.7, 0.3): on its right edge
    ((1, 0.1, 0.1, 0.29, 0.3), False), ((1, 0.6, 0.2, 0.82, 0.4), False), ((1, 0.1, 0.1, 0.3, 0.29), False),
    ((1, 0.3, 0.5, 0.5, 0.72), False), ((2, 0.3, 0.3, 0.4, 0.4), False)])  # another page
def test_a_word_is_under_an_area_when_its_centre_is(word, inside):
    area = Box(1, 0.2, 0.2, 0.7, 0.6)
    assert area.contains_centre_of(Box(*word)) is inside


def test_an_area_is_padded_by_a_little_of_the_page_and_no_further_than_its_edges():
    assert PADDING == 0.002
    padded = Box(2, 0.1, 0.2, 0.3, 0.4).padded()
    assert padded.page == 2
    assert (padded.x0, padded.y0, padded.x1, padded.y1) == pytest.approx((0.098, 0.198, 0.302, 0.402), abs=1e-12)
    assert Box(3, 0.001, 0, 0.999, 1).padded() == Box(3, 0.0, 0.0, 1.0, 1.0)


# --- Terms ----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("word, normalised", [
    ("Amira", "amira"), ("AMIRA's", "amira"), ("Amira’s,", "amira"), ("“Amira”", "amira"), ("(Amira)'s", "amira"),
    ("[Smith]:", "smith"), ("{Smith};", "smith"), ("<Smith>!", "smith"), ("*Smith?", "smith"), ("'Smith.'", "smith"),
    ("O'Brien", "o'brien"), ("Mary-Jane", "mary-jane"), ("Jess", "jess"), ("STRASSE", "strasse"),
    ("Straße", "strasse"), ("'s", "s"), ("...", ""), ("Amiras", "amiras")])
def test_a_word_is_compared_case_folded_without_surrounding_punctuation_or_a_possessive(word, normalised):
    assert normalise(word) == normalised


@pytest.mark.parametrize("terms, cleaned", [
    (["Jayden  Smith", " Amira ", "", "   "], ["Jayden Smith", "Amira"]),
    (["Amira", "AMIRA", "amira", "Jayden\tSmith", "jayden smith"], ["Amira", "Jayden Smith"]),
    (["Smith", "Amira", "Smith"], ["Smith", "Amira"]),  # order kept
    (["...", "()", "“”", "Sam"], ["Sam"]),  # nothing left once punctuation goes
    ([], [])])
def test_the_officers_terms_are_cleaned_of_blanks_repeats_and_spacing(terms, cleaned):
    assert clean_terms(terms) == cleaned


def one_page(path: Path, lines, size=A4, rotate=0) -> Path:
    return pages_of(path, [lines], size, rotate)


def pages_of(path: Path, pages, size=A4, rotate=0) -> Path:
    """Pages of Helvetica 14 lines: each line is (x, y, text) in points from the bottom left."""
    c = canvas.Canvas(str(path), pagesize=size)
    for lines in pages:
        c.setFont("Helvetica", 14)
        for x, y, text in lines:
            c.drawString(x, y, text)
        c.showPage()
    c.save()
    if rotate:
        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            for page in pdf.pages:
                page.obj.Rotate = rotate
            pdf.save(path)
    return path


def test_a_name_joined_by_any_dash_slash_plus_or_ampersand_is_found(tmp_path):
    path = one_page(tmp_path / "joined.pdf", [
        (72, 760, "Mary–Jane Tom&Mary Mary+Tom Jo\\Mary Mary--Ann Ann—Mary"),
        (72, 730, "Maryland Rosemary Mary.Ann Mary_Ann Mary Ann")])
    assert [m.text for m in find_terms(path, ["Mary"])] == [
        "Mary–Jane", "Tom&Mary", "Mary+Tom", "Jo\\Mary", "Mary--Ann", "Ann—Mary", "Mary"]


def test_a_match_names_its_term_page_words_and_four_words_either_side_on_its_page(tmp_path):
    path = pages_of(tmp_path / "notes.pdf", [
        [(72, 760, "one two three four five Jayden Smith six seven eight nine ten")],
        [(72, 760, "Jayden Smith came in"), (72, 700, "and left with Jayden")],
        [(72, 760, "Smith again, then Jayden")]])
    found = find_terms(path, ["  jayden   SMITH "])
    assert [(m.term, m.page, m.text, m.before, m.after) for m in found] == [
        ("jayden SMITH", 1, "Jayden Smith", "two three four five", "six seven eight nine"),
        ("jayden SMITH", 2, "Jayden Smith", "", "came in and left")]  # not across a page: "Jayden" / "Smith"
    assert [len(m.boxes) for m in found] == [2, 2]
    first, second = found[0].boxes
    assert first.page == second.page == 1 and first.x1 < second.x0 and first.y0 == pytest.approx(second.y0)
    assert [(m.before, m.after) for m in find_terms(path, ["Jayden Smith"], context=1)] == [
        ("five", "six"), ("", "came")]
    assert [(m.page, m.before, m.after) for m in find_terms(path, ["ten"], context=0)] == [(1, "", "")]


def test_matches_are_listed_in_reading_order_whatever_the_order_of_the_terms(tmp_path):
    path = pages_of(tmp_path / "notes.pdf", [[(72, 760, "Amira met Smith"), (72, 700, "Smith met Amira")],
                                             [(72, 760, "Smith")]])
    assert [(m.page, m.text, m.after) for m in find_terms(path, ["Smith", "Amira"])] == [
        (1, "Amira", "met Smith Smith met"), (1, "Smith", "Smith met Amira"), (1, "Smith", "met Amira"),
        (1, "Amira", ""), (2, "Smith", "")]


# --- Word positions -------------------------------------------------------------------------------------------------

def test_a_word_box_is_its_place_as_a_fraction_of_the_page_from_the_top_left(tmp_path):
    path = one_page(tmp_path / "letter.pdf", [(100, 700, "Alpha beta")])
    alpha, beta = words(path)
    width, height = A4
    assert (alpha.text, beta.text) == ("Alpha", "beta") and alpha.box.page == beta.box.page == 1
    assert alpha.box.x0 == pytest.approx(100 / width, abs=1e-4)
    assert alpha.box.y0 < (height - 700) / height < alpha.box.y1  # the baseline is inside the box
    assert alpha.box.y1 - alpha.box.y0 == pytest.approx(12.95 / height, abs=0.001)  # 14 pt Helvetica's height
    assert alpha.box.x1 < beta.box.x0 < beta.box.x1 < 0.5


@pytest.mark.parametrize("rotate", [90, 270])
def test_a_word_box_on_a_quarter_turned_page_is_on_the_page_as_displayed(tmp_path, rotate):
    """A portrait page turned a quarter displays landscape: the box is a fraction of the landscape page."""
    path = pages_of(tmp_path / "turned.pdf", [[(100, 421, "Upright")], [(100, 421, "Alpha")]])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[1].obj.Rotate = rotate  # the second page only
        pdf.save(path)
    upright, alpha = words(path)
    width, height = A4  # displayed: height wide, width tall
    assert upright.box.x0 == pytest.approx(100 / width, abs=1e-4) and alpha.box.page == 2
    across = (100 / width, (100 + 36) / width)  # "Alpha" in 14 pt is about 36 pt long
    if rotate == 90:
        assert (alpha.box.y0, alpha.box.y1) == pytest.approx(across, abs=0.01)
    else:
        assert (1 - alpha.box.y1, 1 - alpha.box.y0) == pytest.approx(across, abs=0.01)
    assert alpha.box.x0 < 421 / height < alpha.box.x1 + 0.02 and alpha.box.x1 - alpha.box.x0 < 0.03


def test_a_word_partly_off_the_page_is_clipped_to_its_edge(tmp_path):
    path = one_page(tmp_path / "edge.pdf", [(-3, 700, "Leftword"), (100, 836, "Topword"), (590, 600, "Rightword")])
    boxes = {word.text[0]: word.box for word in words(path)}  # what pdftotext keeps of each: "R" of "Rightword"
    assert boxes["L"].x0 == 0.0 and boxes["T"].y0 == 0.0 and boxes["R"].x1 == 1.0
    assert 0 < boxes["L"].x1 < 0.2 and 0 < boxes["T"].y1 < 0.02 and 0.99 < boxes["R"].x0 < 1


# --- Checking the output --------------------------------------------------------------------------------------------

def test_verify_names_every_page_with_text_under_an_area_or_a_term_left(tmp_path):
    source = incident_log(tmp_path / "log.pdf")
    boxes = all_matches(source, ["Amira"])  # pages 1 and 3
    with pytest.raises(RedactionError) as refused:
        verify(source, boxes, ["Amira"])
    assert str(refused.value) == ("Text could still be read under a redaction on page(s) 1, 3; nothing was saved. "
                                  "Try again, or tell the service administrator.")
    with pytest.raises(RedactionError) as refused:
        verify(source, [Box(2, 0.9, 0.9, 1, 1)], NAMES)  # an empty corner: nothing under it
    assert str(refused.value) == ("A redacted term could still be read on page(s) 1, 3; nothing was saved. Draw an "
                                  "area over it and redact again.")
    verify(source, [Box(2, 0.9, 0.9, 1, 1)], ["Rosemary"])  # passes: nothing under it, no term left
    verify(source, [])


def test_verify_reads_the_text_layer_once_for_both_the_areas_and_the_terms(tmp_path, stand_in):
    source = incident_log(tmp_path / "log.pdf")
    recorded = stand_in("pdftotext", "run")
    verify(source, [Box(2, 0.9, 0.9, 1, 1)], ["Rosemary"])
    assert [call["args"] for call in recorded()] == [["-bbox", "-cropbox", str(source), "-"]]


# --- Redacting ------------------------------------------------------------------------------------------------------

def test_redacting_nothing_is_refused(tmp_path):
    source = incident_log(tmp_path / "log.pdf")
    with pytest.raises(RedactionError) as refused:
        redact(source, [], tmp_path / "out.pdf", tmp_path)
    assert str(refused.value) == "Choose at least one match or draw at least one area to redact."


def test_an_area_beyond_the_last_page_is_refused_naming_both(tmp_path):
    source = incident_log(tmp_path / "log.pdf")
    with pytest.raises(RedactionError) as refused:
        redact(source, [Box(2, 0.1, 0.1, 0.2, 0.2), Box(5, 0.1, 0.1, 0.2, 0.2), Box(1, 0.1, 0.1, 0.2, 0.2)],
               tmp_path / "out.pdf", tmp_path)
    assert str(refused.value) == "The document has 3 page(s); an area was drawn on page 5."  # the last one
    assert not (tmp_path / "out.pdf").exists()


def test_redaction_without_ocr_is_refused_saying_what_to_install(tmp_path, monkeypatch):
    source = incident_log(tmp_path / "log.pdf")
    real = shutil.which
    monkeypatch.setattr(convert.shutil, "which", lambda name: None if name == "ocrmypdf" else real(name))
    with pytest.raises(RedactionError) as refused:
        redact(source, [Box(1, 0.1, 0.1, 0.2, 0.2)], tmp_path / "out.pdf", tmp_path)
    assert str(refused.value) == ("The redacted pages could not be given a text layer again: OCR was asked for but "
                                  "OCRmyPDF is not installed: apt-get install ocrmypdf tesseract-ocr-eng")
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.parametrize("tool", ["pdftotext", "pdftoppm"])
def test_redaction_without_poppler_says_what_to_install(tmp_path, monkeypatch, tool):
    source = incident_log(tmp_path / "log.pdf")
    real = shutil.which
    monkeypatch.setattr(redaction.shutil, "which", lambda name: None if name == tool else real(name))
    with pytest.raises(RedactionError) as refused:
        find_terms(source, ["Amira"]) if tool == "pdftotext" else redact(source, [Box(1, 0, 0, 0.1, 0.1)],
                                                                         tmp_path / "out.pdf", tmp_path)
    assert str(refused.value) == f"Redaction needs {tool}: apt-get install poppler-utils"


def test_a_file_poppler_cannot_read_is_refused_by_name(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(RedactionError) as refused:
        words(tmp_path / "notes.pdf")
    assert str(refused.value) == ("notes.pdf could not be read for redaction (pdftotext failed); open it to check it "
                                  "is not damaged.")


@pytest.mark.parametrize("tool, behaviour", [("pdftoppm", "hang"), ("pdftoppm", "fail"), ("pdftotext", "hang")])
def test_a_poppler_tool_that_hangs_or_fails_stops_the_redaction_by_name(tmp_path, monkeypatch, tool, behaviour):
    import os
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / tool).write_text("#!/bin/sh\nsleep 30\n" if behaviour == "hang" else "#!/bin/sh\nexit 1\n")
    (folder / tool).chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(redaction, "TOOL_TIMEOUT", 0.5)
    source = incident_log(tmp_path / "log.pdf")
    with pytest.raises(RedactionError) as refused:
        redact(source, [Box(1, 0, 0, 0.1, 0.1)], tmp_path / "out.pdf", tmp_path) if tool == "pdftoppm" else \
            words(source)
    assert str(refused.value) == ("Reading log.pdf took too long; try again, or split the document." if behaviour ==
                                  "hang" else "log.pdf could not be read for redaction (pdftoppm failed); open it to "
                                              "check it is not damaged.")


@pytest.fixture(scope="module")
def redacted_log(tmp_path_factory):
    """incident_log redacted by drawn areas on pages 3 and 1 (given out of order), with progress recorded."""
    folder = tmp_path_factory.mktemp("redacted-log")
    source = incident_log(folder / "log.pdf")
    [playground] = find_terms(source, ["playground"])
    [mother] = find_terms(source, ["mother"])
    [amira] = [m for m in find_terms(source, ["Amira"]) if m.page == 3]
    boxes = [mother.boxes[0], playground.boxes[0], amira.boxes[0]]
    calls = []
    output = folder / "redacted.pdf"
    work = folder / "work"
    elsewhere = folder / "system-temp"  # where anything written outside the work folder would land
    work.mkdir()
    elsewhere.mkdir()
    import tempfile
    saved, tempfile.tempdir = tempfile.tempdir, str(elsewhere)
    try:
        pages = redact(source, boxes, output, work, progress=lambda done, total: calls.append((done, total)))
    finally:
        tempfile.tempdir = saved
    return source, output, boxes, pages, calls, folder


def test_a_redaction_writes_its_working_files_only_in_its_work_folder(redacted_log):
    """The pages' images and their OCR'd copy hold what was redacted: they go nowhere the caller does not clear."""
    folder = redacted_log[-1]
    assert list((folder / "system-temp").iterdir()) == []
    assert any(path.name.startswith("redacted-pages-ocr-") for path in (folder / "work").iterdir())


def test_a_redaction_returns_its_pages_in_order_and_reports_progress_a_page_at_a_time(redacted_log):
    _, output, _, pages, calls, folder = redacted_log
    assert pages == [1, 3]
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]  # a step a page, one for OCR, one for the check and save
    assert output.is_file() and not list(folder.glob("*.partial"))


def test_a_redacted_page_is_an_image_at_200_dpi_white_under_each_area(redacted_log):
    source, output, boxes, _, _, _ = redacted_log
    with pikepdf.open(output) as pdf:
        assert [len(page.get_images()) for page in pdf.pages] == [1, 0, 1]
        for number in (1, 3):
            [raw] = pdf.pages[number - 1].get_images().values()
            image = pikepdf.PdfImage(raw).as_pil_image().convert("L")
            assert image.size == (1654, 2339)  # A4 at 200 dpi
            width, height = image.size
            for box in (b.padded() for b in boxes if b.page == number):
                under = image.crop((int(box.x0 * width) + 1, int(box.y0 * height) + 1, int(box.x1 * width) - 1,
                                    int(box.y1 * height) - 1))
                assert under.getextrema() == (255, 255)  # nothing of the word left in the pixels
            assert image.getextrema()[0] < 100  # the rest of the page is still there


def test_a_black_rectangle_is_drawn_over_each_padded_area(redacted_log):
    _, output, boxes, _, _, folder = redacted_log
    with pikepdf.open(output) as pdf:
        for number in (1, 3):
            page = pdf.pages[number - 1]
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            width, height = x1 - x0, y1 - y0
            contents = page.obj.Contents
            last = (contents[-1] if isinstance(contents, pikepdf.Array) else contents).read_bytes().decode()
            expected = "".join(f"{x0 + b.x0 * width:.2f} {y1 - b.y1 * height:.2f} {(b.x1 - b.x0) * width:.2f} "
                               f"{(b.y1 - b.y0) * height:.2f} re f\n" for b in boxes if b.page == number
                               for b in [b.padded()])
            assert last == f"q 0 g\n{expected}Q\n"
    subprocess.run(["pdftoppm", "-r", "50", "-f", "3", "-l", "3", "-singlefile", "-gray", "-png", str(output),
                    str(folder / "shown")], check=True)
    with Image.open(folder / "shown.png") as shown:
        for box in (b for b in boxes if b.page == 3):
            centre = (int((box.x0 + box.x1) / 2 * shown.width), int((box.y0 + box.y1) / 2 * shown.height))
            assert shown.convert("L").getpixel(centre) == 0  # black where the reader looks


def test_a_redacted_copy_keeps_only_the_pages(redacted_log):
    source, output, _, _, _, _ = redacted_log
    with pikepdf.open(output) as pdf, pikepdf.open(source) as original:
        assert "/Title" not in pdf.docinfo and "/Author" not in pdf.docinfo and "/Outlines" not in pdf.Root
        assert pdf.pages[1].Contents.read_bytes() == original.pages[1].Contents.read_bytes()
    text = extracted_text(output)
    assert "playground" not in text and "mother" not in text and "behaviour incident" in text


def hidden_text_pdf(path: Path, *page_contents: bytes) -> Path:
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    for content in page_contents:
        pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, 612, 792], Contents=pdf.make_stream(content),
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)))))
    pdf.save(path)
    return path


def test_text_squashed_flat_is_found_and_redacted(tmp_path):
    """pdftotext gives such text a box of no height, but its words can still be copied out of the file."""
    source = hidden_text_pdf(tmp_path / "flat.pdf", b"BT /F1 10 Tf 0 0 0 1 100 300 Tm (Jayden) Tj ET "
                                                    b"BT /F1 10 Tf 100 200 Td (Amira plays) Tj ET")
    names = ["Jayden", "Amira"]
    assert [m.text for m in find_terms(source, names)] == ["Jayden", "Amira"]
    output = tmp_path / "redacted.pdf"
    redact(source, all_matches(source, names), output, tmp_path, terms=names)
    text = extracted_text(output)
    assert "plays" in text and "jayden" not in text and "amira" not in text


def test_text_squashed_to_a_point_at_the_edge_of_the_page_is_found_inside_the_page(tmp_path):
    source = hidden_text_pdf(tmp_path / "point.pdf", b"BT /F1 10 Tf 0 0 0 0 611.95 300 Tm (Jayden) Tj ET")
    [match] = find_terms(source, ["Jayden"])
    [box] = match.boxes
    assert box.x1 == pytest.approx(1) and box.x1 - box.x0 == pytest.approx(0.001)


def test_a_term_in_text_drawn_off_the_page_stops_the_redaction_until_the_page_is_redacted_whole(tmp_path):
    source = hidden_text_pdf(tmp_path / "off.pdf", b"BT /F1 10 Tf 100 200 Td (Amira plays) Tj ET",
                             b"BT /F1 10 Tf -400 500 Td (Smith) Tj ET BT /F1 10 Tf 100 200 Td (Lunch) Tj ET")
    names = ["Amira", "Smith"]
    output = tmp_path / "redacted.pdf"
    with pytest.raises(RedactionError) as refused:
        redact(source, all_matches(source, names), output, tmp_path, terms=names)
    assert str(refused.value) == ("A redacted term is in text not shown on page(s) 2, which could still be copied "
                                  "from the file; nothing was saved. Draw an area over the whole page and redact "
                                  "again.")
    assert not output.exists() and not list(tmp_path.glob("*.partial"))
    redact(source, all_matches(source, names) + [Box(2, 0, 0, 1, 1)], output, tmp_path, terms=names)
    assert "smith" not in extracted_text(output) and "plays" in extracted_text(output)
