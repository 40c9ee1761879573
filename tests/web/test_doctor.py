"""`bundler doctor` through the command line, against real servers that answer and addresses where nothing does."""
import shutil
import socketserver
import threading
from contextlib import contextmanager

import flask_migrate

from bundler import create_app
from bundler.doctor import TOOLS
from bundler.extensions import db

from ..conftest import BundlerRunner, app_config
from ..servers import free_ports, redis_server


def doctor(app):
    result = BundlerRunner(app).invoke(args=["doctor"])
    lines = {line[9:].split("  ")[0].strip(): line for line in result.output.splitlines()
             if line[:8].strip() in ("present", "missing", "not set", "ok", "FAILED")}
    return result, lines


def nothing_listening() -> int:
    return free_ports(1)[0]


def test_on_the_embedded_default_every_part_is_reported_and_it_passes(app):
    result, lines = doctor(app)
    assert result.exit_code == 0, result.output
    for tool in TOOLS:
        installed = all(shutil.which(command) for command in tool.commands)
        assert lines[tool.part].startswith("present" if installed else "missing")
    assert lines["qpdf (pikepdf)"].startswith("present")
    assert lines["database schema"].startswith("ok") and "latest migration" in lines["database schema"]
    for part in ("Redis", "S3 storage", "SMTP", "ClamAV"):
        assert lines[part].startswith("not set")
    assert "BUNDLER_QUEUE_URL=redis://" in lines["Redis"] and "BUNDLER_STORAGE_URL=s3://" in lines["S3 storage"]
    assert "Everything configured works." in result.output


def test_a_missing_tool_says_what_it_turns_off_and_how_to_install_it_but_does_not_fail(app, monkeypatch,
                                                                                        tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result, lines = doctor(app)
    assert result.exit_code == 0, result.output
    assert lines["LibreOffice"].startswith("missing")
    assert "cannot be converted" in lines["LibreOffice"]
    assert "apt-get install libreoffice-writer-nogui" in lines["LibreOffice"]
    assert "apt-get install ocrmypdf tesseract-ocr-eng" in lines["OCRmyPDF + Tesseract"]
    assert "no page previews" in lines["pdftoppm"] and "apt-get install poppler-utils" in lines["pdftoppm"]


def test_servers_that_answer_pass(app, s3_server, tmp_path):
    with redis_server(tmp_path) as redis, smtp_listener() as smtp_port:
        app.config.update(QUEUE_URL=redis.url, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_port, MAIL_USE_TLS=False,
                          MAIL_FROM="send@council.example",
                          **s3_server.config(f"s3://{s3_server.bucket}/doctor", tmp_path / "cache"))
        result, lines = doctor(app)
    assert result.exit_code == 0, result.output
    assert lines["Redis"].startswith("ok") and lines["SMTP"].startswith("ok")
    assert lines["S3 storage"].startswith("ok") and s3_server.endpoint in lines["S3 storage"]


def test_configured_servers_that_do_not_answer_fail_and_say_what_to_check(app, s3_server, tmp_path):
    app.config.update(QUEUE_URL=f"redis://:hunter2@127.0.0.1:{nothing_listening()}/0", MAIL_SERVER="127.0.0.1",
                      MAIL_PORT=nothing_listening(), MAIL_FROM="send@council.example",
                      **s3_server.config(f"s3://{s3_server.bucket}", tmp_path / "cache",
                                         AWS_SECRET_ACCESS_KEY="not the secret"))
    result, lines = doctor(app)
    assert result.exit_code == 1
    assert lines["Redis"].startswith("FAILED") and "BUNDLER_QUEUE_URL" in lines["Redis"]
    assert "hunter2" not in result.output
    assert lines["SMTP"].startswith("FAILED") and "BUNDLER_MAIL_SERVER" in lines["SMTP"]
    assert lines["S3 storage"].startswith("FAILED") and "refused the credentials" in lines["S3 storage"]
    assert "configured but not working: Redis, S3 storage, SMTP" in result.output


def test_an_unmigrated_database_fails_with_the_command_to_run(tmp_path, monkeypatch):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    app = create_app(app_config(tmp_path, f"sqlite:///{tmp_path / 'empty.sqlite'}"))
    result, lines = doctor(app)
    assert result.exit_code == 1
    assert lines["database schema"].startswith("FAILED") and "run `bundler db upgrade`" in lines["database schema"]


def test_postgresql_is_named_and_checked_when_database_url_says_so(postgres_cluster, tmp_path, monkeypatch):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    postgres_cluster.execute("CREATE DATABASE doctor_check")
    app = create_app(app_config(tmp_path, postgres_cluster.url("doctor_check")))
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    result, lines = doctor(app)
    assert result.exit_code == 0, result.output
    assert lines["database (PostgreSQL)"].startswith("ok") and lines["database schema"].startswith("ok")

    with app.app_context():
        db.engine.dispose()
    postgres_cluster.execute("DROP DATABASE doctor_check WITH (FORCE)")
    result, lines = doctor(app)
    assert result.exit_code == 1
    assert lines["database (PostgreSQL)"].startswith("FAILED")
    assert '"doctor_check" does not exist' in lines["database (PostgreSQL)"] and "DATABASE_URL" in result.output


class _SMTPGreeting(socketserver.StreamRequestHandler):
    """Just enough SMTP for a connection check: a greeting, then 250 to anything until QUIT."""

    def handle(self):
        self.wfile.write(b"220 test ESMTP\r\n")
        for line in self.rfile:
            if line.upper().startswith(b"QUIT"):
                self.wfile.write(b"221 bye\r\n")
                return
            self.wfile.write(b"250 ok\r\n")


@contextmanager
def smtp_listener():
    """A loopback SMTP listener; yields its port."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPGreeting)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
