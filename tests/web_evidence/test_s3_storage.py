"""With BUNDLER_STORAGE_URL=s3://..., uploads, previews and bundles live in the bucket, not on local disk."""
import itertools
import os
import shutil

import pikepdf
import pytest
from sqlalchemy import select

from bundler import create_app
from bundler.engine.check import check_bundle
from bundler.extensions import db
from bundler.models import BundleVersion, Document

from ..conftest import app_config
from ..helpers import pdf_bytes, wait_for_jobs

PLACES = itertools.count(1)


@pytest.fixture
def app(tmp_path, monkeypatch, database_url, s3_server):
    """The test app keeping its files under a prefix of its own in the test bucket."""
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    place = f"s3://{s3_server.bucket}/web-{next(PLACES)}"
    app = create_app(app_config(tmp_path, database_url) | s3_server.config(place, tmp_path / "cache")
                     | {"PREVIEWS_DIR": str(tmp_path / "previews")})
    app.config["TEST_PREFIX"] = place.split("/")[-1]
    yield app
    with app.app_context():
        db.engine.dispose()


def bucket_keys(app, s3_server) -> set[str]:
    listing = s3_server.client().list_objects_v2(Bucket=s3_server.bucket, Prefix=app.config["TEST_PREFIX"] + "/")
    return {item["Key"].split("/", 1)[1] for item in listing.get("Contents", [])}


def object_bytes(app, s3_server, key: str) -> bytes:
    found = s3_server.client().get_object(Bucket=s3_server.bucket, Key=f"{app.config['TEST_PREFIX']}/{key}")
    return found["Body"].read()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm is missing: apt-get install poppler-utils")
def test_upload_preview_and_bundle_are_stored_in_the_bucket_not_on_local_disk(app, client, login, seed, upload,
                                                                               s3_server, tmp_path):
    login(client, "tribunal_officer")
    content = pdf_bytes(2, "EP advice")
    assert upload(seed.own_case_id, [("EP advice.pdf", content)]).status_code == 302
    wait_for_jobs(app)
    with app.app_context():
        document = db.session.scalar(select(Document))
        sha256, preview_pages = document.original_sha256, document.preview_pages
    keys = bucket_keys(app, s3_server)
    assert f"evidence/{sha256[:2]}/{sha256}" in keys
    assert object_bytes(app, s3_server, f"evidence/{sha256[:2]}/{sha256}") == content
    assert preview_pages == 2 and not any(key.startswith("previews/") for key in keys)  # made when first viewed
    for folder in ("evidence", "bundles", "previews"):
        assert not (tmp_path / folder).exists(), f"{folder} was written to local disk"

    response = client.post(f"/cases/{seed.own_case_id}/bundles/build", data={"bundle_date": ["5", "1", "2026"]})
    assert response.status_code == 302
    wait_for_jobs(app)
    with app.app_context():
        version = db.session.scalar(select(BundleVersion))
        assert version.state == "built", version.job.error if version.job else None
        file_name = version.file_name
    assert f"bundles/{file_name}" in bucket_keys(app, s3_server)
    assert not (tmp_path / "bundles").exists()

    shutil.rmtree(tmp_path / "cache")  # the cache is only a cache: everything comes back from the bucket
    download = client.get(f"/cases/{seed.own_case_id}/bundles/1/download")
    assert download.status_code == 200 and download.data == object_bytes(app, s3_server, f"bundles/{file_name}")
    path = tmp_path / "downloaded.pdf"
    path.write_bytes(download.data)
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) >= 2
    assert [result for result in check_bundle(path) if not result.passed] == []
    document_id = _document_id(app)
    image = client.get(f"/cases/{seed.own_case_id}/evidence/{document_id}/pages/2.png")
    assert image.status_code == 200 and image.data.startswith(b"\x89PNG")
    assert object_bytes(app, s3_server, f"previews/{sha256}/2.png") == image.data
    original = client.get(f"/cases/{seed.own_case_id}/evidence/{document_id}/original")
    assert original.data == content


def _document_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Document.id))


def test_an_unreachable_bucket_fails_the_upload_with_what_to_check(app, client, login, seed, upload):
    app.config["STORAGE_URL"] = "s3://no-such-bucket"
    login(client, "tribunal_officer")
    response = upload(seed.own_case_id, [("letter.pdf", pdf_bytes(1, "letter"))])
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "bucket &#39;no-such-bucket&#39; does not exist" in page and "BUNDLER_STORAGE_URL" in page
    with app.app_context():
        assert db.session.scalar(select(Document)) is None
    assert os.listdir(app.config["STORAGE_CACHE_DIR"] + "/evidence/incoming") == []


def test_destroying_a_file_removes_it_from_the_bucket_and_the_local_cache(app, s3_server, tmp_path):
    """Only retention destroys stored files; on S3 the object and the cached copy both go."""
    import io

    from bundler.services.evidence import evidence_store

    with app.app_context():
        store = evidence_store()
        stored = store.put(io.BytesIO(b"a letter naming a child"))
        cached = store.local_path(stored.sha256)
        assert cached.is_file() and f"evidence/{stored.sha256[:2]}/{stored.sha256}" in bucket_keys(app, s3_server)
        assert store.destroy(stored.sha256) is True
        assert not cached.exists() and not store.exists(stored.sha256)
        assert f"evidence/{stored.sha256[:2]}/{stored.sha256}" not in bucket_keys(app, s3_server)
        assert store.destroy(stored.sha256) is False  # a second destruction finds nothing
