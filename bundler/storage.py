"""Evidence files, stored once under their SHA-256 and never changed or deleted.

The rest of the app talks to an `EvidenceStore` (put, open, local_path, exists), so another backend (for example an
S3-compatible bucket) could be configured behind the same interface. Only the filesystem store exists today.
"""
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Mapping, Protocol

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1024 * 1024


class StoreError(Exception):
    """A file could not be stored or found; the message says what to do."""


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    created: bool  # False when the same content was already stored


class EvidenceStore(Protocol):
    def put(self, stream: BinaryIO) -> StoredFile: ...
    def put_file(self, path) -> StoredFile: ...
    def open(self, sha256: str) -> BinaryIO: ...
    def local_path(self, sha256: str) -> Path: ...  # a remote store would fetch into a local cache here
    def exists(self, sha256: str) -> bool: ...


class FileStore:
    """Files at ROOT/ab/abcdef...; written through a temp file and os.replace, then made read-only."""

    def __init__(self, root):
        self.root = Path(root)

    def put(self, stream: BinaryIO) -> StoredFile:
        incoming = self.root / "incoming"
        incoming.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, temp_name = tempfile.mkstemp(dir=incoming)
        try:
            with os.fdopen(fd, "wb") as temp:
                while chunk := stream.read(_CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    temp.write(chunk)
                temp.flush()
                os.fsync(temp.fileno())
            sha256 = digest.hexdigest()
            target = self._path(sha256)
            if target.exists():
                return StoredFile(sha256, size, created=False)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(temp_name, 0o444)
            os.replace(temp_name, target)
            return StoredFile(sha256, size, created=True)
        finally:
            if os.path.exists(temp_name):
                os.unlink(temp_name)

    def put_file(self, path) -> StoredFile:
        with open(path, "rb") as source:
            return self.put(source)

    def open(self, sha256: str) -> BinaryIO:
        return open(self.local_path(sha256), "rb")

    def local_path(self, sha256: str) -> Path:
        path = self._path(sha256)
        if not path.is_file():
            raise StoreError(f"Evidence file {sha256} is missing from {self.root}. Restore it from backup.")
        return path

    def exists(self, sha256: str) -> bool:
        return self._path(sha256).is_file()

    def _path(self, sha256: str) -> Path:
        if not _SHA256.match(sha256 or ""):
            raise StoreError(f"'{sha256}' is not a SHA-256 hash.")
        return self.root / sha256[:2] / sha256


def store_from_config(config: Mapping) -> EvidenceStore:
    """The evidence store the configuration names: the filesystem store at EVIDENCE_DIR."""
    return FileStore(config["EVIDENCE_DIR"])
