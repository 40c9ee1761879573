"""`checked_kind` runs the upload checks in a child process held to the memory and time limits: the caller gets the
file's kind or an InputError naming the file with the reason."""
import json
import os
import resource

import pytest

from bundler.engine.errors import InputError
from bundler.engine.limits import DEFAULT_LIMITS, MB, Limits, _child, checked_kind, too_demanding_reason

from ..hostile_files import tiny_pages_pdf
from .conftest import text_pdf


def test_the_default_limits_are_those_documented():
    assert DEFAULT_LIMITS == Limits(docx_unpacked_mb=200, document_pages=2000, image_megapixels=50, memory_mb=1024,
                                    seconds=60)
    assert MB == 1024 * 1024


def test_the_child_runs_this_copy_of_bundler_wherever_the_caller_is(tmp_path, monkeypatch):
    path = text_pdf(tmp_path / "letter.pdf", 1, "Letter")
    monkeypatch.delenv("PYTHONPATH", raising=False)
    monkeypatch.chdir(tmp_path)
    assert checked_kind(path, "letter.pdf", DEFAULT_LIMITS) == "pdf"


def test_the_childs_refusal_names_the_file_as_the_caller_calls_it_with_the_limits_given(tmp_path):
    path = tiny_pages_pdf(tmp_path / "upload-7", 3)
    with pytest.raises(InputError) as refused:
        checked_kind(path, "school report.pdf", Limits(document_pages=2))
    assert refused.value.file == "school report.pdf"
    assert refused.value.reason.startswith(
        "has 3 pages; a document can have at most 2: ask the sender to split it into parts")
    assert checked_kind(path, "school report.pdf", Limits(document_pages=3)) == "pdf"


def test_a_child_that_cannot_even_start_in_the_memory_limit_is_too_demanding(tmp_path):
    path = text_pdf(tmp_path / "letter.pdf", 1, "Letter")
    with pytest.raises(InputError) as refused:
        checked_kind(path, "letter.pdf", Limits(memory_mb=16))
    assert str(refused.value) == (
        "letter.pdf: opening it needs more than 16 MB of memory, so it is not used: a file this demanding is most "
        "likely damaged or made to cause trouble. Ask the sender to save it again as a PDF (Print to PDF) and send "
        "that")
    assert too_demanding_reason(Limits(memory_mb=16)) == refused.value.reason


def _in_a_fork(function):
    """`function()`'s answer, run in a forked copy of this process: `_child` lowers the memory limit of the process
    it runs in, which only a process allowed to raise limits could put back."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.write(write, json.dumps(function()).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        data = answer.read()
    os.waitpid(pid, 0)
    return json.loads(data)


def test_the_child_sets_its_memory_limit_then_answers_with_the_kind_or_the_reason(tmp_path):
    path = tiny_pages_pdf(tmp_path / "upload", 3)
    limit_mb = 4 * 1024 * 1024  # 4 TB: a limit this test can see set without reaching it
    assert _in_a_fork(lambda: [_child(str(path), "report.pdf", Limits(memory_mb=limit_mb)),
                               list(resource.getrlimit(resource.RLIMIT_AS))]) == [
        {"kind": "pdf"}, [limit_mb * MB, limit_mb * MB]]
    answer = _in_a_fork(lambda: _child(str(path), "report.pdf", Limits(memory_mb=limit_mb, document_pages=2)))
    assert answer == {"reason": answer["reason"]} and answer["reason"].startswith(
        "has 3 pages; a document can have at most 2: ask the sender to split it into parts")
