"""Secrets made on first use and kept in the instance folder (never in the repository), readable only by the owner."""
import secrets
from pathlib import Path

from .files import atomic_write


def instance_secret(instance_path: str, name: str, nbytes: int) -> str:
    """The secret stored in `instance_path/name`, made at random the first time.

    Written to a temporary file then hard-linked into place, so two processes starting together agree on one value.
    """
    path = Path(instance_path) / name
    if not path.exists():
        try:
            with atomic_write(path, replace=False) as temp:  # mode 0600
                temp.write_text(secrets.token_urlsafe(nbytes) + "\n", encoding="utf-8")
        except FileExistsError:
            pass  # another process made it first: use theirs
    return path.read_text(encoding="utf-8").strip()
