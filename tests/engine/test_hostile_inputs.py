"""Hostile inputs are refused with a reason a person can act on, within the memory and time limits: the checks run
in a child process, so the process that asked (the web app, a worker) never pays for the file."""
import resource
from pathlib import Path

import pytest

from bundler.engine.convert import screen
from bundler.engine.errors import InputError
from bundler.engine.limits import Limits

from ..hostile_files import HOSTILE, huge_object_stream_pdf, huge_png, ole_file, tiny_pages_pdf, zip_bomb_docx


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize("name", HOSTILE)
def test_each_hostile_file_is_refused_with_its_reason_and_the_caller_pays_nothing(hostile_files, name):
    path, reason = hostile_files[name]
    assert path.stat().st_size < 2 * 1024 * 1024  # small on disk: the cost is in what it unpacks to
    before = peak_memory_mb()
    with pytest.raises(InputError) as refused:
        screen(path, name)
    assert refused.value.file == name and refused.value.reason.startswith(reason), refused.value.reason
    assert peak_memory_mb() - before < 100


@pytest.mark.parametrize("make, kind", [
    (lambda path: zip_bomb_docx(path, 1), "docx"), (lambda path: tiny_pages_pdf(path, 3), "pdf"),
    (lambda path: huge_png(path, 620, 877), "png"), (lambda path: huge_object_stream_pdf(path, 2), "pdf"),
    (lambda path: ole_file(path, ["WordDocument", "1Table"]), "doc")])
def test_the_same_files_made_small_pass(tmp_path, make, kind):
    """So each refusal above is for its size, not because the file is malformed."""
    assert screen(make(tmp_path / "file")) == kind


def test_each_limit_is_the_callers_to_set(tmp_path):
    limits = Limits(docx_unpacked_mb=1, document_pages=2, image_megapixels=1, memory_mb=1024, seconds=60)
    for path, reason in [(zip_bomb_docx(tmp_path / "a.docx", 2), "this Word file unpacks to 2 MB, more than the 1 MB"),
                         (tiny_pages_pdf(tmp_path / "b.pdf", 3), "has 3 pages; a document can have at most 2"),
                         (huge_png(tmp_path / "c.png", 1001, 1000), "the image has more than 1 million pixels")]:
        with pytest.raises(InputError, match=f"^{Path(path).name}: {reason}"):
            screen(path, limits=limits)


def test_a_file_slower_to_check_than_the_time_limit_is_refused_saying_so(hostile_files):
    path, _ = hostile_files["object stream.pdf"]
    with pytest.raises(InputError) as refused:
        screen(path, "report.pdf", limits=Limits(memory_mb=8192, seconds=1))
    assert str(refused.value) == (
        "report.pdf: checking it took more than 1 seconds, so it is not used: a file this slow to open is most "
        "likely damaged. Ask the sender to save it again as a PDF and send that")
