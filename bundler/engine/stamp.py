"""Fit every page onto A4 and print its bundle page number, in one pass over the page objects.

No overlay PDF per page: each page gets its own tiny stream that prints the number, a prefix stream (transform +
clip) shared by every page of the same geometry, one shared suffix, and one shared Helvetica font object. The
page's own content streams are left untouched.

Input content with unbalanced q/Q cannot move the number: it is drawn first, in the page's initial state. The
prefix also opens GUARD_LEVELS spare graphics states after the transform, so up to that many stray Q operators
in the input still leave the transform and clip in force.
"""
import pikepdf
from pikepdf import Array, Dictionary, Name

A4 = (595.276, 841.89)
BAND = 28.0  # footer band kept clear of content for the number
NUMBER_SIZE = 11
NUMBER_BASELINE = 10.0
FONT_KEY = "/BdlNum"  # a resource name no ordinary producer uses, so it cannot clash
_DIGIT_WIDTH = 0.556  # Helvetica's width for every digit, in em
GUARD_LEVELS = 3  # spare graphics states against stray Q operators in input content
_DROP = frozenset({"/CropBox", "/TrimBox", "/BleedBox", "/ArtBox", "/Annots", "/AA"})
_LETTER = (0.0, 0.0, 612.0, 792.0)  # what a page without a /MediaBox is, by the PDF spec's default


def inherited(page: pikepdf.Object, key: str):
    """A page attribute, looked up the /Pages tree as the spec allows for MediaBox, CropBox, Rotate, Resources."""
    node, depth = page, 0
    while node is not None and depth < 64:
        value = node[key] if key in node else None  # `in` first: pikepdf's get() of a missing key is 6x slower
        if value is not None:
            return value
        node, depth = node["/Parent"] if "/Parent" in node else None, depth + 1
    return None


def _rect(value) -> tuple[float, float, float, float] | None:
    """A normalised box, or None for a missing, malformed or (under 1 pt) degenerate one."""
    if value is None:
        return None
    try:
        rect = pikepdf.Rectangle(value)  # normalises reversed corners; TypeError unless four numbers
    except TypeError:
        return None
    if rect.width < 1 or rect.height < 1:
        return None
    return rect.llx, rect.lly, rect.urx, rect.ury


def effective_box(page: pikepdf.Object) -> tuple[float, float, float, float]:
    """The visible area: CropBox clipped to MediaBox, normalised; coordinates may be reversed or offset."""
    media = _rect(inherited(page, "/MediaBox")) or _LETTER
    crop = _rect(inherited(page, "/CropBox"))
    if crop:
        box = max(crop[0], media[0]), max(crop[1], media[1]), min(crop[2], media[2]), min(crop[3], media[3])
        if box[2] - box[0] >= 1 and box[3] - box[1] >= 1:
            return box
    return media


def rotation(page: pikepdf.Object) -> int:
    try:
        return round(int(inherited(page, "/Rotate") or 0) / 90) * 90 % 360
    except (TypeError, ValueError):
        return 0


def upright_matrix(box, rotate: int):
    """(a, b, c, d, e, f) with u = a x + c y + e, v = b x + d y + f: the page as displayed, origin bottom-left,
    and the displayed (width, height)."""
    x0, y0, x1, y1 = box
    matrix = {0: (1, 0, 0, 1, -x0, -y0), 90: (0, -1, 1, 0, -y0, x1),
              180: (-1, 0, 0, -1, x1, y1), 270: (0, 1, -1, 0, y1, -x0)}[rotate]
    size = (x1 - x0, y1 - y0) if rotate in (0, 180) else (y1 - y0, x1 - x0)
    return matrix, size


def placement(box, rotate: int, *, fit: bool = True):
    """Target (W, H) and the `cm` matrix taking the box, turned upright, onto A4 above the footer band."""
    upright, (dw, dh) = upright_matrix(box, rotate)
    width, height = (A4[1], A4[0]) if dw > dh else A4
    if not fit:
        return (width, height), (1, 0, 0, 1, 0, 0)
    scale = min(width / dw, (height - BAND) / dh)
    tx = (width - scale * dw) / 2
    ty = BAND + (height - BAND - scale * dh) / 2
    a, b, c, d, e, f = upright
    return (width, height), (scale * a, scale * b, scale * c, scale * d, scale * e + tx, scale * f + ty)


def _num(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class Stamper:
    """Normalises and numbers the pages of one output PDF, sharing what can be shared between pages."""

    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf
        self.font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica,
                                                 Encoding=Name.WinAnsiEncoding))
        self._shared_streams: dict[bytes, pikepdf.Stream] = {}
        self._geometries: dict[tuple, tuple[float, Array, pikepdf.Stream]] = {}
        self._suffix = self._shared(b"\n" + b"Q " * (GUARD_LEVELS + 1))

    def stamp(self, page: pikepdf.Object, number: int, *, fit: bool = True) -> None:
        """Put `page` upright on A4 (scaled, never cropped) and print `number` bottom-centre in the band."""
        width, media_box, prefix = self._geometry(effective_box(page), rotation(page), fit)
        label = str(number)
        x = (width - _DIGIT_WIDTH * NUMBER_SIZE * len(label)) / 2
        number_stream = self.pdf.make_stream(
            f"q BT {FONT_KEY} {NUMBER_SIZE} Tf {x:.2f} {NUMBER_BASELINE} Td ({label}) Tj ET Q\n".encode())
        contents = page.get("/Contents")
        streams = list(contents) if isinstance(contents, Array) else [contents] if contents is not None else []
        page.Contents = Array([number_stream, prefix, *streams, self._suffix])
        self._add_font(page)
        for key in _DROP.intersection(page.keys()):
            del page[key]
        page.MediaBox = media_box
        page.Rotate = 0

    def _geometry(self, box, rotate: int, fit: bool) -> tuple[float, Array, pikepdf.Stream]:
        """The target width and /MediaBox, and the shared transform-and-clip stream; pages of one geometry share
        them (the box is built once: making a pikepdf array from Python numbers costs as much as the rest)."""
        key = (box, rotate, fit)
        if key not in self._geometries:
            (width, height), matrix = placement(box, rotate, fit=fit)
            x0, y0, x1, y1 = box
            prefix = ("q " + " ".join(map(_num, matrix)) + " cm "
                      + " ".join(map(_num, (x0, y0, x1 - x0, y1 - y0))) + " re W n" + " q" * GUARD_LEVELS + "\n")
            self._geometries[key] = width, Array([0, 0, width, height]), self._shared(prefix.encode())
        return self._geometries[key]

    def _shared(self, data: bytes) -> pikepdf.Stream:
        stream = self._shared_streams.get(data)
        if stream is None:
            stream = self._shared_streams[data] = self.pdf.make_stream(data)
        return stream

    def _add_font(self, page: pikepdf.Object) -> None:
        resources = inherited(page, "/Resources")
        if not isinstance(resources, Dictionary):  # missing, or damaged into a number or a name: nothing to keep
            resources = page.Resources = Dictionary()
        fonts = resources.get("/Font")
        if not isinstance(fonts, Dictionary):
            resources.Font = Dictionary({FONT_KEY: self.font})
        else:
            fonts[FONT_KEY] = self.font
