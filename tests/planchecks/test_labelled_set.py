"""The labelled set: its size and fixed split, and the tuning-part figures above the issue's targets."""
from pathlib import Path

from bundler.plan_checks.labelled import load_labelled, score

LABELLED = Path(__file__).parent / "data" / "labelled_paragraphs.toml"


def test_the_set_is_large_enough_and_the_held_out_third_follows_the_fixed_rule():
    paragraphs = load_labelled(LABELLED)
    f = [p for p in paragraphs if p.section == "F"]
    assert sum(p.label == "bad" for p in f) >= 60 and sum(p.label == "good" for p in f) >= 60
    assert any(p.section == "B" for p in paragraphs)
    assert [p.split for p in paragraphs] == ["held_out" if n % 3 == 0 else "tuning"
                                             for n in range(1, len(paragraphs) + 1)]
    assert all(p.rules for p in paragraphs if p.label == "bad")


def test_on_the_tuning_part_recall_is_at_least_90_and_false_alarms_at_most_10_per_cent():
    tuning = score(load_labelled(LABELLED), "tuning")
    assert tuning.recall >= 0.90, tuning.missed
    assert tuning.false_alarm_rate <= 0.10, tuning.alarms
