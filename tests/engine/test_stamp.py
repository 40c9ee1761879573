"""Page geometry: any box and rotation lands upright on A4 above the number band, scaled and never cropped."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bundler.engine.stamp import A4, BAND, effective_box, placement, rotation

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
