"""`bundler doctor`: which optional parts this machine and configuration have, what each missing one turns off and
how to install it, and whether every server the configuration names answers.

Exit status 0 when everything configured works (missing optional tools only print advice); 1 when a configured
server (database, Redis, S3 bucket, SMTP, clamd) cannot be reached or the database is not at the latest migration.
"""
import shutil
import smtplib
from dataclasses import dataclass

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

PRESENT, MISSING, NOT_SET, OK, FAILED = "present", "missing", "not set", "ok", "FAILED"


@dataclass(frozen=True)
class Finding:
    part: str
    status: str  # one of the five above; FAILED is the only one that fails the command
    detail: str


@dataclass(frozen=True)
class Tool:
    part: str
    commands: tuple[str, ...]
    gives: str      # what works when it is installed
    disables: str   # what is off without it
    install: str


TOOLS = (
    Tool("LibreOffice", ("soffice",), "Word and other office files are converted to PDF",
         "Word, OpenDocument and RTF uploads cannot be converted (PDFs and images still can)",
         "apt-get install libreoffice-writer-nogui"),
    Tool("OCRmyPDF + Tesseract", ("ocrmypdf", "tesseract"), "scanned documents can be made searchable (OCR)",
         "the 'make searchable (OCR)' option fails for scanned documents",
         "apt-get install ocrmypdf tesseract-ocr-eng"),
    Tool("pdftoppm", ("pdftoppm",), "page previews are shown for each document",
         "documents have no page previews (the PDF can still be opened)", "apt-get install poppler-utils"),
)


def tool_finding(tool: Tool) -> Finding:
    absent = [command for command in tool.commands if shutil.which(command) is None]
    if absent:
        return Finding(tool.part, MISSING, f"{', '.join(absent)} not found: {tool.disables}. Install: "
                                          f"{tool.install}")
    return Finding(tool.part, PRESENT, tool.gives)


def qpdf_finding() -> Finding:
    try:
        import pikepdf
    except ImportError:
        return Finding("qpdf (pikepdf)", MISSING, "bundles cannot be built at all. Install: "
                                                  "pip install -r requirements.lock")
    return Finding("qpdf (pikepdf)", PRESENT, f"libqpdf {pikepdf.__libqpdf_version__}: bundles are built and "
                                              "damaged PDFs repaired")


def database_findings(config) -> list[Finding]:
    """Reachable, and at the newest migration (PostgreSQL or SQLite, whichever DATABASE_URL names)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from flask_migrate import Migrate

    from .extensions import db

    url = make_url(config["DATABASE_URL"])
    backend = url.get_backend_name()
    part = f"database ({ {'postgresql': 'PostgreSQL', 'sqlite': 'SQLite'}.get(backend, backend)})"
    try:
        with db.engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except Exception as error:  # noqa: BLE001 (any driver's failure to connect is reported the same way)
        return [Finding(part, FAILED, f"cannot connect to {url.render_as_string(hide_password=True)} "
                                      f"({type(error).__name__}: {str(error).strip().splitlines()[0]}). Check "
                                      "DATABASE_URL and that the server is running.")]
    migrate: Migrate = current_app.extensions["migrate"].migrate
    latest = set(ScriptDirectory.from_config(migrate.get_config()).get_heads())
    if current != latest:
        at = ", ".join(sorted(current)) or "no migration"
        return [Finding(part, OK, "connected"),
                Finding("database schema", FAILED, f"at {at}, not the latest ({', '.join(sorted(latest))}): "
                                                   "run `bundler db upgrade`.")]
    return [Finding(part, OK, "connected"),
            Finding("database schema", OK, f"at the latest migration ({', '.join(sorted(latest))})")]


def redis_finding(config) -> Finding:
    url = config["QUEUE_URL"]
    if not url.startswith(("redis://", "rediss://")):
        return Finding("Redis", NOT_SET, "QUEUE_URL is not a redis:// address: jobs queue in the instance folder, "
                                         "so workers must share this machine's disk. To scale out, set "
                                         "BUNDLER_QUEUE_URL=redis://HOST:6379/0 (apt-get install redis-server).")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5).ping()
    except redis.RedisError as error:
        return Finding("Redis", FAILED, f"cannot reach {_without_password(url)} ({error}): background jobs "
                                        "cannot be queued. Check BUNDLER_QUEUE_URL and that redis-server runs.")
    return Finding("Redis", OK, f"{_without_password(url)} answers")


def storage_finding(config) -> Finding:
    from .storage import StoreError, store_from_config

    if not config["STORAGE_URL"]:
        return Finding("S3 storage", NOT_SET, f"files are kept in {config['EVIDENCE_DIR']} and beside it. To share "
                                              "them between hosts, set BUNDLER_STORAGE_URL=s3://BUCKET, "
                                              "BUNDLER_S3_ENDPOINT_URL and the AWS_* keys.")
    try:
        store_from_config(config).check()
    except StoreError as error:
        return Finding("S3 storage", FAILED, str(error))
    return Finding("S3 storage", OK, f"{config['STORAGE_URL']} on {config['S3_ENDPOINT_URL']} answers")


def smtp_finding(config) -> Finding:
    server, port = config["MAIL_SERVER"], config["MAIL_PORT"]
    if not server:
        return Finding("SMTP", NOT_SET, "evidence requests are not e-mailed: officers copy each link and send it "
                                        "themselves. Set BUNDLER_MAIL_SERVER and BUNDLER_MAIL_FROM to e-mail them.")
    connect = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    try:
        with connect(server, port, timeout=10) as smtp:
            smtp.noop()
    except (smtplib.SMTPException, OSError) as error:
        return Finding("SMTP", FAILED, f"cannot reach {server}:{port} ({error}): evidence requests cannot be "
                                       "e-mailed. Check BUNDLER_MAIL_SERVER and BUNDLER_MAIL_PORT.")
    return Finding("SMTP", OK, f"{server}:{port} answers")


def clamav_finding(config) -> Finding:
    from .services import virus_scan

    socket_path = config["CLAMD_SOCKET"]
    if not socket_path:
        return Finding("ClamAV", NOT_SET, "uploads are not scanned for viruses. To scan them (above all those "
                                          "through evidence-request links), apt-get install clamav-daemon and set "
                                          "BUNDLER_CLAMD_SOCKET=/run/clamav/clamd.ctl.")
    try:
        answer = virus_scan.version(socket_path)
    except virus_scan.ScannerUnavailable as error:
        return Finding("ClamAV", FAILED, f"{error}: every upload is refused until it answers. Check that "
                                         "clamav-daemon runs and BUNDLER_CLAMD_SOCKET.")
    return Finding("ClamAV", OK, f"clamd at {socket_path} answers ({answer}); uploads are scanned")


def _without_password(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def findings(config) -> list[Finding]:
    return [*(tool_finding(tool) for tool in TOOLS), qpdf_finding(), *database_findings(config),
            redis_finding(config), storage_finding(config), smtp_finding(config), clamav_finding(config)]


@click.command("doctor")
@with_appcontext
def doctor_command():
    """Which optional parts are present, what each missing one turns off, and whether configured servers answer."""
    found = findings(current_app.config)
    width = max(len(finding.part) for finding in found)
    for finding in found:
        click.echo(f"{finding.status:<8} {finding.part:<{width}}  {finding.detail}")
    failed = [finding.part for finding in found if finding.status == FAILED]
    if failed:
        raise click.ClickException(f"configured but not working: {', '.join(failed)}")
    click.echo("Everything configured works.")
