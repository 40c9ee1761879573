import hashlib
import io
import os
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bundler.storage import FileStore, StoreError, store_from_config


def test_file_is_stored_under_its_sha256_and_read_back(tmp_path):
    store = FileStore(tmp_path)
    content = b"%PDF-1.7 school report"
    stored = store.put(io.BytesIO(content))
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.size == len(content) and stored.created
    with store.open(stored.sha256) as f:
        assert f.read() == content
    assert store.local_path(stored.sha256) == tmp_path / stored.sha256[:2] / stored.sha256


def test_stored_file_is_read_only_and_nothing_is_left_in_incoming(tmp_path):
    store = FileStore(tmp_path)
    stored = store.put(io.BytesIO(b"evidence"))
    mode = store.local_path(stored.sha256).stat().st_mode
    assert not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert os.listdir(tmp_path / "incoming") == []


def test_same_content_twice_keeps_the_first_file_untouched(tmp_path):
    store = FileStore(tmp_path)
    first = store.put(io.BytesIO(b"same bytes"))
    path = store.local_path(first.sha256)
    inode = path.stat().st_ino
    second = store.put(io.BytesIO(b"same bytes"))
    assert second.sha256 == first.sha256 and not second.created
    assert path.stat().st_ino == inode


def test_failed_write_leaves_no_partial_file(tmp_path):
    class Broken(io.BytesIO):
        def read(self, size=-1):
            if self.tell() > 0:
                raise OSError("disk unplugged")
            return super().read(4)

    store = FileStore(tmp_path)
    with pytest.raises(OSError):
        store.put(Broken(b"0123456789"))
    assert os.listdir(tmp_path / "incoming") == []
    assert [p for p in tmp_path.iterdir() if p.name != "incoming"] == []


@pytest.mark.parametrize("bad", ["../../etc/passwd", "ABC", "", "g" * 64])
def test_reading_by_something_that_is_not_a_hash_is_refused(tmp_path, bad):
    with pytest.raises(StoreError, match="not a SHA-256"):
        FileStore(tmp_path).open(bad)


def test_missing_file_says_to_restore_from_backup(tmp_path):
    store = FileStore(tmp_path)
    assert not store.exists("a" * 64)
    with pytest.raises(StoreError, match="Restore it from backup"):
        store.local_path("a" * 64)


def test_store_from_config_uses_evidence_dir(tmp_path):
    store = store_from_config({"EVIDENCE_DIR": str(tmp_path / "ev")})
    stored = store.put(io.BytesIO(b"x"))
    assert (tmp_path / "ev" / stored.sha256[:2] / stored.sha256).is_file()


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=5000))
def test_any_content_round_trips(tmp_path_factory, content):
    store = FileStore(tmp_path_factory.mktemp("store"))
    stored = store.put(io.BytesIO(content))
    with store.open(stored.sha256) as f:
        assert f.read() == content
