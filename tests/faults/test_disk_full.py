"""The disk holding the bundles fills up during a build: a real tmpfs, filled until it has no room for the file.
The officer is told the disk is full, no part of the new bundle is left behind, and version 1 is untouched."""
import hashlib

import pytest

from ..helpers import page, pdf_bytes, submit, wait_for_jobs
from .conftest import fill, small_disk

BUILD = {"bundle_date": ["5", "1", "2026"]}


@pytest.fixture
def bundles_disk(tmp_path):
    with small_disk(tmp_path / "bundles", size_kb=4096) as folder:
        yield folder


def files_on(folder) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def test_a_build_onto_a_full_disk_fails_saying_so_and_leaves_version_1_as_it_was(app, client, login, seed,
                                                                                     upload, bundles_disk):
    login(client, "tribunal_officer")
    upload(seed.own_case_id, [("report.pdf", pdf_bytes(3, "EP report"))])
    wait_for_jobs(app)
    bundles_page = f"/cases/{seed.own_case_id}/bundles"
    submit(client, f"{bundles_page}/build", BUILD)
    wait_for_jobs(app)
    version_1 = client.get(f"{bundles_page}/1/download").data
    assert version_1.startswith(b"%PDF")
    before = files_on(bundles_disk)
    assert before == [f"case-{seed.own_case_id}/bundle-v1.pdf"]

    filler = fill(bundles_disk, leave_kb=8)  # far less than a bundle takes
    shown = submit(client, f"{bundles_page}/build", BUILD)
    wait_for_jobs(app)
    shown = page(client, f"{bundles_page}/2")
    assert "disk" in shown.text and "full" in shown.text, shown.text
    assert "Something went wrong" not in shown.text
    assert files_on(bundles_disk) == [*before, "filler.bin"]  # no part of version 2, no temporary file
    download = client.get(f"{bundles_page}/1/download")
    assert download.status_code == 200 and hashlib.sha256(download.data).digest() == \
        hashlib.sha256(version_1).digest()
    assert client.get(f"{bundles_page}/2/download").status_code == 404

    filler.unlink()  # space is freed: building again works
    submit(client, f"{bundles_page}/build", BUILD)
    wait_for_jobs(app)
    assert "bundle-v3.pdf" in " ".join(files_on(bundles_disk))
    assert client.get(f"{bundles_page}/3/download").data.startswith(b"%PDF")


def test_a_full_work_folder_fails_the_build_saying_so_and_leaves_nothing_behind(app, client, login, seed, upload,
                                                                                tmp_path, monkeypatch):
    login(client, "tribunal_officer")
    upload(seed.own_case_id, [("report.pdf", pdf_bytes(3, "EP report"))])
    wait_for_jobs(app)
    with small_disk(tmp_path / "work", size_kb=1024) as work:
        fill(work, leave_kb=8)
        monkeypatch.setattr("tempfile.tempdir", str(work))  # where the build makes its pages (TMPDIR)
        submit(client, f"/cases/{seed.own_case_id}/bundles/build", BUILD)
        wait_for_jobs(app)
        left = files_on(work)
    monkeypatch.undo()
    shown = page(client, f"/cases/{seed.own_case_id}/bundles/1")
    assert "disk is full" in shown.text and "Something went wrong" not in shown.text
    assert left == ["filler.bin"]
    assert not (tmp_path / "bundles").exists() or files_on(tmp_path / "bundles") == []


def test_an_upload_onto_a_full_disk_is_refused_saying_so_and_nothing_is_recorded(app, client, login, seed, upload,
                                                                               tmp_path):
    login(client, "tribunal_officer")
    with small_disk(tmp_path / "evidence", size_kb=1024) as evidence:
        fill(evidence, leave_kb=8)
        response = upload(seed.own_case_id, [("report.pdf", pdf_bytes(40, "a long report"))])
        left = files_on(evidence)
    assert response.status_code == 503
    assert "is full" in response.get_data(as_text=True)
    assert left == ["filler.bin"]
    assert client.get(f"/cases/{seed.own_case_id}/evidence").get_data(as_text=True).count("report.pdf") == 0
