"""Bad inputs stop the build with the file's name and a reason, exit non-zero, and leave no partial output."""
import errno
import os
import random

import pikepdf
import pytest
from click.testing import CliRunner

from bundler.engine.commands import build

from .conftest import doc, encrypted_pdf, text_pdf, write_manifest


def make_empty(folder):
    (folder / "evidence.pdf").write_bytes(b"")
    return "evidence.pdf", "is empty"


def make_text_named_pdf(folder):
    (folder / "evidence.pdf").write_text("Dear Sir, please find attached the report.\n")
    return "evidence.pdf", "is not a PDF, a Word document"


def make_random_bytes(folder):
    (folder / "evidence.pdf").write_bytes(random.Random(7).randbytes(5000))
    return "evidence.pdf", "is not a PDF, a Word document"


def make_truncated(folder):
    data = text_pdf(folder / "whole.pdf", 4, "Whole").read_bytes()
    (folder / "evidence.pdf").write_bytes(data[: len(data) // 2])
    return "evidence.pdf", "is damaged beyond repair"


def make_user_password(folder):
    encrypted_pdf(folder / "evidence.pdf", text_pdf(folder / "plain.pdf", 1, "Secret"), user="letmein")
    return "evidence.pdf", "is protected with a password: ask the sender for an unprotected copy"


def make_no_pages(folder):
    pikepdf.new().save(folder / "evidence.pdf")
    return "evidence.pdf", "has no pages"


def make_broken_image(folder):
    (folder / "evidence.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(3).randbytes(300))
    return "evidence.pdf", "the image is damaged"


def make_missing(folder):
    return "evidence.pdf", "the file is not there"


@pytest.mark.parametrize("make", [make_empty, make_text_named_pdf, make_random_bytes, make_truncated,
                                  make_user_password, make_no_pages, make_broken_image, make_missing])
def test_bad_input_stops_the_build_naming_the_file_and_leaves_existing_output_untouched(tmp_path, make):
    text_pdf(tmp_path / "good.pdf", 2, "Good")
    name, reason = make(tmp_path)
    manifest = write_manifest(tmp_path, [doc("core", "Good letter", "2025-01-01", "good.pdf"),
                                         doc("la_evidence", "Evidence", "2025-01-02", name)])
    output = tmp_path / "out" / "bundle.pdf"
    output.parent.mkdir()
    output.write_bytes(b"previous bundle")
    result = CliRunner().invoke(build, [str(manifest), "-o", str(output)])
    assert result.exit_code != 0
    assert f"{name}: " in result.output and reason in result.output.replace("this is not", "is not")
    assert "Traceback" not in result.output
    assert output.read_bytes() == b"previous bundle"
    assert os.listdir(output.parent) == ["bundle.pdf"]


def test_failure_during_save_leaves_no_temporary_file(tmp_path, monkeypatch):
    text_pdf(tmp_path / "good.pdf", 1, "Good")
    manifest = write_manifest(tmp_path, [doc("core", "Good letter", "2025-01-01", "good.pdf")])

    def broken_save(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pikepdf.Pdf, "save", broken_save)
    result = CliRunner().invoke(build, [str(manifest), "-o", str(tmp_path / "bundle.pdf")])
    assert result.exit_code == 1
    assert "cannot write the bundle (disk full)" in result.output
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".bundle.pdf")]
    assert not (tmp_path / "bundle.pdf").exists()


def test_bad_manifest_field_is_reported_without_a_traceback(tmp_path):
    manifest = write_manifest(tmp_path, [doc("misc", "Letter", "2025-01-01", "good.pdf")])
    result = CliRunner().invoke(build, [str(manifest), "-o", str(tmp_path / "b.pdf")])
    assert result.exit_code == 1
    assert "documents[1].section: 'misc'" in result.output


def test_bundle_never_overwrites_an_input_document(tmp_path):
    original = text_pdf(tmp_path / "evidence.pdf", 1, "Evidence").read_bytes()
    manifest = write_manifest(tmp_path, [doc("core", "Evidence", "2025-01-01", "evidence.pdf")])
    result = CliRunner().invoke(build, [str(manifest), "-o", str(tmp_path / "evidence.pdf")])
    assert result.exit_code == 1 and "evidence is never overwritten" in result.output
    assert (tmp_path / "evidence.pdf").read_bytes() == original


@pytest.mark.parametrize("target", ["bundle", "report"])
def test_missing_output_folder_is_reported_before_any_work(tmp_path, target):
    text_pdf(tmp_path / "good.pdf", 1, "Good")
    manifest = write_manifest(tmp_path, [doc("core", "Good letter", "2025-01-01", "good.pdf")])
    missing = tmp_path / "no-such-folder"
    args = [str(manifest), "-o", str(missing / "b.pdf" if target == "bundle" else tmp_path / "b.pdf"),
            "--report", str(missing / "r.json" if target == "report" else tmp_path / "r.json")]
    result = CliRunner().invoke(build, args)
    assert result.exit_code == 1 and f"the folder {missing} does not exist" in result.output
    assert not (tmp_path / "b.pdf").exists()


def _one_letter(folder):
    from bundler.engine.manifest import load_manifest
    text_pdf(folder / "good.pdf", 1, "Good")
    return load_manifest(write_manifest(folder, [doc("core", "Good letter", "2025-01-01", "good.pdf")]))


def test_a_missing_output_folder_and_an_input_as_output_are_refused_word_for_word(tmp_path):
    from bundler.engine.assemble import build_bundle
    from bundler.engine.errors import BundleError
    manifest = _one_letter(tmp_path)
    with pytest.raises(BundleError) as error:
        build_bundle(manifest, tmp_path / "missing" / "b.pdf")
    assert str(error.value) == (f"{tmp_path}/missing/b.pdf: the folder {tmp_path}/missing does not exist; create it "
                                "or choose another")
    with pytest.raises(BundleError) as error:
        build_bundle(manifest, tmp_path / "good.pdf")
    assert str(error.value) == (f"{tmp_path}/good.pdf: this is one of the documents (Good letter); evidence is never "
                                "overwritten, so choose another name for the bundle")


@pytest.mark.parametrize("code,message", [
    (errno.ENOSPC, "The disk is full, so the bundle could not be written and nothing was kept: free some space on the "
                   "disk holding {folder}, then build again."),
    (errno.EDQUOT, "The disk is full, so the bundle could not be written and nothing was kept: free some space on the "
                   "disk holding {folder}, then build again."),
    (errno.EIO, "{folder}/bundle.pdf: cannot write the bundle ([Errno 5] broken); check the disk has space")])
def test_a_failed_save_says_why_and_leaves_nothing(tmp_path, monkeypatch, code, message):
    from bundler.engine.assemble import build_bundle
    from bundler.engine.errors import BundleError
    manifest = _one_letter(tmp_path)

    def failing_save(self, *args, **kwargs):
        raise OSError(code, "broken")

    monkeypatch.setattr(pikepdf.Pdf, "save", failing_save)
    with pytest.raises(BundleError) as error:
        build_bundle(manifest, tmp_path / "bundle.pdf")
    assert str(error.value) == message.format(folder=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle.json", "good.pdf"]


def test_a_folder_nothing_can_be_written_in_is_named(tmp_path):
    from bundler.engine.assemble import build_bundle
    from bundler.engine.errors import BundleError
    with pytest.raises(BundleError) as error:
        build_bundle(_one_letter(tmp_path), "/proc/bundle.pdf")
    assert str(error.value) == ("/proc/bundle.pdf: cannot write the bundle there (No such file or directory); check "
                                "the folder")
