"""Run one atheris harness: python -m tests.fuzz.run TARGET [libFuzzer options] [corpus folder ...]

With no corpus folder, the target's seeds are written to build/fuzz/corpus/TARGET/ and the run grows that folder.
A crashing input is written to build/fuzz/crashes/TARGET/ and the run exits non-zero; keep it in
tests/fuzz/crashes/TARGET/ once the code is fixed. With --keep-going (for exploring, not CI) each different crash
(by exception type and the line it was raised at) is saved there and printed, and the run carries on.
"""
from __future__ import annotations

import hashlib
import importlib
import sys
import traceback
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["bundler", "docx", "tomllib", "json"]):
    from tests.fuzz.targets import INSTRUMENTED, TARGETS

    for module in INSTRUMENTED:  # imported here, so their code reports coverage
        importlib.import_module(module)

from tests.fuzz.seeds import write_seeds  # noqa: E402

BUILD = Path("build/fuzz")


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[1] not in TARGETS:
        sys.exit(f"usage: python -m tests.fuzz.run {{{','.join(TARGETS)}}} [libFuzzer options] [corpus ...]")
    target = TARGETS[argv[1]]
    keep_going = "--keep-going" in argv
    options = [arg for arg in argv[2:] if arg.startswith("-") and arg != "--keep-going"]
    corpora = [arg for arg in argv[2:] if not arg.startswith("-")]
    if not corpora:
        corpus = BUILD / "corpus" / target.name
        if not corpus.is_dir():
            write_seeds(target.name, corpus)
        corpora = [str(corpus)]
    crashes = BUILD / "crashes" / target.name
    crashes.mkdir(parents=True, exist_ok=True)
    atheris.Setup([argv[0], f"-artifact_prefix={crashes}/", "-timeout=60", "-rss_limit_mb=4096",
                   *options, *corpora], _saving_each_crash(target.run, crashes) if keep_going else target.run)
    atheris.Fuzz()


def _saving_each_crash(run, crashes: Path):
    seen: set[tuple] = set()

    def saving(data: bytes) -> None:
        try:
            run(data)
        except Exception as exc:  # noqa: BLE001 - exploring: every escape is a finding
            where = traceback.extract_tb(exc.__traceback__)[-1]
            found = (type(exc).__name__, where.filename, where.lineno)
            if found not in seen:
                seen.add(found)
                (crashes / f"{found[0]}-{hashlib.sha1(data).hexdigest()[:12]}").write_bytes(data)
                print(f"CRASH {found[0]} at {where.filename}:{where.lineno}: {str(exc)[:200]}", file=sys.stderr)

    return saving


if __name__ == "__main__":
    main(sys.argv)
