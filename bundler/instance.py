"""Secrets made on first use and kept in the instance folder (never in the repository), readable only by the owner."""
import os
import secrets
import tempfile
from pathlib import Path


def instance_secret(instance_path: str, name: str, nbytes: int) -> str:
    """The secret stored in `instance_path/name`, made at random the first time.

    Written to a temporary file then hard-linked into place, so two processes starting together agree on one value.
    """
    path = Path(instance_path) / name
    if not path.exists():
        handle, temp = tempfile.mkstemp(dir=instance_path, prefix=f".{name}-")  # mode 0600
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(secrets.token_urlsafe(nbytes) + "\n")
            os.link(temp, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            os.unlink(temp)
    return path.read_text(encoding="utf-8").strip()
