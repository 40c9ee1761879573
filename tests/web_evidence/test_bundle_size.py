"""A built bundle's size on its page, with a warning above the configurable e-mail limit (EMAIL_BUNDLE_LIMIT_MB)."""
import io
import os

import pytest
from PIL import Image
from sqlalchemy import select

from bundler import create_app
from bundler.extensions import db
from bundler.files import file_size
from bundler.models import BundleVersion
from bundler.services import bundles

from ..helpers import wait_for_jobs


def photo(megabytes: float) -> bytes:
    """A PNG of noise (it does not compress), about `megabytes` in size."""
    side = int((megabytes * 1024 * 1024 / 3) ** 0.5)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def version_page(app, client, login, seed, upload):
    """A bundle built with a 1.5 MB photo in it; returns its page's URL."""
    login(client, "tribunal_officer")
    upload(seed.own_case_id, [("playground photo.png", photo(1.5))])
    wait_for_jobs(app)
    client.post(f"/cases/{seed.own_case_id}/bundles/build", data={"bundle_date": ["5", "1", "2026"]})
    wait_for_jobs(app)
    return f"/cases/{seed.own_case_id}/bundles/1"


def test_the_size_is_the_built_files_and_a_bundle_over_the_limit_is_flagged(app, client, version_page):
    with app.app_context():
        version = db.session.scalar(select(BundleVersion))
        size = version.size
        assert size == bundles.bundle_path(version).stat().st_size and size > 1024 * 1024
    page = client.get(version_page).get_data(as_text=True)
    assert f"Size: {file_size(size)}" in page and "too large" not in page and "over the" not in page
    app.config["EMAIL_BUNDLE_LIMIT_MB"] = 1
    page = client.get(version_page).get_data(as_text=True)
    assert f"At {file_size(size)} this bundle is over the 1 MB that can be sent by e-mail" in page
    app.config["EMAIL_BUNDLE_LIMIT_MB"] = 0  # off
    assert "over the" not in client.get(version_page).get_data(as_text=True)


def test_the_limit_is_a_setting_with_a_default(tmp_path, monkeypatch):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    monkeypatch.delenv("BUNDLER_EMAIL_BUNDLE_LIMIT_MB", raising=False)
    assert create_app().config["EMAIL_BUNDLE_LIMIT_MB"] == 36
    monkeypatch.setenv("BUNDLER_EMAIL_BUNDLE_LIMIT_MB", "20")
    assert create_app().config["EMAIL_BUNDLE_LIMIT_MB"] == 20


@pytest.mark.parametrize("size,shown", [(None, ""), (10, "1 KB"), (840 * 1024, "840 KB"),
                                        (int(12.34 * 1024 * 1024), "12.3 MB")])
def test_file_sizes_read_as_people_expect(size, shown):
    assert file_size(size) == shown
