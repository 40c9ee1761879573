"""Files kept once and never changed or deleted: evidence under its SHA-256, and files made from it (page previews,
built bundles) under a name.

The rest of the app talks to a `Store`; `store_from_config` gives the filesystem store (folders in the instance,
the default) or, with STORAGE_URL=s3://BUCKET[/prefix], an S3-compatible bucket reached through boto3. Either way a
put is all or nothing and never replaces what is there, and `local_path`/`fetch` give a file on local disk (for the
bucket, a copy in a local cache, which can be deleted at any time).
"""
import hashlib
import os
import re
import shutil
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from .files import is_disk_full

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")
_CHUNK = 1024 * 1024
INCOMING = "incoming"  # work files of unfinished puts and fetches, never a stored name

# Each kind of file and the folder that holds it when STORAGE_URL is empty; in a bucket, a prefix of that name.
AREAS = {"evidence": "EVIDENCE_DIR", "previews": "PREVIEWS_DIR", "bundles": "BUNDLES_DIR"}


class StoreError(Exception):
    """A file could not be stored or found; the message says what to do."""


@contextmanager
def _disk_space(folder: Path):
    """A full disk (or quota) while writing under `folder` as a StoreError saying so; the caller's temporary
    file is removed as for any failed write."""
    try:
        yield
    except OSError as error:
        if not is_disk_full(error):
            raise
        raise StoreError(f"The disk holding {folder} is full, so the file was not stored and nothing was kept. "
                         "Free some space there (or ask the service administrator to), then try again.") from None


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    created: bool  # False when the same content was already stored


class Store(ABC):
    """Content-addressed files (put, open, local_path, exists) on top of named write-once files (keep, fetch, has),
    which each backend provides through `_place`, `_fetch` and `_has`."""

    incoming: Path  # a local folder for work files, on the same filesystem as anything fetched

    def put(self, stream: BinaryIO) -> StoredFile:
        self.incoming.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        fd, temp_name = tempfile.mkstemp(dir=self.incoming)
        try:
            with _disk_space(self.incoming), os.fdopen(fd, "wb") as temp:
                while chunk := stream.read(_CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    temp.write(chunk)
                temp.flush()
                os.fsync(temp.fileno())
            sha256 = digest.hexdigest()
            return StoredFile(sha256, size, self._place(Path(temp_name), _hash_key(sha256), disposable=True))
        finally:
            if os.path.exists(temp_name):
                os.unlink(temp_name)

    def put_file(self, path) -> StoredFile:
        digest, size = hashlib.sha256(), 0
        with open(path, "rb") as source:
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
        sha256 = digest.hexdigest()
        return StoredFile(sha256, size, self._place(Path(path), _hash_key(sha256), disposable=False))

    def open(self, sha256: str) -> BinaryIO:
        return open(self.local_path(sha256), "rb")

    def local_path(self, sha256: str) -> Path:
        return self._fetch(_hash_key(sha256), f"Evidence file {sha256}")

    def exists(self, sha256: str) -> bool:
        return self._has(_hash_key(sha256))

    def keep(self, name: str, path) -> bool:
        """Store the file at `path` as `name` (for example "case-3/bundle-v2.pdf"); False if `name` is already
        stored, which is left as it was."""
        return self._place(Path(path), _checked_name(name), disposable=False)

    def fetch(self, name: str) -> Path:
        return self._fetch(_checked_name(name), f"The file {name}")

    def has(self, name: str) -> bool:
        return self._has(_checked_name(name))

    def destroy(self, sha256: str) -> bool:
        """Remove a content-addressed file for good (a retention decision, never a failed step); False if absent."""
        return self._destroy(_hash_key(sha256))

    def destroy_named(self, name: str) -> bool:
        return self._destroy(_checked_name(name))

    @abstractmethod
    def _destroy(self, key: str) -> bool:
        """Remove `key` (and any local copy); True when something was there."""

    @abstractmethod
    def _place(self, path: Path, key: str, disposable: bool) -> bool:
        """Store `path` at `key` unless something is there; True when stored. `disposable`: the caller deletes
        `path` afterwards, so it may be moved instead of copied."""

    @abstractmethod
    def _fetch(self, key: str, what: str) -> Path:
        """A local copy of `key`; StoreError saying `what` is missing when it is not stored."""

    @abstractmethod
    def _has(self, key: str) -> bool:
        """Whether `key` is stored."""


def _hash_key(sha256: str) -> str:
    if not _SHA256.match(sha256 or ""):
        raise StoreError(f"'{sha256}' is not a SHA-256 hash.")
    return f"{sha256[:2]}/{sha256}"


def _checked_name(name: str) -> str:
    if not _NAME.match(name or "") or ".." in name or name.split("/")[0] == INCOMING:
        raise StoreError(f"'{name}' is not a name a file can be stored under.")
    return name


class FileStore(Store):
    """Files at ROOT/ab/abcdef... (or ROOT/name); written to a temp file, made read-only, then hard-linked into
    place, which fails rather than replace a file already there."""

    def __init__(self, root):
        self.root = Path(root)
        self.incoming = self.root / INCOMING

    def _place(self, path: Path, key: str, disposable: bool) -> bool:
        target = self.root / key
        if target.exists():
            return False
        if disposable and path.parent == self.incoming:
            return _link_into_place(path, target)
        with _disk_space(self.root), _local_copy(path, self.incoming) as temp:
            return _link_into_place(temp, target)

    def _fetch(self, key: str, what: str) -> Path:
        path = self.root / key
        if not path.is_file():
            raise StoreError(f"{what} is missing from {self.root}. Restore it from backup.")
        return path

    def _has(self, key: str) -> bool:
        return (self.root / key).is_file()

    def _destroy(self, key: str) -> bool:
        path = self.root / key
        if not path.is_file():
            return False
        path.unlink()
        return True


@contextmanager
def _local_copy(path: Path, folder: Path):
    """A synced copy of `path` in `folder` (the same filesystem as the target), removed afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=folder)
    try:
        with os.fdopen(fd, "wb") as temp, open(path, "rb") as source:
            shutil.copyfileobj(source, temp, _CHUNK)
            temp.flush()
            os.fsync(temp.fileno())
        yield Path(temp_name)
    finally:
        if os.path.exists(temp_name):
            os.unlink(temp_name)


def _link_into_place(temp: Path, target: Path) -> bool:
    os.chmod(temp, 0o444)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(temp, target)
    except FileExistsError:
        return False  # another process stored it first
    return True


class S3Store(Store):
    """Objects at s3://BUCKET/PREFIX<key>. A put is one conditional PUT (If-None-Match: *), so an object is never
    replaced and a failed upload stores nothing; reads are cached under CACHE/<key>, written to a temp file and
    renamed into place."""

    def __init__(self, client, bucket: str, prefix: str, cache: Path, endpoint: str):
        self.client, self.bucket, self.prefix, self.endpoint = client, bucket, prefix, endpoint
        self.cache = Path(cache)
        self.incoming = self.cache / INCOMING

    @property
    def where(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def _place(self, path: Path, key: str, disposable: bool) -> bool:
        from botocore.exceptions import ClientError

        if self._remote_has(key):
            return False
        with self._errors("store a file in"), open(path, "rb") as body:
            try:
                self.client.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=body, IfNoneMatch="*")
            except ClientError as error:
                if _status(error) == 412:  # stored by another process since we looked
                    return False
                raise
        return True

    def _fetch(self, key: str, what: str) -> Path:
        from botocore.exceptions import ClientError

        cached = self.cache / key
        if cached.is_file():
            return cached
        self.incoming.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=self.incoming)
        try:
            with _disk_space(self.cache), self._errors("read a file from"), os.fdopen(fd, "wb") as temp:
                try:
                    self.client.download_fileobj(self.bucket, self.prefix + key, temp)
                except ClientError as error:
                    if _status(error) == 404 and self._bucket_exists():
                        raise StoreError(f"{what} is missing from {self.where}. Restore it from backup.") from None
                    raise
            os.chmod(temp_name, 0o444)
            cached.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temp_name, cached)
        finally:
            if os.path.exists(temp_name):
                os.unlink(temp_name)
        return cached

    def _has(self, key: str) -> bool:
        return (self.cache / key).is_file() or self._remote_has(key)

    def _destroy(self, key: str) -> bool:
        (self.cache / key).unlink(missing_ok=True)
        if not self._remote_has(key):
            return False
        with self._errors("remove a file from"):
            self.client.delete_object(Bucket=self.bucket, Key=self.prefix + key)
        return True

    def _remote_has(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        with self._errors("look for a file in"):
            try:
                self.client.head_object(Bucket=self.bucket, Key=self.prefix + key)
            except ClientError as error:
                if _status(error) == 404 and self._bucket_exists():
                    return False
                raise
        return True

    def check(self) -> None:
        """StoreError unless the bucket is reachable with these credentials (for `bundler doctor`)."""
        with self._errors("reach"):
            if not self._bucket_exists():
                raise StoreError(self._no_bucket())

    def _bucket_exists(self) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError as error:
            if _status(error) == 404:
                return False
            raise
        return True

    def _no_bucket(self) -> str:
        return (f"The bucket '{self.bucket}' does not exist on {self.endpoint}: create it, or correct "
                "BUNDLER_STORAGE_URL.")

    @contextmanager
    def _errors(self, action: str):
        """boto3's failures as a StoreError saying what to set or check."""
        from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

        try:
            yield
        except StoreError:
            raise
        except NoCredentialsError:
            raise StoreError(f"Could not {action} {self.where}: no credentials. Set AWS_ACCESS_KEY_ID and "
                             "AWS_SECRET_ACCESS_KEY.") from None
        except ClientError as error:
            code, status = error.response.get("Error", {}).get("Code", ""), _status(error)
            if status in (401, 403) or code in ("InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied"):
                raise StoreError(f"Could not {action} {self.where}: the S3 server refused the credentials. Check "
                                 "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and that they may use this "
                                 "bucket.") from None
            if code == "NoSuchBucket" or status == 404:  # a missing object is handled where it is asked for
                raise StoreError(self._no_bucket()) from None
            raise StoreError(f"Could not {action} {self.where}: the S3 server answered {status} {code}. Try "
                             "again; if it keeps failing, check the S3 server.") from None
        except BotoCoreError as error:
            raise StoreError(f"Could not {action} {self.where}: the S3 server at {self.endpoint} cannot be "
                             f"reached ({type(error).__name__}). Check BUNDLER_S3_ENDPOINT_URL and that the "
                             "server is running.") from None


def _status(error) -> int:
    return error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)


def parse_s3_url(url: str) -> tuple[str, str]:
    """("BUCKET", "prefix/") from s3://BUCKET[/prefix]."""
    bucket, _, prefix = url.removeprefix("s3://").partition("/")
    prefix = prefix.strip("/")
    return bucket, f"{prefix}/" if prefix else ""


@lru_cache(maxsize=8)
def s3_client(endpoint: str, access_key: str, secret_key: str):
    """One client per server and key (boto3 clients are thread-safe and slow to make)."""
    import boto3
    from botocore.config import Config

    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=access_key,
                        aws_secret_access_key=secret_key, region_name=os.environ.get("AWS_REGION", "us-east-1"),
                        config=Config(connect_timeout=5, read_timeout=60, retries={"max_attempts": 2},
                                      s3={"addressing_style": "path"}))


def store_from_config(config: Mapping, area: str = "evidence") -> Store:
    """Where the configuration keeps `area`'s files (see AREAS): its folder, or its prefix in the bucket."""
    url = config.get("STORAGE_URL") or ""
    if not url:
        return FileStore(config[AREAS[area]])
    bucket, prefix = parse_s3_url(url)
    client = s3_client(config["S3_ENDPOINT_URL"], config["AWS_ACCESS_KEY_ID"], config["AWS_SECRET_ACCESS_KEY"])
    return S3Store(client, bucket, f"{prefix}{area}/", Path(config["STORAGE_CACHE_DIR"]) / area,
                   config["S3_ENDPOINT_URL"])
