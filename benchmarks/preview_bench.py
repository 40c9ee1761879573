"""Benchmark: a 150-page PDF from upload to "Ready", and the first view of one of its pages (issue 12).

Run: .venv/bin/python benchmarks/preview_bench.py [--pages 150]
     PYTHONPATH=/path/to/other/checkout .venv/bin/python benchmarks/preview_bench.py   (the same on other code)

In this process: an app on SQLite in a temporary folder with the memory:// queue (jobs on this process's threads),
the demo team, and the PDF (typed text, as bundle_bench makes it) added through the evidence service as an upload
is. Prints the seconds from the upload to its conversion finishing, then the seconds the first request for a page
preview takes and the preview's width. Before issue 12 the conversion rendered every page's preview, 15 s for 150
pages; now each page is rendered when it is first viewed.
"""
import argparse
import io
import os
import random
import tempfile
import time
from pathlib import Path

from bundle_bench import text_document
from reportlab.lib.pagesizes import A4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=150)
    pages = parser.parse_args().pages
    with tempfile.TemporaryDirectory(prefix="bundler-preview-bench-") as folder:
        folder = Path(folder)
        os.environ["BUNDLER_INSTANCE"] = str(folder)
        text_document(folder / "log.pdf", pages, A4, random.Random(2025), 0)
        upload, first_view, width = run(folder, (folder / "log.pdf").read_bytes())
    print(f"{pages}-page PDF: upload to ready {upload:.2f} s; first view of a page {first_view:.2f} s "
          f"({width} px wide)")


def run(folder: Path, content: bytes) -> tuple[float, float, int]:
    import flask_migrate
    from PIL import Image

    from bundler import create_app, jobs
    from bundler.demo import days_from_today, seed_demo
    from bundler.extensions import db
    from bundler.models.evidence import Party
    from bundler.services import evidence

    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}", "QUEUE_URL": "memory://",
                      "LOG_LEVEL": "WARNING", "SECRET_KEY": "benchmark"})
    with app.app_context():
        flask_migrate.upgrade()
        case, users, _ = seed_demo("benchmark password")
        details = evidence.DocumentDetails(section="la_evidence", party=Party.local_authority,
                                           document_date=days_from_today(-30), title="Behaviour log")
        start = time.perf_counter()
        document, = evidence.add_documents(case, [evidence.Upload("log.pdf", io.BytesIO(content))], details,
                                           user=next(iter(users.values())))
        done = jobs.wait(document.conversion_job_id, timeout=900)
        upload = time.perf_counter() - start
        if done.state.value != "done":
            raise SystemExit(f"the conversion failed: {done.error}")
        db.session.refresh(document)
        start = time.perf_counter()
        preview = evidence.preview_page(document, document.page_count // 2)
        first_view = time.perf_counter() - start
        with Image.open(preview) as image:
            return upload, first_view, image.width


if __name__ == "__main__":
    main()
