"""Page geometry: any box and rotation lands upright on A4 above the number band, scaled and never cropped."""
import pikepdf
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pikepdf import Array, Dictionary, Name

from bundler.engine.stamp import (
    A4,
    BAND,
    FONT_KEY,
    Stamper,
    _num,
    _rect,
    effective_box,
    inherited,
    placement,
    rotation,
    upright_matrix,
)

coordinate = st.floats(min_value=-5000, max_value=5000, allow_nan=False)
extent = st.floats(min_value=20, max_value=6000, allow_nan=False)


def apply(matrix, x, y):
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


@given(x0=coordinate, y0=coordinate, width=extent, height=extent, rotate=st.sampled_from([0, 90, 180, 270]))
def test_the_whole_box_lands_inside_the_page_above_the_band_and_fills_one_dimension(x0, y0, width, height,
                                                                                   rotate):
    box = (x0, y0, x0 + width, y0 + height)
    (page_width, page_height), matrix = placement(box, rotate)
    corners = [apply(matrix, x, y) for x in (box[0], box[2]) for y in (box[1], box[3])]
    xs, ys = [u for u, _ in corners], [v for _, v in corners]
    tolerance = 1e-6 * max(page_width, page_height)
    assert min(xs) >= -tolerance and max(xs) <= page_width + tolerance
    assert min(ys) >= BAND - tolerance and max(ys) <= page_height + tolerance
    fills_width = max(xs) - min(xs) == pytest.approx(page_width, rel=1e-6)
    fills_height = max(ys) - min(ys) == pytest.approx(page_height - BAND, rel=1e-6)
    assert fills_width or fills_height
    box_width, box_height = box[2] - box[0], box[3] - box[1]
    displayed_landscape = (box_width > box_height) if rotate in (0, 180) else (box_height > box_width)
    assert (page_width, page_height) == ((A4[1], A4[0]) if displayed_landscape else A4)


@pytest.mark.parametrize("rotate,corner", [(0, "top-left"), (90, "top-right"), (180, "bottom-right"),
                                           (270, "bottom-left")])
def test_rotation_moves_the_top_left_corner_where_a_viewer_shows_it(rotate, corner):
    box = (100, 200, 400, 600)
    (width, height), matrix = placement(box, rotate)
    u, v = apply(matrix, 100, 600)  # the unrotated page's top-left corner
    horizontal = "left" if u < width / 2 else "right"
    vertical = "top" if v > height / 2 else "bottom"
    assert f"{vertical}-{horizontal}" == corner


def test_crop_box_is_clipped_to_the_media_box_and_normalised():
    import pikepdf
    page = pikepdf.Dictionary(MediaBox=[0, 0, 600, 800], CropBox=[700, 900, -10, 100], Rotate=-450)
    assert effective_box(page) == (0, 100, 600, 800)
    assert rotation(page) == 270


@pytest.mark.parametrize("media", [[0, 0, 0, 0], [10, 10, 10.5, 500], "junk", None])
def test_degenerate_or_missing_media_box_falls_back_to_the_spec_default(media):
    import pikepdf
    page = pikepdf.Dictionary() if media is None else pikepdf.Dictionary(MediaBox=media)
    assert effective_box(page) == (0, 0, 612, 792)


@pytest.mark.parametrize("rotate,matrix,size", [
    (0, (1, 0, 0, 1, -10, -20), (100, 200)),
    (90, (0, -1, 1, 0, -20, 110), (200, 100)),
    (180, (-1, 0, 0, -1, 110, 220), (100, 200)),
    (270, (0, 1, -1, 0, 220, -10), (200, 100)),
])
def test_the_upright_matrix_turns_the_box_as_displayed_and_gives_the_displayed_size(rotate, matrix, size):
    assert upright_matrix((10, 20, 110, 220), rotate) == (matrix, size)


@pytest.mark.parametrize("box,rotate,page,matrix", [
    # taller than A4: the height (less the band) binds, centred across
    ((0, 0, 100, 200), 0, A4, (4.06945, 0, 0, 4.06945, 94.1655, 28)),
    # an offset box is moved to the origin before scaling
    ((50, 60, 150, 260), 0, A4, (4.06945, 0, 0, 4.06945, -109.307, -216.167)),
    # a square is portrait, and the width binds: centred up and down above the band
    ((0, 0, 100, 100), 0, A4, (5.95276, 0, 0, 5.95276, 0, 137.307)),
    # US Letter turned 90 degrees lands on landscape A4
    ((0, 0, 612, 792), 90, (A4[1], A4[0]), (0, -0.9269216, 0.9269216, 0, 53.884059, 595.276)),
])
def test_placement_scales_and_centres_the_box_above_the_band(box, rotate, page, matrix):
    (width, height), got = placement(box, rotate)
    assert (width, height) == page
    assert got == pytest.approx(matrix, abs=1e-4)


@pytest.mark.parametrize("box,page", [((0, 0, 612, 792), A4), ((0, 0, 842, 595), (A4[1], A4[0])),
                                      ((0, 0, 500, 500), A4)])
def test_placement_without_fitting_keeps_the_content_where_it_is_on_a4_of_its_orientation(box, page):
    assert placement(box, 0, fit=False) == (page, (1, 0, 0, 1, 0, 0))


@pytest.mark.parametrize("value,text", [(1.0, "1"), (100, "100"), (0.5, "0.5"), (-2.25, "-2.25"), (1 / 3, "0.3333"),
                                        (12.00004, "12"), (0.0, "0"), (-0.00001, "0"), (595.276, "595.276")])
def test_numbers_in_content_streams_are_short_and_never_minus_zero(value, text):
    assert _num(value) == text


@pytest.mark.parametrize("value,rect", [
    ([0, 0, 1, 1], (0, 0, 1, 1)), ([10, 20, 0, 0], (0, 0, 10, 20)), ([0, 0, 0.99, 50], None),
    ([0, 0, 50, 0.99], None), ([1, 2, 3], None), (None, None)])
def test_a_box_is_normalised_and_one_under_a_point_wide_or_tall_is_refused(value, rect):
    assert _rect(None if value is None else pikepdf.Array(value)) == rect


@pytest.mark.parametrize("crop,box", [
    ([-50, 100, 300, 900], (0, 100, 300, 800)),  # clipped to the media box on every side it crosses
    ([599, 0, 700, 800], (599, 0, 600, 800)),  # exactly 1 pt of overlap is still a box
    ([599.5, 0, 700, 800], (0, 0, 600, 800)),  # under 1 pt of overlap: the media box
    ([0, 799, 600, 900], (0, 799, 600, 800)),
    ([0, 799.5, 600, 900], (0, 0, 600, 800)),
    ([700, 900, 800, 1000], (0, 0, 600, 800)),  # no overlap at all
    ([0, 0, 0, 0], (0, 0, 600, 800)),  # a degenerate crop box is ignored
])
def test_the_visible_box_is_the_crop_box_inside_the_media_box(crop, box):
    page = pikepdf.Dictionary(MediaBox=[0, 0, 600, 800], CropBox=crop)
    assert effective_box(page) == box


def test_a_crop_box_without_a_media_box_is_clipped_to_us_letter():
    assert effective_box(pikepdf.Dictionary(CropBox=[100, 100, 900, 900])) == (100, 100, 612, 792)


@pytest.mark.parametrize("rotate,expected", [(None, 0), (0, 0), (90, 90), (-90, 270), (450, 90), (720, 0),
                                             (100, 90), (45, 0), (135, 180), (-180, 180)])
def test_rotation_is_a_quarter_turn_from_0_to_270(rotate, expected):
    page = pikepdf.Dictionary() if rotate is None else pikepdf.Dictionary(Rotate=rotate)
    assert rotation(page) == expected


@pytest.mark.parametrize("junk", [pikepdf.String("ninety"), pikepdf.Name.Ninety, pikepdf.Array([90])])
def test_a_rotation_that_is_not_a_number_counts_as_none(junk):
    assert rotation(pikepdf.Dictionary(Rotate=junk)) == 0


def _page_tree(depth: int, **value):
    """A page whose value sits `depth` /Parent links up its page tree (0: on the page itself)."""
    pdf = pikepdf.new()
    node = pdf.make_indirect(pikepdf.Dictionary(**value))
    for _ in range(depth):
        node = pdf.make_indirect(pikepdf.Dictionary(Parent=node))
    return pdf, node


@pytest.mark.parametrize("depth,found", [(0, True), (1, True), (2, True), (63, True), (64, False)])
def test_an_attribute_is_inherited_from_up_to_63_levels_up_the_page_tree(depth, found):
    pdf, page = _page_tree(depth, Rotate=90)
    assert inherited(page, "/Rotate") == (90 if found else None)
    assert inherited(page, "/MediaBox") is None


def test_the_page_own_value_wins_over_its_parents():
    pdf, parent = _page_tree(0, Rotate=90)
    page = pdf.make_indirect(pikepdf.Dictionary(Parent=parent, Rotate=180))
    assert inherited(page, "/Rotate") == 180


def test_a_page_tree_that_loops_back_on_itself_ends_the_search():
    pdf = pikepdf.new()
    page = pdf.make_indirect(pikepdf.Dictionary())
    page.Parent = page
    assert inherited(page, "/Rotate") is None


def _pdf_with_pages(*pages: dict):
    pdf = pikepdf.new()
    for keys in pages:
        pdf.pages.append(pikepdf.Page(Dictionary(Type=Name.Page, **keys)))
    return pdf, [page.obj for page in pdf.pages]


def test_a_stamped_page_draws_its_number_then_its_transform_then_its_own_content():
    pdf, (page,) = _pdf_with_pages({"MediaBox": Array([0, 0, 612, 792]), "Rotate": 90})
    original = pdf.make_stream(b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET")
    page.Contents = original
    Stamper(pdf).stamp(page, 7)
    number, prefix, content, suffix = page.Contents
    # landscape A4, 841.89 wide: one digit of 11 pt Helvetica (6.116 pt) centred, on the 10 pt baseline
    assert number.read_bytes() == b"q BT /BdlNum 11 Tf 417.89 10.0 Td (7) Tj ET Q\n"
    assert prefix.read_bytes() == b"q 0 -0.9269 0.9269 0 53.8841 595.276 cm 0 0 612 792 re W n q q q\n"
    assert content.objgen == original.objgen and content.read_bytes() == b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET"
    assert suffix.read_bytes() == b"\nQ Q Q Q "
    assert [float(v) for v in page.MediaBox] == [0, 0, 841.89, 595.276]
    assert page.Rotate == 0


@pytest.mark.parametrize("number,x", [(3, "294.58"), (42, "291.52"), (123, "288.46"), (10000, "282.35")])
def test_the_number_is_centred_by_its_digit_count(number, x):
    pdf, (page,) = _pdf_with_pages({"MediaBox": Array([0, 0, 595.276, 841.89])})
    Stamper(pdf).stamp(page, number)
    assert page.Contents[0].read_bytes() == f"q BT /BdlNum 11 Tf {x} 10.0 Td ({number}) Tj ET Q\n".encode()
    assert len(page.Contents) == 3  # a page with no content of its own: number, transform, suffix


def test_a_page_with_several_content_streams_keeps_them_all_in_order():
    pdf, (page,) = _pdf_with_pages({"MediaBox": Array([0, 0, 612, 792])})
    streams = [pdf.make_stream(b"q"), pdf.make_stream(b"0 0 m"), pdf.make_stream(b"Q")]
    page.Contents = Array(streams)
    Stamper(pdf).stamp(page, 1)
    assert [s.objgen for s in page.Contents[2:-1]] == [s.objgen for s in streams]
    assert len(page.Contents) == 6


def test_an_offset_box_is_moved_to_the_page_and_clipped_where_it_lies():
    pdf, (page,) = _pdf_with_pages({"MediaBox": Array([50, 60, 150, 260])})
    Stamper(pdf).stamp(page, 1)
    # scale 813.89 / 200, the box's corner taken to the origin, then centred across and lifted above the band
    assert page.Contents[1].read_bytes() == b"q 4.0694 0 0 4.0694 -109.307 -216.167 cm 50 60 100 200 re W n q q q\n"


def test_front_matter_is_numbered_without_being_moved_or_scaled():
    pdf, (page,) = _pdf_with_pages({"MediaBox": Array([0, 0, 612, 792])})
    Stamper(pdf).stamp(page, 2, fit=False)
    assert page.Contents[1].read_bytes() == b"q 1 0 0 1 0 0 cm 0 0 612 792 re W n q q q\n"
    assert [float(v) for v in page.MediaBox] == [0, 0, 595.276, 841.89]


def test_boxes_annotations_and_actions_are_dropped_and_other_keys_kept():
    dropped = {key: Array([0, 0, 100, 100]) for key in ("CropBox", "TrimBox", "BleedBox", "ArtBox")}
    pdf, (page,) = _pdf_with_pages({"MediaBox": Array([0, 0, 612, 792]), "Annots": Array(), "AA": Dictionary(),
                                    "StructParents": 4, **dropped})
    Stamper(pdf).stamp(page, 1)
    assert set(page.keys()) == {"/Type", "/Parent", "/MediaBox", "/Contents", "/Resources", "/Rotate",
                                "/StructParents"}


def test_pages_of_one_geometry_share_their_transform_the_suffix_and_the_font():
    letter = {"MediaBox": Array([0, 0, 612, 792])}
    pdf, pages = _pdf_with_pages(letter, letter, {"MediaBox": Array([0, 0, 612, 792]), "Rotate": 90}, letter)
    stamper = Stamper(pdf)
    for n, page in enumerate(pages, 1):
        stamper.stamp(page, n)
    prefixes = [page.Contents[1].objgen for page in pages]
    assert prefixes[0] == prefixes[1] == prefixes[3] != prefixes[2]
    assert len({page.Contents[-1].objgen for page in pages}) == 1
    assert len({page.Contents[0].objgen for page in pages}) == 4  # each number its own stream
    fonts = {page.Resources.Font[FONT_KEY].objgen for page in pages}
    assert len(fonts) == 1
    font = pages[0].Resources.Font[FONT_KEY]
    assert font.is_indirect
    assert dict(font.items()) == {"/Type": Name.Font, "/Subtype": Name.Type1, "/BaseFont": Name.Helvetica,
                                  "/Encoding": Name.WinAnsiEncoding}


def test_the_number_font_joins_the_page_fonts():
    pdf, (page,) = _pdf_with_pages({"MediaBox": Array([0, 0, 612, 792])})
    own = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Courier))
    page.Resources = Dictionary(Font=Dictionary(F1=own), ProcSet=Array([Name.PDF]))
    Stamper(pdf).stamp(page, 1)
    assert set(page.Resources.Font.keys()) == {"/F1", FONT_KEY}
    assert page.Resources.Font.F1.objgen == own.objgen
    assert page.Resources.ProcSet == Array([Name.PDF])


def test_resources_inherited_from_the_page_tree_gain_the_number_font():
    pdf, (page,) = _pdf_with_pages({"MediaBox": Array([0, 0, 612, 792])})
    pdf.Root.Pages.Resources = Dictionary(Font=Dictionary(F1=Dictionary(Type=Name.Font)))
    Stamper(pdf).stamp(page, 1)
    assert "/Resources" not in page
    assert set(pdf.Root.Pages.Resources.Font.keys()) == {"/F1", FONT_KEY}


@pytest.mark.parametrize("resources", [None, Name.Broken, 7, Dictionary(Font=Name.Broken), Dictionary(Font=3),
                                       Dictionary()])
def test_missing_or_damaged_resources_are_replaced_by_the_number_font(resources):
    pdf, (page,) = _pdf_with_pages({"MediaBox": Array([0, 0, 612, 792])})
    if resources is not None:
        page.Resources = resources
    Stamper(pdf).stamp(page, 1)
    assert list(page.Resources.Font.keys()) == [FONT_KEY]
    assert page.Resources.Font[FONT_KEY].BaseFont == Name.Helvetica
