"""`make mutation`: how many mutants of the rule packages and the access checks the tests kill.

Run with the mutation venv's Python (the Makefile makes it), from a folder whose pyproject.toml has the
[tool.mutmut] settings:

    python scripts/mutation.py                      every mutant (the engine alone has over 5,000: hours)
    python scripts/mutation.py --sample 300 --seed 18   a random 300 of each source path's mutants
    python scripts/mutation.py 'bundler.timetable.workdays*'   the mutants these names match

mutmut makes the mutants, records which tests reach each function, and runs each mutant against those tests.
The table at the end counts, for each mutated file, the mutants killed (a test failed or ran out of time) out of
those run; mutants/survivors.txt lists the survivors, for `mutmut show NAME`.
"""
import argparse
import fnmatch
import json
import random
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

MUTMUT = str(Path(sys.executable).with_name("mutmut"))
CAUGHT = {"killed", "timeout", "segfault"}
# mutmut makes the mutants and the test statistics before it filters by name, and then refuses a name that matches
# nothing; that is the one way to have the names without running any mutant.
NO_MUTANT = "no.such.mutant"


def main() -> int:
    options = _options()
    if options.sample:
        _make_mutants()
        by_path = _mutants_by_source_path()
        names = _sample(by_path, options.sample, options.seed)
        print(f"Running {len(names)} of {sum(map(len, by_path.values()))} mutants (seed {options.seed}).")
    else:
        names = options.mutants
    subprocess.run([MUTMUT, "run", "--max-children", str(options.jobs), *names], check=True)
    ran = {name: status for name, status in _results().items() if _chosen(name, names)}
    print(_table(ran))
    survivors = sorted(name for name, status in ran.items() if status not in CAUGHT)
    Path("mutants/survivors.txt").write_text("".join(f"{ran[name]}: {name}\n" for name in survivors))
    print(f"{len(survivors)} not killed, listed in mutants/survivors.txt")
    return 0


def _chosen(name: str, names: list[str]) -> bool:
    """Whether this run was asked for the mutant: all when none are named, else by name or pattern."""
    return not names or any(name == pattern or fnmatch.fnmatchcase(name, pattern) for pattern in names)


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=0, help="mutants of each source path to run (0: all)")
    parser.add_argument("--seed", type=int, default=18, help="which random sample")
    parser.add_argument("--jobs", type=int, default=2, help="mutants run at once")
    parser.add_argument("mutants", nargs="*", help="names of mutants to run, or patterns with *")
    return parser.parse_args()


def _make_mutants() -> None:
    run = subprocess.run([MUTMUT, "run", NO_MUTANT], capture_output=True, text=True)
    if "nothing matches" not in run.stdout + run.stderr:
        sys.exit(f"mutmut could not make the mutants:\n{run.stdout}\n{run.stderr}")


def _mutants_by_source_path() -> dict[str, list[str]]:
    """Every mutant's name, under the [tool.mutmut] source path its file is in."""
    source_paths = tomllib.loads(Path("pyproject.toml").read_text())["tool"]["mutmut"]["source_paths"]
    by_path: dict[str, list[str]] = {path: [] for path in source_paths}
    for file, names in _meta_files():
        path = next(path for path in source_paths if file.startswith(path))
        by_path[path] += names
    return by_path


def _meta_files():
    """(source file, its mutants' exit codes) from mutmut's .meta file for each mutated file."""
    for meta in sorted(Path("mutants").rglob("*.py.meta")):
        file = str(meta.relative_to("mutants"))[:-len(".meta")]
        yield file, json.loads(meta.read_text())["exit_code_by_key"]


def _sample(by_path: dict[str, list[str]], size: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [name for names in by_path.values() for name in rng.sample(sorted(names), min(size, len(names)))]


def _results() -> dict[str, str]:
    """Each mutant's status, by name, as mutmut recorded it."""
    return {name: status_by_exit_code[code] for _, codes in _meta_files() for name, code in codes.items()}


def _table(statuses: dict[str, str]) -> str:
    by_file: dict[str, Counter] = {}
    for file, codes in _meta_files():
        counts = Counter(statuses[name] for name in codes if name in statuses)
        if counts:
            by_file[file] = counts
    rows = [_row(file, counts) for file, counts in by_file.items()]
    rows.append(_row("all", sum(by_file.values(), Counter())))
    width = max(len(row[0]) for row in rows)
    return "\n".join(f"{name:<{width}}  {cells}" for name, cells in rows)


def _row(name: str, counts: Counter) -> tuple[str, str]:
    run, caught = sum(counts.values()), sum(counts[status] for status in CAUGHT)
    others = ", ".join(f"{count} {status}" for status, count in sorted(counts.items()) if status not in CAUGHT)
    return name, f"{caught} of {run} killed ({100 * caught / run:.1f}%)" + (f"; {others}" if others else "")


if __name__ == "__main__":
    sys.exit(main())
