"""Small valid inputs for each target, made here so the seed corpora need no files in the repository.

    python -m tests.fuzz.seeds FOLDER     writes FOLDER/<target>/seed-N for every target
"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

_MANIFEST = """\
[case]
reference = "EH936/25/01234"
child = "A Child"
appellant = "A Parent"
authority = "A Council"
appeal_type = "contents"
hearing_date = 2025-10-01
extended = ["C"]

[[documents]]
section = "A"
title = "Appeal form"
date = 2025-05-01
file = "appeal.pdf"
id = 7
keep_here = "the tribunal asked"
"""

_MARKUP = """\
The authority opposes the appeal for the reasons below, relying on [[doc:42]] and [[doc:7|short]].

## Ground 1: Section F

- the plan names **weekly** speech and language therapy
- *delivered by* a qualified therapist \\* see [[doc:3|pages]]

1. first point
(b) second point

> Quoted words [[doc:9|long]]
continued

~ Not numbered.
"""


def manifests() -> list[bytes]:
    import tomllib

    return [_MANIFEST.encode(), json.dumps(tomllib.loads(_MANIFEST), default=str).encode()]


def plan_docx() -> bytes:
    """A plan as a council writes it: section headings, paragraphs, a Section F provision table, marked runs."""
    from docx import Document

    document = Document()
    document.add_heading("Section B: Special educational needs", level=1)
    document.add_paragraph("B-CI-01 Sam finds it hard to follow spoken instructions.")
    document.add_heading("Section F: Special educational provision", level=1)
    marked = document.add_paragraph("Sam will have ")
    marked.add_run("weekly").bold = True
    marked.add_run(" therapy ").underline = True
    marked.add_run("from a therapist").italic = True
    table = document.add_table(rows=2, cols=5)
    for cell, text in zip(table.rows[0].cells, ("Provision", "Who", "How often", "Needs", "Cost"), strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("Speech therapy", "SALT", "Weekly", "B-CI-01", "£1,200"),
                          strict=True):
        cell.text = text
    document.add_paragraph("Section I: Placement").style = "Title"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(pages: int = 1, rotate: int = 0) -> bytes:
    import pikepdf

    with pikepdf.new() as pdf:
        for n in range(pages):
            pdf.add_blank_page(page_size=(595, 842) if n % 2 == 0 else (842, 595))
            page = pdf.pages[-1]
            page.Rotate = rotate
            font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                        BaseFont=pikepdf.Name.Helvetica))
            page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
            page.Contents = pdf.make_stream(b"q BT /F1 12 Tf 72 720 Td (Page) Tj ET Q")
            page.CropBox = [10, 10, 500, 800]
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def _images() -> list[bytes]:
    from PIL import Image

    found = []
    for kind, mode in (("PNG", "RGBA"), ("JPEG", "RGB"), ("TIFF", "L")):
        out = io.BytesIO()
        Image.new(mode, (8, 8), "white").save(out, kind)
        found.append(out.getvalue())
    return found


def seeds(target: str) -> list[bytes]:
    docx = plan_docx()
    by_target = {
        "manifest": manifests,
        "markup": lambda: [_MARKUP.encode(), b"Name\nAddress line\n**Signed**"],
        "working_document": lambda: [b"\x00" + docx, b"\x01" + _part(docx, "word/document.xml"),
                                     b"\x02" + _part(docx, "word/styles.xml")],
        "plan": lambda: [b"\x00" + docx, b"\x01" + _part(docx, "word/document.xml"),
                         b"Section B: Needs\nB-01 text\nSection F\n"],
        "sniff": lambda: [pdf_bytes(), docx, b"{\\rtf1 text}", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
                          *_images()],
        "pdf": lambda: [pdf_bytes(), pdf_bytes(2, 90)],
    }
    return by_target[target]()


def _part(docx: bytes, name: str) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return package.read(name)


def write_seeds(target: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n, data in enumerate(seeds(target), 1):
        (folder / f"seed-{n}").write_bytes(data)


if __name__ == "__main__":
    from tests.fuzz.targets import TARGETS

    for name in TARGETS:
        write_seeds(name, Path(sys.argv[1]) / name)
