"""The supported deployment, end to end: PostgreSQL, Redis and an S3 server, two gunicorn web processes
(`bundler serve --workers 2`) and two `bundler worker` processes on different queues. An officer signs in over HTTP,
uploads a .docx and a PDF, and builds; the builds worker is killed with SIGKILL mid-build and started again, as a
service manager would. Every version ends built or failed, the evidence is in the bucket and not on local disk, and
the downloaded bundle passes `bundler check`."""
import http.cookiejar
import io
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import create_engine, text
from urllib3.filepost import encode_multipart_formdata

from ..servers import free_ports, redis_server

pytestmark = pytest.mark.slow
REFERENCE = "EH999/25/00001"  # the demo case


def long_pdf(pages: int) -> bytes:
    """Enough pages that the build takes a few seconds, so the worker can be killed during it."""
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=A4, invariant=True)
    for page in range(1, pages + 1):
        drawing.drawString(72, 770, f"School incident log, page {page}")
        drawing.showPage()
    drawing.save()
    return out.getvalue()


def short_docx() -> bytes:
    document = docx.Document()
    document.add_heading("Speech and language therapy report", 1)
    document.add_paragraph("Assessed over three sessions in school.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class Browser:
    """A signed-in officer over plain HTTP: cookies kept, each form's CSRF token read from the page before it."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[int, bytes]:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.status, response.read()

    def token(self, path: str) -> str:
        return re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', self.get(path)[1]).group(1).decode()

    def post(self, path: str, fields: list[tuple], form_page: str) -> tuple[int, str]:
        body, content_type = encode_multipart_formdata([("csrf_token", self.token(form_page)), *fields])
        request = urllib.request.Request(self.base + path, data=body, headers={"Content-Type": content_type})
        with self.opener.open(request, timeout=120) as response:
            return response.status, response.url


def wait_until(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def redis_url(tmp_path):
    (tmp_path / "redis").mkdir()
    try:
        with redis_server(tmp_path / "redis") as redis:
            yield redis.url
    except FileNotFoundError as missing:
        pytest.skip(str(missing))


@pytest.fixture
def deployment(tmp_path, postgres_cluster, s3_server, redis_url):
    """The environment every process of the deployment shares, and a way to start them."""
    postgres_cluster.execute("CREATE DATABASE deployment")
    (port,) = free_ports(1)
    env = {**os.environ, "BUNDLER_INSTANCE": str(tmp_path / "instance"),
           "DATABASE_URL": postgres_cluster.url("deployment"), "BUNDLER_QUEUE_URL": redis_url,
           "BUNDLER_SESSION_COOKIE_SECURE": "0", "BUNDLER_SECRET_KEY": "deployment test",
           "BUNDLER_PUBLIC_URL": f"http://127.0.0.1:{port}", "BUNDLER_LOGIN_RATE_LIMIT": "100 per minute",
           "BUNDLER_JOB_HEARTBEAT_SECONDS": "1", "BUNDLER_JOB_STALE_SECONDS": "5",
           **{f"BUNDLER_{key}" if not key.startswith("AWS") else key: value for key, value in s3_server.config(
               f"s3://{s3_server.bucket}/deployment", tmp_path / "cache").items()}}
    processes: list[subprocess.Popen] = []

    def start(*args: str) -> subprocess.Popen:
        log = open(tmp_path / f"{args[0]}-{len(processes)}.log", "wb")
        process = subprocess.Popen([sys.executable, "-m", "bundler", *args], env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        processes.append(process)
        return process

    def run(*args: str, **options) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "bundler", *args], env=env, capture_output=True, text=True,
                              timeout=900, **options)

    yield env, port, start, run
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    postgres_cluster.execute("DROP DATABASE deployment WITH (FORCE)")


def test_two_web_processes_and_two_workers_survive_a_killed_worker_mid_build(deployment, s3_server, tmp_path):
    env, port, start, run = deployment
    assert run("db", "upgrade").returncode == 0
    builds = start("worker", "--concurrency", "1", "--queues", "builds")
    start("worker", "--concurrency", "2", "--queues", "conversions")
    demo = run("demo")
    assert demo.returncode == 0, demo.stdout + demo.stderr
    start("serve", "--workers", "2", "--host", "127.0.0.1", "--port", str(port))
    database = create_engine(env["DATABASE_URL"])

    def scalar(sql: str, **values):
        with database.connect() as connection:
            return connection.execute(text(sql), values).scalar()

    case_id = scalar("SELECT id FROM \"case\" WHERE reference = :r", r=REFERENCE)
    browser = Browser(f"http://127.0.0.1:{port}")
    wait_until(lambda: _answers(browser), 60, "gunicorn to answer")
    password = (Path(env["BUNDLER_INSTANCE"]) / "demo-password.txt").read_text().strip()
    status, landed = browser.post("/login", [("email", "tribunal.officer@demo.example"), ("password", password)],
                                  "/login")
    assert status == 200 and "/login" not in landed

    upload_page = f"/cases/{case_id}/evidence/upload"
    fields = [("section", "la_evidence"), ("party", "local_authority"), ("author", "School"),
              ("document_date", "1"), ("document_date", "10"), ("document_date", "2025"),
              ("files", ("incident log.pdf", long_pdf(1500), "application/pdf")),
              ("files", ("SALT report.docx", short_docx(),
                         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))]
    assert browser.post(upload_page, fields, upload_page)[0] == 200
    wait_until(lambda: scalar("SELECT count(*) FROM job WHERE state IN ('queued', 'running')") == 0, 300,
               "the conversions")
    assert scalar("SELECT count(*) FROM job WHERE kind = 'convert' AND state = 'done'") == 7  # the demo's 5, our 2

    bundles_page = f"/cases/{case_id}/bundles"
    browser.post(f"{bundles_page}/build", [("bundle_date", "5"), ("bundle_date", "1"), ("bundle_date", "2026")],
                 bundles_page)
    job_id = scalar("SELECT max(id) FROM job WHERE kind = 'build_bundle'")
    wait_until(lambda: scalar("SELECT done FROM job WHERE id = :j AND state = 'running'", j=job_id), 300,
               "the build to start")
    os.killpg(builds.pid, signal.SIGKILL)
    builds.wait(30)
    assert scalar("SELECT state FROM job WHERE id = :j", j=job_id) == "running"  # killed mid-build
    start("worker", "--concurrency", "1", "--queues", "builds")  # the service manager starts it again

    wait_until(lambda: scalar("SELECT state FROM job WHERE id = :j", j=job_id) in ("done", "failed"), 300,
               "the killed build to end")
    assert scalar("SELECT count(*) FROM job WHERE state IN ('queued', 'running')") == 0
    assert scalar("SELECT state FROM job WHERE id = :j", j=job_id) == "done"
    assert scalar("SELECT attempts FROM job WHERE id = :j", j=job_id) == 2

    number = scalar("SELECT number FROM bundle_version WHERE job_id = :j", j=job_id)
    status, pdf = browser.get(f"{bundles_page}/{number}/download")
    assert status == 200 and pdf.startswith(b"%PDF")
    (tmp_path / "bundle.pdf").write_bytes(pdf)
    checked = run("check", str(tmp_path / "bundle.pdf"))
    assert checked.returncode == 0, checked.stdout

    keys = {item["Key"] for page in s3_server.client().get_paginator("list_objects_v2").paginate(
        Bucket=s3_server.bucket, Prefix="deployment/") for item in page.get("Contents", [])}
    sha = scalar("SELECT original_sha256 FROM document WHERE title = 'SALT report'")
    assert f"deployment/evidence/{sha[:2]}/{sha}" in keys
    assert any(key.startswith("deployment/bundles/") for key in keys)
    instance = Path(env["BUNDLER_INSTANCE"])
    assert not (instance / "evidence").exists() and not (instance / "bundles").exists()


def _answers(browser: Browser) -> bool:
    try:
        return browser.get("/login")[0] == 200
    except OSError:
        return False
