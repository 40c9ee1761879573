"""The S3 server goes down under a running service (its address stops answering, as a stopped server's does): an
upload is refused with a message and nothing is half-stored, a document already stored cannot be opened but says
why, and once the server answers again everything is there as before."""
import itertools
import os

import pytest
from sqlalchemy import func, select

from bundler import create_app
from bundler.extensions import db
from bundler.models import Document

from ..conftest import app_config
from ..helpers import checked, pdf_bytes, wait_for_jobs
from ..servers import free_ports

PLACES = itertools.count(1)
DOWN = "Files cannot be stored or read just now"


@pytest.fixture
def app(tmp_path, monkeypatch, database_url, s3_server):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    app = create_app(app_config(tmp_path, database_url)
                     | s3_server.config(f"s3://{s3_server.bucket}/down-{next(PLACES)}", tmp_path / "cache"))
    yield app
    with app.app_context():
        db.engine.dispose()


def documents(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Document.id)))


def test_an_s3_server_that_stops_answering_refuses_uploads_and_keeps_what_was_stored(app, client, login, seed,
                                                                                     upload, tmp_path):
    login(client, "tribunal_officer")
    letter = pdf_bytes(1, "letter from school")
    assert upload(seed.own_case_id, [("letter.pdf", letter)]).status_code == 302
    wait_for_jobs(app)
    with app.app_context():
        stored = db.session.scalar(select(Document.id))
    original = f"/cases/{seed.own_case_id}/evidence/{stored}/original"

    working = app.config["S3_ENDPOINT_URL"]
    (dead_port,) = free_ports(1)
    app.config["S3_ENDPOINT_URL"] = f"http://127.0.0.1:{dead_port}"  # nothing listens there: the server is down
    for folder in ("evidence", "previews", "bundles"):  # and nothing is served from the local cache meanwhile
        for path, _, names in os.walk(tmp_path / "cache" / folder):
            for name in names:
                os.remove(os.path.join(path, name))

    refused = upload(seed.own_case_id, [("report.pdf", pdf_bytes(2, "EP report"))])
    shown = checked(refused)
    assert refused.status_code == 503 and shown.h1 == DOWN
    assert "cannot be reached" in shown.text and "BUNDLER_S3_ENDPOINT_URL" in shown.text
    assert documents(app) == 1  # no row for a file that was not stored
    assert os.listdir(tmp_path / "cache" / "evidence" / "incoming") == []  # and no part of it left behind

    unavailable = client.get(original)
    assert unavailable.status_code == 503 and checked(unavailable).h1 == DOWN

    app.config["S3_ENDPOINT_URL"] = working  # the server is back
    assert client.get(original).data == letter
    assert upload(seed.own_case_id, [("report.pdf", pdf_bytes(2, "EP report"))]).status_code == 302
    assert documents(app) == 2
