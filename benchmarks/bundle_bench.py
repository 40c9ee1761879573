"""Benchmark: `bundler build` against `qpdf --empty --pages ... -- out.pdf` on the same ~40 documents / ~2000 pages.

Run: .venv/bin/python benchmarks/bundle_bench.py [--keep DIR] [--profile]
Prints the time ratio, the build's peak RSS and the output size against the inputs' total. The build is timed
twice: through the `bundler` console script (which also imports the web app for its Flask command group) and
through the same click command in a process that imports only the engine, so start-up cost is visible.
Targets (issue 12): <= 1.3x qpdf's time at 2,000 pages, <= 1.5x at 10,000; peak RSS <= 300 MB; output <= 1.1x inputs.
The CPU time (user + system) of each process is printed beside its wall time: on a machine shared with other work
the wall-time ratio swings with their load, the CPU-time ratio much less. bundler's modules are compiled to
bytecode first, as an installed package's are, so no run pays for compiling them (PYTHONDONTWRITEBYTECODE would
otherwise make every run compile them again).
"""
import argparse
import compileall
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import img2pdf
import pikepdf
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4, LEGAL, landscape, letter
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
BUNDLER = ROOT / ".venv" / "bin" / "bundler"
QPDF = "/usr/bin/qpdf"
ENGINE_ONLY = "from bundler.engine.commands import build; build(prog_name='bundler build')"
SECTIONS = ["core", "ehcp", "working_document", "appellant_evidence", "la_evidence"]
TEXT_DOCS, TEXT_PAGES = 30, 55  # 1650 pages of typed text
SCAN_DOCS, SCAN_PAGES = 10, 35  # 350 image-only pages
RUNS = 3
WORDS = ("the child needs a structured day with small group teaching and speech and language therapy "
         "delivered by a qualified therapist for one hour each week in school").split()


def text_document(path: Path, pages: int, size, rng: random.Random, rotate: int) -> None:
    c = canvas.Canvas(str(path), pagesize=size)
    for n in range(pages):
        c.setFont("Helvetica", 10)
        y = size[1] - 60
        while y > 60:
            c.drawString(50, y, " ".join(rng.choice(WORDS) for _ in range(12)))
            y -= 13
        c.drawString(50, 30, f"{path.stem} original page {n + 1}")
        c.showPage()
    c.save()
    if rotate:
        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            for page in pdf.pages:
                page.obj.Rotate = rotate
            pdf.save(path)


def scan_images(count: int, rng: random.Random) -> list[bytes]:
    """A few grey 150 dpi A4 'scans' (JPEG), reused across pages like a photocopier's output would vary."""
    images = []
    for _ in range(count):
        image = Image.new("L", (1240, 1754), 235)
        draw = ImageDraw.Draw(image)
        for line in range(60):
            draw.text((90, 90 + line * 26), " ".join(rng.choice(WORDS) for _ in range(14)), fill=30)
        for _ in range(3000):  # speckle, as a scanner leaves
            draw.point((rng.randrange(1240), rng.randrange(1754)), fill=rng.randrange(120, 230))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=60, dpi=(150, 150))
        images.append(buffer.getvalue())
    return images


def generate(folder: Path, scale: int = 1) -> Path:
    rng = random.Random(2025)
    sizes = [(A4, 0), (letter, 0), (LEGAL, 0), (landscape(A4), 0), (A4, 90), (letter, 270)]
    documents = []
    for n in range(TEXT_DOCS * scale):
        size, rotate = sizes[n % len(sizes)]
        path = folder / f"text-{n:02d}.pdf"
        text_document(path, TEXT_PAGES + rng.randrange(-5, 6), size, rng, rotate)
        documents.append(path)
    scans = scan_images(6, rng)
    for n in range(SCAN_DOCS * scale):
        path = folder / f"scan-{n:02d}.pdf"
        pages = SCAN_PAGES + n % 5 - 2  # distinct documents, as in a real bundle (no duplicate warnings)
        path.write_bytes(img2pdf.convert([scans[(n + k) % len(scans)] for k in range(pages)]))
        documents.append(path)
    manifest = {"case": {"reference": "EH936/25/01234", "child": "Sam Smith", "appellant": "Alex Smith",
                         "authority": "Surrey County Council", "appeal_type": "contents",
                         "hearing_date": "2026-03-02"},
                "documents": [{"section": SECTIONS[n % len(SECTIONS)], "title": f"Document {n + 1}",
                               "date": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}", "file": path.name}
                              for n, path in enumerate(documents)]}
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest, indent=1))
    return path


def timed(command: list[str]) -> tuple[float, float, int]:
    """Wall time, CPU time (user + system, seconds) and peak RSS (bytes) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command[:3])} ...\n{process.stderr.read().decode()}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="generate into (and keep) this folder")
    parser.add_argument("--pages", type=int, default=2000, choices=(2000, 4000, 10000),
                        help="about how many pages (40 documents per 2,000)")
    parser.add_argument("--profile", action="store_true", help="also profile one in-process build (cProfile)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bundle-bench-") as temp:
        folder = args.keep or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        manifest = generate(folder, args.pages // 2000)
        inputs = [folder / d["file"] for d in json.loads(manifest.read_text())["documents"]]
        input_pages = sum(len(pikepdf.open(p).pages) for p in inputs)
        input_bytes = sum(p.stat().st_size for p in inputs)
        print(f"generated {len(inputs)} documents, {input_pages} pages, {input_bytes / 1e6:.1f} MB "
              f"in {time.perf_counter() - started:.1f} s")
        commands = {
            "qpdf merge": [QPDF, "--empty", "--pages", *map(str, inputs), "--", str(folder / "qpdf.pdf")],
            "bundler build": [str(BUNDLER), "build", str(manifest), "-o", str(folder / "bundle.pdf")],
            "engine only": [sys.executable, "-c", ENGINE_ONLY, str(manifest), "-o", str(folder / "engine.pdf")],
        }
        compileall.compile_dir(ROOT / "bundler", quiet=1)
        runs = {name: [] for name in commands}
        for _ in range(RUNS):  # interleaved so all see the same machine load
            for name, command in commands.items():
                runs[name].append(timed(command))
        times = {name: statistics.median(t for t, _, _ in results) for name, results in runs.items()}
        cpu = {name: statistics.median(c for _, c, _ in results) for name, results in runs.items()}
        peaks = {name: max(rss for _, _, rss in results) for name, results in runs.items()}
        outputs = {"qpdf merge": "qpdf.pdf", "bundler build": "bundle.pdf", "engine only": "engine.pdf"}
        for name in commands:
            size = (folder / outputs[name]).stat().st_size
            pages = len(pikepdf.open(folder / outputs[name]).pages)
            print(f"{name:14s} {times[name]:6.2f} s (median of {RUNS}; CPU {cpu[name]:5.2f} s)  "
                  f"peak RSS {peaks[name] / 2**20:5.0f} MB  {pages} pages  {size / 1e6:.1f} MB")
        output_bytes = (folder / "bundle.pdf").stat().st_size
        target = 1.3 if args.pages <= 2000 else 1.5
        for name in ("bundler build", "engine only"):
            print(f"time ratio, {name}: {times[name] / times['qpdf merge']:.2f}x qpdf  (target <= {target}x; "
                  f"CPU time {cpu[name] / cpu['qpdf merge']:.2f}x)")
        print(f"peak RSS of bundler build: {peaks['bundler build'] / 2**20:.0f} MB  (target <= 300 MB)")
        for module in ("bundler.cli", "bundler.engine.commands", "bundler"):
            start_up = statistics.median(timed([sys.executable, "-c", f"import {module}"])[0] for _ in range(RUNS))
            print(f"start-up: python -c 'import {module}': {start_up:.2f} s")
        print(f"output / inputs: {output_bytes / input_bytes:.3f}x  (target <= 1.1x)")
        if args.profile:
            profile(manifest, folder / "profiled.pdf")


def profile(manifest: Path, output: Path) -> None:
    import cProfile
    import pstats

    sys.path.insert(0, str(ROOT))
    from bundler.engine.assemble import build_bundle
    from bundler.engine.manifest import load_manifest

    profiler = cProfile.Profile()
    profiler.enable()
    build_bundle(load_manifest(manifest), output)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(r"engine|pikepdf", 20)


if __name__ == "__main__":
    main()
