"""Limits on what one input may cost to read, and checking a file inside them.

A hostile or broken file (a zip bomb named .docx, a PDF whose object stream unpacks to gigabytes, an image header
claiming a billion pixels) must be refused with a message, not take down the web process or worker that reads it.
So `checked_kind` runs the upload checks in a child Python process held to a memory limit (RLIMIT_AS) and a time
limit: whatever the file does, the parent gets either the file's kind or an InputError saying why it is not used.
"""
import json
import os
import resource
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import InputError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    docx_unpacked_mb: int = 200   # a Word (.docx/.odt) file's parts, unzipped
    document_pages: int = 2000    # pages in one PDF, frames in one TIFF
    image_megapixels: int = 50    # width x height of one image (an A4 page scanned at 600 dpi is 35)
    memory_mb: int = 1024         # address space of the process that checks one file
    seconds: int = 60             # time the checks of one file may take


DEFAULT_LIMITS = Limits()


def checked_kind(path, name: str, limits: Limits) -> str:
    """`convert.screen_here(path, name, limits)` in a child process held to the memory and time limits."""
    command = [sys.executable, "-m", "bundler.engine.limits", str(path), name, json.dumps(asdict(limits))]
    here = str(Path(__file__).resolve().parents[2])  # the child runs this same copy of bundler
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")]))}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=limits.seconds, env=env)
    except subprocess.TimeoutExpired:
        raise InputError(name, f"checking it took more than {limits.seconds} seconds, so it is not used: a file "
                               "this slow to open is most likely damaged. Ask the sender to save it again as a "
                               "PDF and send that") from None
    try:
        answer = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        raise _too_demanding(name, limits) from None
    if "reason" in answer:
        raise InputError(name, answer["reason"])
    return answer["kind"]


def too_demanding_reason(limits: Limits) -> str:
    return (f"opening it needs more than {limits.memory_mb} MB of memory, so it is not used: a file this "
            "demanding is most likely damaged or made to cause trouble. Ask the sender to save it again as a "
            "PDF (Print to PDF) and send that")


def _too_demanding(name: str, limits: Limits) -> InputError:
    return InputError(name, too_demanding_reason(limits))


def _child(path: str, name: str, limits: Limits) -> dict:
    memory = limits.memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    from .convert import screen_here

    try:
        return {"kind": screen_here(Path(path), name, limits)}
    except InputError as exc:
        return {"reason": exc.reason}
    except MemoryError:
        return {"reason": too_demanding_reason(limits)}


if __name__ == "__main__":
    print(json.dumps(_child(sys.argv[1], sys.argv[2], Limits(**json.loads(sys.argv[3])))))
