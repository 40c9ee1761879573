"""Hostile uploads, made on the fly and small on disk: what each would cost to read is in what it declares or
unpacks to, not in its size."""
import io
import struct
import zipfile
import zlib
from pathlib import Path

import pikepdf

from .helpers import docx_bytes

MB = 1024 * 1024


def zip_bomb_docx(path: Path, unpacked_mb: int) -> Path:
    """A real Word document with one more part of `unpacked_mb` MB of zeros: about 1 KB on disk per MB unpacked."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes("Dear panel"))) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            bomb.writestr(info, source.read(info))
        with bomb.open("word/media/padding.bin", "w", force_zip64=True) as part:
            zeros = bytes(MB)
            for _ in range(unpacked_mb):
                part.write(zeros)
    return path


def tiny_pages_pdf(path: Path, pages: int) -> Path:
    """`pages` empty pages of 10 x 10 pt, in object streams."""
    with pikepdf.new() as pdf:
        for _ in range(pages):
            pdf.add_blank_page(page_size=(10, 10))
        pdf.save(path, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return path


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(path: Path, width: int, height: int) -> Path:
    """A valid RGB PNG of width x height black pixels (8,200 x 8,200 is 200 MB decoded, 200 KB on disk)."""
    compressor, row = zlib.compressobj(9), bytes(1 + 3 * width)  # filter byte 0, then the row's pixels
    with path.open("wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
        out.write(_png_chunk(b"IDAT", data) + _png_chunk(b"IEND", b""))
    return path


def huge_object_stream_pdf(path: Path, unpacked_mb: int) -> Path:
    """A one-page PDF whose page sits in an object stream padded with `unpacked_mb` MB of spaces: about 1 KB on
    disk per MB that a reader must unpack to find the page."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    offsets = b"4 0 "
    compressor = zlib.compressobj(9)
    parts, spaces = [compressor.compress(offsets + page)], b" " * MB
    parts += [compressor.compress(spaces) for _ in range(unpacked_mb)]
    data = b"".join(parts) + compressor.flush()
    out, at = bytearray(b"%PDF-1.5\n"), {}

    def obj(number: int, body: bytes) -> None:
        at[number] = len(out)
        out.extend(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    obj(2, b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>")
    obj(3, b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
        % (len(offsets), len(data), data))
    xref_at = len(out)
    rows = [(0, 0, 0xFFFF), (1, at[1], 0), (1, at[2], 0), (1, at[3], 0), (2, 3, 0), (1, xref_at, 0)]
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    out.extend(b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n%s\nendstream\n"
               b"endobj\nstartxref\n%d\n%%%%EOF\n" % (len(table), table, xref_at))
    path.write_bytes(bytes(out))
    return path


def ole_file(path: Path, streams: list[str]) -> Path:
    """An OLE2 compound file (as Office 97-2003 and Outlook write) holding empty streams named `streams`: the
    directory is what says which program made it."""
    end, free, fat_sector, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + bytes(6) + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<109I", 0, *[free] * 108))
    fat = struct.pack("<128I", fat_sector, end, *[free] * 126)

    def entry(name: str, kind: int, right: int, child: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", no_stream, right, child) + bytes(16 + 4 + 16) + struct.pack("<IQ", end, 0))

    entries = [entry("Root Entry", 5, no_stream, 1 if streams else no_stream)]
    entries += [entry(name, 2, index + 2 if index + 1 < len(streams) else no_stream, no_stream)
                for index, name in enumerate(streams)]
    directory = b"".join(entries).ljust(512 * ((len(entries) + 3) // 4), b"\0")
    if len(directory) > 512:
        raise ValueError("at most 3 streams")
    path.write_bytes(header + fat + directory)
    return path


# What each is, and the start of the reason a person is shown, at the default limits.
HOSTILE = {
    "zip bomb.docx": (lambda path: zip_bomb_docx(path, 300), "this Word file unpacks to 300 MB, more than the 200 MB"),
    "ten thousand pages.pdf": (lambda path: tiny_pages_pdf(path, 10_000),
                               "has 10,000 pages; a document can have at most 2,000"),
    "200 MB photo.png": (lambda path: huge_png(path, 8200, 8200),
                         "the image has more than 50 million pixels, more than any page needs"),
    "object stream.pdf": (lambda path: huge_object_stream_pdf(path, 1200),
                          "opening it needs more than 1024 MB of memory, so it is not used"),
    "budget.doc": (lambda path: ole_file(path, ["Workbook", "\x05SummaryInformation"]),
                   "this is an Excel spreadsheet, not a PDF, a Word document"),
    "email from school.doc": (lambda path: ole_file(path, ["__properties_version1.0", "__substg1.0_0037001F"]),
                              "this is an Outlook e-mail message (.msg), not a PDF"),
}
