"""Fixtures for breaking a real part under the app: a small filesystem of its own that can be filled; and the staff
upload form."""
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from ..web_evidence.conftest import upload  # noqa: F401  (the staff upload form, shared)


@contextmanager
def small_disk(folder: Path, size_kb: int):
    """A tmpfs of `size_kb` KB mounted on `folder` (made if missing) while the block runs: a real filesystem that
    runs out of space, as a full disk does."""
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        pytest.skip("mount is not installed")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill (needs root, as CI runs): {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


def fill(folder: Path, leave_kb: int) -> Path:
    """A file taking all but about `leave_kb` KB of the filesystem holding `folder`."""
    usage = shutil.disk_usage(folder)
    filler = folder / "filler.bin"
    with filler.open("wb") as out:
        out.truncate(0)
        remaining = usage.free - leave_kb * 1024
        while remaining > 0:
            chunk = min(remaining, 1024 * 1024)
            out.write(b"\0" * chunk)
            remaining -= chunk
    return filler
