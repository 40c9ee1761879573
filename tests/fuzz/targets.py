"""What each fuzz harness feeds its bytes to, and the one error each target may raise.

A target takes the fuzzer's bytes, hands them to the module as a person's file would reach it, and lets through
only the module's own error, and that only with a message. Anything else escapes: atheris reports it as a crash,
and `tests/fuzz/test_saved_inputs.py` runs every saved crashing input through the same function.
"""
from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_WORK = Path(tempfile.mkdtemp(prefix="bundler-fuzz-"))


INSTRUMENTED = ("bundler.drafting.markup", "bundler.engine.convert", "bundler.engine.manifest", "bundler.engine.stamp",
                "bundler.plan_checks.reader", "bundler.working_document.plan_import",
                "bundler.working_document.reader", "docx")


@dataclass(frozen=True)
class Target:
    name: str
    run: Callable[[bytes], None]


def _file(data: bytes, name: str) -> Path:
    path = _WORK / name
    path.write_bytes(data)
    return path


def _only(error: type[Exception], call: Callable, *args) -> None:
    """Call; the module's own error is the expected answer to bad input, but it must say something."""
    try:
        call(*args)
    except error as exc:
        if not str(exc).strip():
            raise AssertionError(f"{error.__name__} without a message") from exc


def manifest(data: bytes) -> None:
    from bundler.engine.errors import ManifestError
    from bundler.engine.manifest import load_manifest

    suffix = ".json" if data[:1] in (b"{", b"[") else ".toml"
    _only(ManifestError, load_manifest, _file(data, "manifest" + suffix))


def markup(data: bytes) -> None:
    """The parser has no error of its own: any text an officer types is some statement."""
    from bundler.drafting.markup import parse_body, parse_lines, referenced_keys

    text = data.decode("utf-8", errors="replace")
    parse_body(text)
    parse_lines(text)
    referenced_keys(text)


def _docx_parts(data: bytes) -> bytes:
    """The first byte chooses: the bytes are the whole file (0), or the seed package's word/document.xml (1) or
    word/styles.xml (2) with the rest of the package sound, so the XML readers see far more than zip errors."""
    mode, rest = (data[0] % 3, data[1:]) if data else (0, b"")
    if mode == 0:
        return rest
    replaced = "word/document.xml" if mode == 1 else "word/styles.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_template_docx())) as template, zipfile.ZipFile(out, "w") as package:
        for item in template.infolist():
            package.writestr(item.filename, rest if item.filename == replaced else template.read(item.filename))
    return out.getvalue()


_TEMPLATE: list[bytes] = []


def _template_docx() -> bytes:
    if not _TEMPLATE:
        from tests.fuzz.seeds import plan_docx

        _TEMPLATE.append(plan_docx())
    return _TEMPLATE[0]


def working_document(data: bytes) -> None:
    from bundler.working_document.reader import WorkingDocumentRefused, read_working_document

    _only(WorkingDocumentRefused, read_working_document, _file(_docx_parts(data), "returned.docx"))


def plan(data: bytes) -> None:
    from bundler.plan_checks.reader import PlanReadError, read_plan
    from bundler.working_document.plan_import import PlanImportError, import_plan

    path = _file(_docx_parts(data), "plan.docx")
    _only(PlanReadError, read_plan, path)
    _only(PlanImportError, import_plan, path)
    _only(PlanReadError, read_plan, _file(data, "plan.txt"))


def sniff(data: bytes) -> None:
    """The upload checks themselves (`screen` runs them in a child process held to the limits; here they run in
    the fuzzer's own process, where coverage is seen and thousands of inputs a second can be tried)."""
    from bundler.engine.convert import screen_here
    from bundler.engine.errors import InputError
    from bundler.engine.limits import DEFAULT_LIMITS

    _only(InputError, screen_here, _file(data, "upload.bin"), "upload.pdf", DEFAULT_LIMITS)


def pdf(data: bytes) -> None:
    """Open (qpdf repairs what it can), keep a repaired copy as a build does, and stamp the first page on A4."""
    from bundler.engine.errors import InputError

    _only(InputError, _pdf_intake, _file(data, "input.pdf"))


def _pdf_intake(path: Path) -> None:
    import pikepdf

    from bundler.engine.convert import detect_kind, open_pdf, to_pdf
    from bundler.engine.stamp import Stamper

    if detect_kind(path) != "pdf":  # the other kinds are the sniffing target's; Word would start LibreOffice
        return
    source = to_pdf(path, _WORK)
    with open_pdf(source) as pdf, pikepdf.new() as out:
        out.pages.append(pdf.pages[0])
        Stamper(out).stamp(out.pages[0].obj, 1)
        out.save(io.BytesIO())
    if source != path:
        source.unlink()


TARGETS = {target.name: target for target in (
    Target("manifest", manifest), Target("markup", markup), Target("working_document", working_document),
    Target("plan", plan), Target("sniff", sniff), Target("pdf", pdf))}
