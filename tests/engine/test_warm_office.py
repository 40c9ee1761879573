"""Word files through a LibreOffice kept running (unoserver): real .docx files converted and read back, the server
started again after it is killed, a hung one killed at the time limit, and none left behind when the process ends."""
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import docx
import pytest

from bundler.engine import convert
from bundler.engine.errors import InputError
from bundler.engine.warm_office import SERVER_PYTHON, WarmOffice

from .conftest import page_texts

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or not Path("/usr/lib/python3/dist-packages/uno.py").is_file(),
    reason="LibreOffice and python3-uno are needed: apt-get install libreoffice-writer-nogui python3-uno")


def word_file(folder: Path, words: str, name: str = "report") -> Path:
    document = docx.Document()
    document.add_heading("Educational psychology advice", 1)
    document.add_paragraph(words)
    path = folder / f"{name}.docx"
    document.save(path)
    return path


def alive(group: int) -> bool:
    """Whether any process of the group is still running (a zombie waiting to be reaped is not)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended while we looked
        if fields[0] != "Z" and int(fields[2]) == group:
            return True
    return False


@pytest.fixture
def office():
    office = WarmOffice(shutil.which("soffice"), convert.CONVERT_MEMORY_MB)
    yield office
    office.stop()


def test_word_files_convert_through_one_warm_libreoffice_and_read_back(office, tmp_path):
    first = word_file(tmp_path, "FIRST WARM paragraph")
    second = word_file(tmp_path, "SECOND WARM paragraph", "second")
    assert office.convert(first, tmp_path / "first.pdf", timeout=120)
    server = office.process.pid
    assert office.convert(second, tmp_path / "second.pdf", timeout=120)
    assert office.process.pid == server  # the same LibreOffice, not a new one
    assert "FIRST WARM paragraph" in page_texts(tmp_path / "first.pdf")[0]
    assert "SECOND WARM paragraph" in page_texts(tmp_path / "second.pdf")[0]
    assert Path(SERVER_PYTHON).is_file() and not office.unavailable


def test_a_server_killed_between_conversions_is_started_again(office, tmp_path):
    source = word_file(tmp_path, "BEFORE THE KILL")
    assert office.convert(source, tmp_path / "before.pdf", timeout=120)
    killed = office.process.pid
    os.killpg(killed, signal.SIGKILL)  # the server and LibreOffice die between two conversions
    office.process.wait(timeout=30)
    after = word_file(tmp_path, "AFTER THE KILL", "after")
    assert office.convert(after, tmp_path / "after.pdf", timeout=120)
    assert office.process.pid != killed
    assert "AFTER THE KILL" in page_texts(tmp_path / "after.pdf")[0]


def test_a_hung_server_is_killed_at_the_time_limit_and_the_file_fails_with_the_reason(tmp_path, monkeypatch):
    convert.keep_libreoffice_warm(True)
    try:
        assert convert.to_pdf(word_file(tmp_path, "WARMING UP"), tmp_path).is_file()
        office = convert.warm_office.shared("soffice", convert.CONVERT_MEMORY_MB)
        hung = office.process.pid
        os.killpg(hung, signal.SIGSTOP)  # LibreOffice and its server stop answering, as a hang does
        monkeypatch.setattr(convert, "CONVERT_TIMEOUT", 3)
        with pytest.raises(InputError) as failed:
            convert.to_pdf(word_file(tmp_path, "NEVER CONVERTED", "hung"), tmp_path)
        assert failed.value.reason.startswith("LibreOffice took more than 3 s to convert it")
        assert office.process is None and not alive(hung)
        monkeypatch.setattr(convert, "CONVERT_TIMEOUT", 180)
        again = convert.to_pdf(word_file(tmp_path, "CONVERTED AGAIN", "again"), tmp_path)
        assert "CONVERTED AGAIN" in page_texts(again)[0] and office.process.pid != hung
    finally:
        convert.keep_libreoffice_warm(False)


def test_the_warm_libreoffice_goes_when_the_process_ends(tmp_path):
    script = textwrap.dedent(f"""
        from pathlib import Path
        import docx
        from bundler.engine import convert
        document = docx.Document()
        document.add_paragraph("GONE AFTERWARDS")
        document.save("{tmp_path}/gone.docx")
        convert.keep_libreoffice_warm(True)
        convert.to_pdf(Path("{tmp_path}/gone.docx"), Path("{tmp_path}"))
        print(convert.warm_office.shared("soffice", 0).process.pid)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=180, check=True)
    assert not alive(int(done.stdout.split()[-1]))
