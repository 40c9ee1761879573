"""Every input a fuzz run found crashing, kept in tests/fuzz/crashes/<target>/, and every seed, run through its
target again: only the module's own error, with a message, may come out."""
from pathlib import Path

import pytest

from tests.fuzz.seeds import seeds
from tests.fuzz.targets import TARGETS

CRASHES = Path(__file__).parent / "crashes"


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_saved_crashes_and_seeds_raise_only_the_modules_error(name):
    target = TARGETS[name]
    for path in sorted((CRASHES / name).glob("*")):
        target.run(path.read_bytes())
    for data in seeds(name):
        target.run(data)


def test_every_saved_crash_belongs_to_a_target():
    assert {folder.name for folder in CRASHES.iterdir()} <= set(TARGETS)
