"""The provision checks are data an authority edits (`bundler/rules/provision_checks.toml`): every field of a rule
is read as written, what is left out takes its default, and each mistake is refused naming the rule and the fix."""
import re

import pytest

from bundler.plan_checks.rules import ProvisionRule, RulesError, load_rules, parse_rules

VOCABULARY = {"quantity": r"\d+ minutes", "qualified": r"qualified|trained"}


def rules_file(**rule) -> dict:
    return {"vocabulary": VOCABULARY, "rule": [{"id": "F99", "looks_for": "x", "sections": ["F"],
                                                "severity": "warning", "message": "m", "better": "b",
                                                "source": "s", **rule}]}


def test_every_field_of_a_rule_is_read_as_written():
    rules = parse_rules({**rules_file(patterns=[r"\bregular\b"], cured_by=["quantity"], fields=["frequency"],
                                      year_from=9, sections=["B", "F"]),
                         "areas": {"cognition_and_learning": ["reading", "maths"]}, "school_week_hours": 30})
    rule = rules.get("F99")
    assert rule == ProvisionRule(
        id="F99", looks_for="x", sections=("B", "F"), severity="warning", message="m", better="b", source="s",
        patterns=(re.compile(r"\bregular\b", re.IGNORECASE),), cured_by=(rules.vocabulary["quantity"],),
        fields=("frequency",), year_from=9)
    assert rule.patterns[0].search("REGULAR therapy")  # patterns ignore case
    assert rules.vocabulary["qualified"].search("a TRAINED assistant")
    assert rules.areas == {"cognition_and_learning": ("reading", "maths")}
    assert rules.school_week_hours == 30.0 and rules.get("F00") is None


def test_what_a_rule_leaves_out_takes_its_default():
    rules = parse_rules(rules_file())
    rule = rules.get("F99")
    assert (rule.patterns, rule.cured_by, rule.fields, rule.year_from) == ((), (), (), None)
    assert (rules.areas, rules.school_week_hours) == ({}, 32.5)


def test_a_rule_switched_off_is_not_there_and_one_switched_on_is():
    assert parse_rules(rules_file(enabled=False)).rules == {}
    assert list(parse_rules(rules_file(enabled=True)).rules) == ["F99"]


@pytest.mark.parametrize("data, message", [
    (rules_file(severity="fatal"), "rule F99: severity must be one of error, warning, info, not 'fatal'"),
    ({"rule": [{"looks_for": "x"}]}, "rule ?: severity must be one of error, warning, info, not ''"),
    (rules_file(id="F15", severity="info"), "rule F15: this check must be at least a warning, not info"),
    (rules_file(cured_by=["quantity", "hours"]), "rule F99: cured_by names ['hours'], which [vocabulary] does not "
                                                 "define"),
    (rules_file(patterns=["(unclosed"]), "rule F99: the pattern '(unclosed' is not a valid regular expression "
                                         "(missing ), unterminated subpattern at position 0)"),
    ({"vocabulary": {"hours": "[0-9"}}, "vocabulary hours: the pattern '[0-9' is not a valid regular expression "
                                        "(unterminated character set at position 0)"),
])
def test_each_mistake_is_refused_naming_the_rule_and_the_fix(data, message):
    with pytest.raises(RulesError) as refused:
        parse_rules(data)
    assert str(refused.value) == message


def test_a_rules_file_that_cannot_be_read_says_which_and_why(tmp_path):
    broken = tmp_path / "provision_checks.toml"
    broken.write_text("[[rule]\n", encoding="utf-8")
    with pytest.raises(RulesError, match=rf"^{re.escape(str(broken))}: the provision rules cannot be read \("):
        load_rules(broken)
    missing = tmp_path / "missing.toml"
    with pytest.raises(RulesError, match=rf"^{re.escape(str(missing))}: the provision rules cannot be read \("):
        load_rules(missing)


def test_a_rules_file_with_no_rules_checks_nothing():
    assert parse_rules({"vocabulary": VOCABULARY}).rules == {}
