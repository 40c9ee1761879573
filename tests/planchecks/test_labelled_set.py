"""The labelled set: its size and fixed split, and the tuning-part figures above the issue's targets."""
import tomllib
from pathlib import Path

from bundler.plan_checks.labelled import LabelledParagraph, Score, load_labelled, score
from bundler.plan_checks.rules import RULES_FILE, parse_rules

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


def test_the_score_counts_each_paragraph_of_the_split_with_the_rules_given():
    no_f05 = parse_rules(_without_f05())
    paragraphs = [
        LabelledParagraph("F", "bad", "tuning", "Regular OT.", ("F03",)),
        LabelledParagraph("F", "bad", "tuning", "Access to the hub's usual offer.", ("F01",)),
        LabelledParagraph("F", "bad", "tuning", "Up to 10 hours a week from a Level 3 TA.", ("F05",)),
        LabelledParagraph("F", "good", "tuning", "A laptop in all lessons."),
        LabelledParagraph("F", "good", "tuning", "Regular help."),
        LabelledParagraph("F", "good", "held_out", "Regular OT."),
    ]
    assert score(paragraphs, "tuning", no_f05) == Score(
        "tuning", bad=3, caught=2, caught_by_rule=1, good=2, false_alarms=1,
        missed=("Up to 10 hours a week from a Level 3 TA.",), alarms=("Regular help. [F01, F03, F12]",))


def _without_f05() -> dict:
    data = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))
    data["rule"] = [rule for rule in data["rule"] if rule["id"] != "F05"]
    return data
