"""Inputs made on the fly (no binary fixtures) and readers for the PDFs the engine produces."""
import io
import json
import os
import shutil
import sys
from datetime import date
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from bundler.engine import convert
from bundler.engine.assemble import build_bundle
from bundler.engine.manifest import load_manifest
from bundler.engine.template import load_template

CASE = {"reference": "EH936/25/01234", "child": "Sam Smith", "appellant": "Alex Smith",
        "authority": "Surrey County Council", "appeal_type": "contents", "hearing_date": "2026-03-02"}


def text_pdf(path: Path, pages: int, label: str, size=A4) -> Path:
    """A reportlab PDF whose every page says '<label> page <n>'."""
    c = canvas.Canvas(str(path), pagesize=size)
    for n in range(1, pages + 1):
        c.setFont("Helvetica", 12)
        c.drawString(72, size[1] - 72, f"{label} page {n}")
        c.showPage()
    c.save()
    return path


def marker_pdf(path: Path, box, *, rotate=0, crop=None) -> Path:
    """A one-page PDF built by hand: a marker word just inside each corner of the visible box (the crop box if
    given, else `box`; either may start away from 0,0 or be reversed), and MARK-OUT outside a crop box."""
    x0, y0, x1, y1 = (min(crop[0], crop[2]), min(crop[1], crop[3]), max(crop[0], crop[2]),
                      max(crop[1], crop[3])) if crop else box
    spots = {"NW": (x0 + 2, y1 - 9), "NE": (x1 - 48, y1 - 9), "SW": (x0 + 2, y0 + 2), "SE": (x1 - 48, y0 + 2)}
    if crop:
        spots["OUT"] = (box[0] + 2, box[3] - 9)
    ops = "".join(f"BT /F1 8 Tf {x} {y} Td (MARK-{m}) Tj ET\n" for m, (x, y) in spots.items())
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    page = pikepdf.Page(Dictionary(Type=Name.Page, MediaBox=Array(list(box)),
                                   Resources=Dictionary(Font=Dictionary(F1=font)),
                                   Contents=pdf.make_stream(ops.encode())))
    if rotate:
        page.obj.Rotate = rotate
    if crop:
        page.obj.CropBox = Array(list(crop))
    pdf.pages.append(page)
    pdf.save(path)
    return path


def form_pdf(path: Path) -> Path:
    """A PDF with a filled text field, document JavaScript, an opening JS action and an attached file."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.drawString(72, 760, "Parental views form")
    c.acroForm.textfield(name="views", value="FIELD-VALUE-42", x=72, y=600, width=300, height=24)
    c.showPage()
    c.save()
    pdf = pikepdf.open(io.BytesIO(buffer.getvalue()))
    script = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=pikepdf.String("app.alert('hi')")))
    pdf.Root.OpenAction = script
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([pikepdf.String("a"), script])))
    pdf.attachments["school-notes.txt"] = pikepdf.AttachedFileSpec(pdf, b"notes", mime_type="text/plain")
    pdf.pages[0].obj.AA = Dictionary(O=script)
    pdf.save(path)
    return path


def encrypted_pdf(path: Path, source: Path, *, user: str) -> Path:
    with pikepdf.open(source) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner-secret", user=user, R=6))
    return path


def damaged_pdf(path: Path, source: Path) -> Path:
    """A PDF whose cross-reference offset is wrong: qpdf rebuilds it."""
    path.write_bytes(source.read_bytes().replace(b"startxref\n", b"startxref\n99999"))
    return path


def write_manifest(folder: Path, documents: list[dict], case=None, name="bundle.json") -> Path:
    path = folder / name
    path.write_text(json.dumps({"case": case or CASE, "documents": documents}))
    return path


def doc(section, title, when, file, **extra):
    return {"section": section, "title": title, "date": when, "file": str(file), **extra}


def placed_text(path) -> list[list[tuple[str, float, float, tuple]]]:
    """For each page: (text, x, y, text matrix x cm) for every text piece, in page user space."""
    pages = []
    for page in PdfReader(path).pages:
        pieces = []

        def visit(text, cm, tm, font, size, pieces=pieces):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
                pieces.append((text.strip(), x, y, (a, b)))

        page.extract_text(visitor_text=visit)
        pages.append(pieces)
    return pages


def page_texts(path, layout=False) -> list[str]:
    mode = "layout" if layout else "plain"
    return [page.extract_text(extraction_mode=mode) for page in PdfReader(path).pages]


class Built:
    def __init__(self, folder, manifest_path, output, report, progress):
        self.folder, self.manifest_path, self.output = folder, manifest_path, output
        self.report, self.progress = report, progress
        self.manifest = load_manifest(manifest_path)

    def document(self, title):
        return next(d for s in self.report.sections for d in s.documents if d.title == title)


@pytest.fixture(scope="session")
def rich_bundle(tmp_path_factory) -> Built:
    """One bundle exercising most features, built once for the session and inspected by many tests."""
    folder = tmp_path_factory.mktemp("rich")
    appeal = text_pdf(folder / "appeal.pdf", 3, "Appeal form")
    decision = marker_pdf(folder / "decision.pdf", (0, 0, 612, 792))  # US Letter
    registration = text_pdf(folder / "registration.pdf", 1, "Registration letter")
    rotated = text_pdf(folder / "rotated-src.pdf", 2, "Rotated plan")
    with pikepdf.open(rotated) as pdf:
        for page in pdf.pages:
            page.obj.Rotate = 90
        pdf.save(folder / "plan.pdf")
    wide = text_pdf(folder / "wide.pdf", 1, "Landscape chart", size=landscape(A4))
    offset = marker_pdf(folder / "offset.pdf", (300, 400, 800, 1100))
    reversed_box = marker_pdf(folder / "reversed.pdf", (200, 300, 700, 900), crop=(650, 850, 250, 350))
    negative_rotate = marker_pdf(folder / "neg.pdf", (0, 0, 595, 842), rotate=-270)
    form = form_pdf(folder / "views.pdf")
    owner_only = encrypted_pdf(folder / "owner.pdf", text_pdf(folder / "o-src.pdf", 2, "Owner locked"), user="")
    damaged = damaged_pdf(folder / "damaged.pdf", text_pdf(folder / "d-src.pdf", 2, "Repaired report"))
    documents = [
        doc("core", "Appeal form", "2025-10-01", appeal.name, id="doc-1"),
        doc("core", "Decision letter", "2025-09-01", decision.name),
        doc("core", "Registration letter", "2025-10-01", registration.name),
        doc("ehcp", "Final EHC plan (rotated)", "2025-06-01", "plan.pdf"),
        doc("ehcp", "Landscape chart", "2025-06-02", wide.name),
        doc("working_document", "Working document", "2025-11-01", offset.name),
        doc("working_document", "Reversed crop box", "2025-11-02", reversed_box.name),
        doc("working_document", "Negative rotation", "2025-11-03", negative_rotate.name),
        doc("appellant_evidence", "Parental views form", "2025-08-01", form.name),
        doc("la_evidence", "Owner-locked report", "2025-07-01", owner_only.name),
        doc("la_evidence", "Repaired report", "2025-07-02", damaged.name),
    ]
    manifest_path = write_manifest(folder, documents)
    output = folder / "bundle.pdf"
    calls = []
    report = build_bundle(load_manifest(manifest_path), output, bundle_date=date(2026, 2, 10),
                          progress=lambda done, total: calls.append((done, total)))
    return Built(folder, manifest_path, output, report, calls)


@pytest.fixture(scope="session")
def long_index_bundle(tmp_path_factory):
    """Seventy one-page documents and a one-page budget: the index runs over pages and a note is added."""
    folder = tmp_path_factory.mktemp("long")
    text_pdf(folder / "one.pdf", 1, "Short letter")
    documents = [doc("la_evidence" if n % 2 else "core", f"Letter number {n} about the provision for a child "
                     "whose title is long enough to wrap onto a second line", f"2025-{1 + n % 12:02d}-01", "one.pdf")
                 for n in range(70)]
    template = load_template(
        '[appeal_types]\ncontents = "Contents"\n[[sections]]\nkey = "core"\nletter = "A"\ntitle = "Core"\n'
        'budget = 1\n[[sections]]\nkey = "la_evidence"\nletter = "B"\ntitle = "LA evidence"\n')
    manifest = load_manifest(write_manifest(folder, documents), template=template)
    report = build_bundle(manifest, folder / "long.pdf", template=template)
    return folder / "long.pdf", report, manifest, template


# --- Stand-in programs on PATH, for the command lines the engine runs ----------------------------------------------

STAND_IN = """#!{python}
import json, os, pathlib, sys, time
args = sys.argv[1:]
limits = [line for line in open("/proc/self/limits") if line.startswith("Max address space")]
with open({log!r}, "a") as log:
    log.write(json.dumps({{"args": args, "address_space": limits[0].split()[3]}}) + "\\n")
behaviour = {behaviour!r}
if behaviour == "run":
    os.execv({real!r}, [{real!r}, *args])
if behaviour == "hang":
    time.sleep(60)
if behaviour.startswith("fail"):
    sys.stderr.write(behaviour[len("fail"):])
    sys.exit(2)
if behaviour == "copy":  # ocrmypdf's last two arguments, soffice's document into --outdir
    source = pathlib.Path(args[-2] if "--skip-text" in args else args[-1])
    target = pathlib.Path(args[-1]) if "--skip-text" in args else \\
        pathlib.Path(args[args.index("--outdir") + 1]) / (source.stem + ".pdf")
    target.write_bytes(source.read_bytes())
if behaviour == "empty":
    (pathlib.Path(args[args.index("--outdir") + 1]) / "document.pdf").write_bytes(b"")
"""


@pytest.fixture
def stand_in(tmp_path, monkeypatch):
    """stand_in(program, behaviour) puts a program of that name first on PATH; each time it runs it records its
    arguments and address-space limit, then runs the real program ("run"), copies its input to its output
    ("copy"), writes an empty output ("empty"), writes nothing ("nothing"), hangs ("hang") or fails with stderr
    ("fail<text>"). Returns a function giving what it recorded, a call each, in order."""
    folder = tmp_path / "bin"
    folder.mkdir()
    installed = os.environ["PATH"]
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{installed}")
    monkeypatch.setattr(convert, "_keep_warm", False)

    def make(program: str, behaviour: str):
        log = folder / f"{program}.log"
        script = folder / program
        script.write_text(STAND_IN.format(python=sys.executable, log=str(log), behaviour=behaviour,
                                          real=shutil.which(program, path=installed)))
        script.chmod(0o755)
        return lambda: [json.loads(line) for line in log.read_text().splitlines()]
    return make
