"""The store's contract, run against the filesystem store and an S3 bucket on a real SeaweedFS server."""
import hashlib
import io
import itertools
import os
import stat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bundler.storage import FileStore, S3Store, StoreError, store_from_config

from ..servers import free_ports

PREFIXES = itertools.count(1)


def new_place(s3_server) -> str:
    """s3://BUCKET/PREFIX: a place in the shared test bucket no other test uses."""
    return f"s3://{s3_server.bucket}/contract-{next(PREFIXES)}"


@pytest.fixture(params=["files", "s3"])
def store(request, tmp_path):
    if request.param == "files":
        return FileStore(tmp_path / "store")
    s3_server = request.getfixturevalue("s3_server")
    return store_from_config(s3_server.config(new_place(s3_server), tmp_path / "cache"))


def stored_keys(store) -> list[str]:
    """Every file the store holds, wherever it keeps them (work files of unfinished puts included)."""
    if isinstance(store, FileStore):
        return sorted(str(path.relative_to(store.root)) for path in store.root.rglob("*") if path.is_file()) \
            if store.root.exists() else []
    listing = store.client.list_objects_v2(Bucket=store.bucket, Prefix=store.prefix.split("/")[0] + "/")
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_file_is_stored_under_its_sha256_and_read_back(store):
    content = b"%PDF-1.7 school report"
    stored = store.put(io.BytesIO(content))
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.size == len(content) and stored.created
    assert store.exists(stored.sha256)
    with store.open(stored.sha256) as f:
        assert f.read() == content
    assert store.local_path(stored.sha256).read_bytes() == content


def test_a_local_path_is_read_only(store):
    stored = store.put(io.BytesIO(b"evidence"))
    mode = store.local_path(stored.sha256).stat().st_mode
    assert not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def test_same_content_twice_is_stored_once(store):
    first = store.put(io.BytesIO(b"same bytes"))
    keys = stored_keys(store)
    second = store.put(io.BytesIO(b"same bytes"))
    assert second.sha256 == first.sha256 and not second.created
    assert stored_keys(store) == keys
    assert store.put_file(store.local_path(first.sha256)) == second


def test_failed_write_leaves_nothing_stored(store):
    class Broken(io.BytesIO):
        def read(self, size=-1):
            if self.tell() > 0:
                raise OSError("disk unplugged")
            return super().read(4)

    with pytest.raises(OSError):
        store.put(Broken(b"0123456789"))
    assert stored_keys(store) == []
    assert os.listdir(store.incoming) == []


@pytest.mark.parametrize("bad", ["../../etc/passwd", "ABC", "", "g" * 64])
def test_reading_by_something_that_is_not_a_hash_is_refused(store, bad):
    with pytest.raises(StoreError, match="not a SHA-256"):
        store.open(bad)


def test_missing_file_says_to_restore_from_backup(store):
    assert not store.exists("a" * 64)
    with pytest.raises(StoreError, match="Restore it from backup"):
        store.local_path("a" * 64)
    with pytest.raises(StoreError, match="Restore it from backup"):
        store.fetch("case-1/bundle-v1.pdf")


def test_a_named_file_is_kept_once_and_never_replaced(store, tmp_path):
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    first.write_bytes(b"version one")
    second.write_bytes(b"something else")
    assert not store.has("case-1/bundle-v1.pdf")
    assert store.keep("case-1/bundle-v1.pdf", first) is True
    assert store.keep("case-1/bundle-v1.pdf", second) is False
    assert store.fetch("case-1/bundle-v1.pdf").read_bytes() == b"version one"
    assert store.has("case-1/bundle-v1.pdf")
    assert first.read_bytes() == b"version one"  # the caller's file is copied, not moved


@pytest.mark.parametrize("bad", ["../outside.pdf", "/etc/passwd", "incoming/x.pdf", "a/../../b", "", "a//b"])
def test_names_that_could_leave_the_store_are_refused(store, tmp_path, bad):
    source = tmp_path / "file.pdf"
    source.write_bytes(b"x")
    with pytest.raises(StoreError, match="not a name"):
        store.keep(bad, source)


def test_a_put_racing_another_process_keeps_what_that_process_stored(store, tmp_path, monkeypatch):
    """Between looking and writing, another process stores the name: the write fails rather than replace it."""
    theirs, ours = tmp_path / "theirs.pdf", tmp_path / "ours.pdf"
    theirs.write_bytes(b"stored first")
    ours.write_bytes(b"stored second")
    store.keep("race.pdf", theirs)
    if isinstance(store, S3Store):
        monkeypatch.setattr(store, "_remote_has", lambda key: False)
    else:
        monkeypatch.setattr("pathlib.Path.exists", lambda path: False)
    assert store.keep("race.pdf", ours) is False
    monkeypatch.undo()
    assert store.fetch("race.pdf").read_bytes() == b"stored first"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=5000))
def test_any_content_round_trips(store, content):
    stored = store.put(io.BytesIO(content))
    with store.open(stored.sha256) as f:
        assert f.read() == content


def test_file_store_keeps_evidence_under_evidence_dir_by_default(tmp_path):
    store = store_from_config({"EVIDENCE_DIR": str(tmp_path / "ev")})
    stored = store.put(io.BytesIO(b"x"))
    assert (tmp_path / "ev" / stored.sha256[:2] / stored.sha256).is_file()


def test_file_store_keeps_the_same_inode_for_the_same_content(tmp_path):
    store = FileStore(tmp_path)
    first = store.put(io.BytesIO(b"same bytes"))
    inode = store.local_path(first.sha256).stat().st_ino
    store.put(io.BytesIO(b"same bytes"))
    assert store.local_path(first.sha256).stat().st_ino == inode


# S3 only: where things are, the cache, and errors a person can act on -------------------------------------------

def test_s3_objects_sit_under_the_prefix_and_area_and_the_cache_can_be_deleted(s3_server, tmp_path):
    place = new_place(s3_server)
    config = s3_server.config(f"{place}/", tmp_path / "cache")
    evidence, bundles = store_from_config(config), store_from_config(config, "bundles")
    stored = evidence.put(io.BytesIO(b"letter"))
    built = tmp_path / "bundle.pdf"
    built.write_bytes(b"bundle")
    bundles.keep("case-7/bundle-v1.pdf", built)
    prefix = place.split("/")[-1]
    assert stored_keys(evidence) == [f"{prefix}/bundles/case-7/bundle-v1.pdf",
                                     f"{prefix}/evidence/{stored.sha256[:2]}/{stored.sha256}"]
    assert not any((tmp_path / "cache").rglob("*.pdf"))  # nothing is cached until read
    cached = evidence.local_path(stored.sha256)
    assert cached.is_relative_to(tmp_path / "cache") and cached.read_bytes() == b"letter"
    os.chmod(cached, 0o644)
    cached.unlink()
    assert evidence.local_path(stored.sha256).read_bytes() == b"letter"
    assert os.listdir(evidence.incoming) == []


def test_s3_server_that_is_down_is_named_with_what_to_check(s3_server, tmp_path):
    (port,) = free_ports(1)
    store = store_from_config(s3_server.config("s3://anything", tmp_path / "cache",
                                               S3_ENDPOINT_URL=f"http://127.0.0.1:{port}"))
    for attempt in (lambda: store.put(io.BytesIO(b"x")), lambda: store.local_path("a" * 64),
                    lambda: store.exists("a" * 64), store.check):
        with pytest.raises(StoreError, match=f"127.0.0.1:{port} cannot be reached.*BUNDLER_S3_ENDPOINT_URL"):
            attempt()
    assert os.listdir(store.incoming) == []


def test_s3_wrong_credentials_are_refused_with_what_to_set(s3_server, tmp_path):
    store = store_from_config(s3_server.config(new_place(s3_server), tmp_path / "cache",
                                               AWS_SECRET_ACCESS_KEY="not the secret"))
    for attempt in (lambda: store.put(io.BytesIO(b"x")), lambda: store.local_path("a" * 64),
                    lambda: store.exists("a" * 64), store.check):
        with pytest.raises(StoreError, match="refused the credentials.*AWS_SECRET_ACCESS_KEY"):
            attempt()


def test_s3_missing_bucket_says_to_create_it(s3_server, tmp_path):
    store = store_from_config(s3_server.config("s3://no-such-bucket", tmp_path / "cache"))
    for attempt in (lambda: store.put(io.BytesIO(b"x")), lambda: store.local_path("a" * 64),
                    lambda: store.exists("a" * 64), store.check):
        with pytest.raises(StoreError, match="bucket 'no-such-bucket' does not exist.*create it"):
            attempt()
