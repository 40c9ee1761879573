"""Writing a file so that a reader sees the whole of it or nothing, and a failure leaves no part behind."""
import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def is_disk_full(error: BaseException) -> bool:
    """Whether `error` is the disk (or the user's quota) running out of space."""
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


@contextmanager
def atomic_write(target: Path, *, replace: bool = True) -> Iterator[Path]:
    """A temporary path beside `target` (mode 0600) to write to; moved onto `target` when the block ends, removed if
    it fails. With replace=False the file is hard-linked into place instead, raising FileExistsError if another
    process made `target` first, so two writers racing agree on one file."""
    target = Path(target)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        if replace:
            os.replace(temp, target)
        else:
            os.link(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def save_atomically(document, output: Path) -> None:
    """Save a python-docx Document or an openpyxl Workbook (anything with `.save(path)`), making its folder."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(output) as temp:
        document.save(str(temp))


def file_size(size: int | None) -> str:
    """12.3 MB, or 840 KB for a small file (1 MB = 1024 KB, as MAX_UPLOAD_MB counts)."""
    if size is None:
        return ""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"
