"""The provision rules: what they flag, what a cure clears, and an authority's changes to the rules file."""
import tomllib

import pytest

from bundler.plan_checks.checker import check_plan
from bundler.plan_checks.plan import Plan, ProvisionRow, Section
from bundler.plan_checks.reader import read_plan
from bundler.plan_checks.rules import RULES_FILE, RulesError, load_rules, parse_rules


def plan_of(**sections) -> Plan:
    return Plan([Section(code, f"Section {code}", list(items)) for code, items in sections.items()])


def rules_in(text: str, section: str = "F") -> set[str]:
    return {finding.rule for finding in check_plan(plan_of(**{section: [text]}))}


@pytest.mark.parametrize("text, rule, phrase", [
    ("Input for emotional regulation.", "F01", "Input"),
    ("Access to a differentiated curriculum.", "F02", "Access to"),
    ("Regular OT.", "F03", "Regular"),
    ("Sam would benefit from pre-teaching.", "F04", "would benefit"),
    ("Up to 15 hours a week of 1:1 from a TA trained in Team Teach.", "F05", "Up to 15 hours"),
    ("Movement breaks as needed with a trained TA.", "F06", "as needed"),
    ("Provision to be determined by the school.", "F07", "to be determined by"),
    ("Weekly sessions with a trained ELSA for 20 minutes, then tapering.", "F08", "tapering"),
    ("A phonics programme.", "F09", "phonics programme"),
    ("Taught in a small group by a qualified teacher for 30 minutes daily.", "F10", "small group"),
    ("An adult will read with him for 10 minutes daily.", "F12", "adult"),
    ("The hub's usual offer.", "F20", "usual offer"),
])
def test_each_text_rule_quotes_its_phrase_and_sentence(text, rule, phrase):
    findings = [f for f in check_plan(plan_of(F=[text])) if f.rule == rule]
    assert findings, f"{rule} missed {text!r}"
    assert findings[0].phrase.lower() == phrase.lower()
    assert findings[0].sentence == text and findings[0].better and findings[0].source
    assert findings[0].section == "F" and findings[0].paragraph == 1


@pytest.mark.parametrize("text", [
    "Regular OT: 45 minutes once a week with an HCPC-registered occupational therapist.",
    "Tom will be taught in a class of no more than 8 pupils by a qualified teacher for all lessons.",
    "Reviewed termly at a meeting with the parents, with any change made only through an annual review.",
    "Ella will receive 1:1 support from a Level 3 TA trained in Precision Teaching for 20 minutes four times a week.",
    "Up to 6 pupils in the literacy group, which meets for 30 minutes daily with a specialist dyslexia teacher.",
    "The hours are subject to review at the annual review.",
])
def test_a_quantity_that_cures_the_word_is_not_flagged(text):
    assert rules_in(text) == set()


def test_a_review_frequency_does_not_cure_a_vague_frequency():
    assert "F03" in rules_in("Regular support from a trained TA, with progress reviewed termly.")


def test_a_quantity_in_the_next_sentence_cures_only_when_it_continues_the_same_provision():
    assert "F03" not in rules_in("Regular OT from an HCPC-registered OT. This will be 45 minutes once a week.")
    assert "F03" in rules_in("Regular OT from an HCPC-registered OT. The SENCo meets the parents once a term.")


def test_b_rules_flag_provision_wording_and_qualified_strengths_only_in_b():
    assert rules_in("Sam needs 10 hours a week of 1:1 support.", "B") == {"F15"}
    assert rules_in("Reads well when supported 1:1 by an adult.", "B") == {"F16"}
    assert rules_in("Sam has a severe receptive language delay.", "B") == set()
    assert "F15" not in rules_in("Sam will receive 30 minutes of SALT once a week from an HCPC-registered SLT.")


def test_educational_therapy_only_in_g_is_flagged_unless_f_has_it():
    therapy = "Speech and language therapy from the NHS, 1 hour a week."
    assert {f.rule for f in check_plan(plan_of(F=[], G=[therapy]))} == {"F14"}
    f = "SALT: 30 minutes once a week from an HCPC-registered speech and language therapist."
    assert check_plan(plan_of(F=[f], G=[therapy])) == []


def test_year_9_and_above_needs_preparing_for_adulthood_provision_in_f():
    plan = plan_of(A=["Sam is in Year 10 at Oak Academy."], F=["30 minutes daily with a trained TA reading."])
    [finding] = check_plan(plan)
    assert (finding.rule, finding.section, finding.paragraph, finding.phrase) == ("F17", "A", 1, "is in Year 10")
    plan.section("F").items.append("Travel training: 1 hour a week with a qualified travel trainer.")
    assert check_plan(plan) == []
    assert check_plan(plan_of(A=["Sam is in Year 8."], F=["30 minutes daily with a trained TA reading."])) == []


def test_teaching_out_of_year_group_described_elsewhere_must_be_in_f():
    plan = plan_of(K=["The EP advises that Noah is taught with Year 4 for maths."],
                   F=["Maths for 50 minutes daily with a qualified teacher."])
    assert [f.rule for f in check_plan(plan)] == ["F18"]
    plan.section("F").items[0] = "Maths with Year 4 for 50 minutes daily with a qualified teacher."
    assert check_plan(plan) == []


def test_weekly_hours_beyond_the_school_week_are_info():
    plan = plan_of(F=["20 hours a week of 1:1 from a Level 3 TA.", "14 hours a week of teaching by a "
                      + "qualified teacher of the deaf."])
    [finding] = check_plan(plan)
    assert (finding.rule, finding.severity, finding.paragraph) == ("F19", "info", 2)
    assert "34" in finding.message


def test_structured_rows_are_checked_field_by_field():
    row = ProvisionRow(what="1:1 reading", who="teaching assistant", duration="20 minutes")
    findings = check_plan(plan_of(F=[row]))
    by_rule = {(f.rule, f.severity) for f in findings}
    assert ("F11", "error") in by_rule and "how often" in next(f.message for f in findings if f.rule == "F11")
    assert ("F12", "warning") in by_rule and ("F13", "info") in by_rule
    full = ProvisionRow(what="1:1 reading", who="teaching assistant", qualification="Level 3, trained in Toe by Toe",
                        frequency="four times a week", duration="20 minutes", monitored_by="SENCo, half-termly")
    assert check_plan(plan_of(F=[full])) == []


def test_a_row_field_with_a_vague_word_is_flagged():
    row = ProvisionRow(what="OT", who="HCPC-registered OT", frequency="regular", duration="45 minutes",
                       monitored_by="the OT")
    assert {f.rule for f in check_plan(plan_of(F=[row]))} == {"F03"}


def _rules_with(change) -> dict:
    data = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))
    for rule in data["rule"]:
        change(rule)
    return data


def test_an_authority_can_switch_a_rule_off_or_change_its_severity():
    text = "Up to 10 hours of 1:1 from a Level 3 TA trained in Team Teach a week."
    off = parse_rules(_rules_with(lambda rule: rule.update(enabled=False) if rule["id"] == "F05" else None))
    assert check_plan(plan_of(F=[text]), off) == []
    error = parse_rules(_rules_with(lambda rule: rule.update(severity="error") if rule["id"] == "F05" else None))
    assert [(f.rule, f.severity) for f in check_plan(plan_of(F=[text]), error)] == [("F05", "error")]


@pytest.mark.parametrize("rule_id", ["F14", "F15"])
def test_provision_in_b_and_therapy_outside_f_cannot_be_made_info(rule_id):
    with pytest.raises(RulesError, match=f"{rule_id}.*at least a warning"):
        parse_rules(_rules_with(lambda rule: rule.update(severity="info") if rule["id"] == rule_id else None))


def test_a_broken_pattern_in_the_rules_file_is_named():
    with pytest.raises(RulesError, match="F02"):
        parse_rules(_rules_with(lambda rule: rule.update(patterns=["(unclosed"]) if rule["id"] == "F02" else None))


def test_the_shipped_rules_cover_f01_to_f20():
    assert sorted(load_rules().rules) == [f"F{n:02d}" for n in range(1, 21)]


def test_a_plan_file_is_checked_with_paragraphs_counted_per_section(text_plan):
    findings = check_plan(read_plan(text_plan))
    located = {(f.section, f.paragraph, f.rule) for f in findings}
    assert ("F", 1, "F03") in located and ("F", 3, "F05") in located and ("B", 5, "F15") in located
    assert not any(f.section == "F" and f.paragraph in (2, 4) for f in findings)   # cured OT; group-size cap
    assert ("G", 1, "F14") in located and (None, 1, "F17") in located


def _as_read(findings) -> list[tuple]:
    return [(f.section, f.paragraph, f.rule, f.severity, f.phrase, f.message, f.sentence) for f in findings]


def test_every_finding_on_a_text_plan_reads_as_the_officer_sees_it(text_plan):
    assert _as_read(check_plan(read_plan(text_plan))) == [
        (None, 1, "F17", "error", "currently in Year 10",
         "From Year 9 the plan must include provision to prepare for adulthood; Section F has none.",
         "EHC plan for Sam, who is currently in Year 10"),
        ("B", 5, "F15", "warning", "needs 10 hours",
         "Section B is for needs; this sentence states provision. Describe the need in B and put the provision in F.",
         "Sam needs 10 hours a week of 1:1 support."),
        ("F", 1, "F03", "error", "Regular", "A frequency word without a number: say how often and for how long.",
         "Regular speech and language therapy."),
        ("F", 1, "F12", "warning", "therapy",
         "It does not say who delivers this (role, and qualification or training).",
         "Regular speech and language therapy."),
        ("F", 3, "F05", "warning", "Up to 10 hours",
         '"Up to" sets a ceiling, not an amount: the child could receive none of it.',
         "Up to 10 hours of 1:1 support from a teaching assistant each week."),
        ("F", 3, "F12", "warning", "teaching assistant",
         '"teaching assistant" is named without a qualification or training (the level of expertise).',
         "Up to 10 hours of 1:1 support from a teaching assistant each week."),
        ("G", 1, "F14", "warning", "Physiotherapy",
         "A therapy that educates or trains the child is special educational provision and belongs in Section F; "
         "F does not mention it.", "Physiotherapy from the NHS, six sessions a term."),
    ]


def test_every_finding_on_a_plan_with_a_provision_table_reads_as_the_officer_sees_it(docx_plan):
    row = "Reading practice, teaching assistant, 15 minutes"
    assert _as_read(check_plan(read_plan(docx_plan))) == [
        ("F", 1, "F04", "error", "would benefit", 'Aspirational wording is not a duty: say what "will" be provided.',
         "Ella would benefit from pre-teaching of topic vocabulary."),
        ("F", 1, "F12", "warning", "teaching",
         "It does not say who delivers this (role, and qualification or training).",
         "Ella would benefit from pre-teaching of topic vocabulary."),
        ("F", 3, "F11", "error", "Reading practice", "The row does not say how often. Provision should normally be "
         "quantified: say how often and for how long.", row),
        ("F", 3, "F12", "warning", "teaching assistant",
         '"teaching assistant" is named without a qualification or training.', row),
        ("F", 3, "F13", "info", "Reading practice",
         "The row does not say who monitors it. No one is named to monitor or review this provision.", row),
    ]


def test_a_row_without_a_field_says_which_in_words_and_who_is_missing():
    row = ProvisionRow(what="Laptop", frequency="daily")
    assert _as_read(check_plan(plan_of(F=[row]))) == [
        ("F", 1, "F11", "error", "Laptop", "The row does not say how long. Provision should normally be quantified: "
         "say how often and for how long.", "Laptop, daily"),
        ("F", 1, "F12", "warning", "Laptop", "The row does not say who delivers it.", "Laptop, daily"),
        ("F", 1, "F13", "info", "Laptop", "The row does not say who monitors it. No one is named to monitor or "
         "review this provision.", "Laptop, daily"),
    ]


def test_an_authority_can_drop_a_field_rule_or_ask_for_a_field_with_no_label():
    row = ProvisionRow(what="Laptop", who="a trained TA", monitored_by="the SENCo")
    no_f11 = parse_rules(_rules_with(lambda rule: rule.update(enabled=False) if rule["id"] == "F11" else None))
    assert check_plan(plan_of(F=[row]), no_f11) == []
    where = parse_rules(_rules_with(lambda rule: rule.update(fields=["where"]) if rule["id"] == "F13" else None))
    assert [f.message for f in check_plan(plan_of(F=[row]), where) if f.rule == "F13"] == [
        "The row does not say where. No one is named to monitor or review this provision."]


def test_a_cure_after_a_review_frequency_still_cures():
    assert rules_in("Regular OT with progress reviewed termly by the SENCo and parents at school, given once a week "
                    "by an HCPC-registered OT.") == set()


def test_only_the_sentence_itself_and_the_one_continuing_it_can_cure_a_word():
    assert rules_in("Regular OT, 45 minutes once a week, from an HCPC-registered OT. This is in the therapy room.") \
        == set()
    assert "F03" in rules_in("Regular OT from an HCPC-registered OT. This is in the therapy room. It runs once a week.")
    assert "F03" in rules_in("Regular OT from an HCPC-registered OT. The SENCo meets the parents once a term. "
                             "This is reviewed yearly.")


def test_therapy_named_in_f_with_a_capital_clears_g_and_f14_switched_off_checks_nothing():
    therapy = "Speech and language therapy from the NHS, 1 hour a week."
    f = "Speech and language therapy: 30 minutes once a week from an HCPC-registered therapist."
    assert check_plan(plan_of(F=[f], G=[therapy])) == []
    off = parse_rules(_rules_with(lambda rule: rule.update(enabled=False) if rule["id"] == "F14" else None))
    assert check_plan(plan_of(F=[], G=[therapy]), off) == []


def test_adulthood_is_asked_for_from_year_9_named_in_b_or_from_the_year_the_rules_file_sets():
    reading = "30 minutes daily with a trained TA reading."
    assert _as_read(check_plan(plan_of(B=["Sam is in Year 9 and reads slowly."], F=[reading]))) == [
        ("B", 1, "F17", "error", "is in Year 9",
         "From Year 9 the plan must include provision to prepare for adulthood; Section F has none.",
         "Sam is in Year 9 and reads slowly.")]
    from_10 = parse_rules(_rules_with(lambda rule: rule.update(year_from=10) if rule["id"] == "F17" else None))
    assert check_plan(plan_of(A=["Sam is in Year 9."], F=[reading]), from_10) == []
    assert [f.rule for f in check_plan(plan_of(A=["Sam is in Year 10."], F=[reading]), from_10)] == ["F17"]
    unset = parse_rules(_rules_with(lambda rule: rule.pop("year_from", None)))
    assert [f.rule for f in check_plan(plan_of(A=["Sam is in Year 9."], F=[reading]), unset)] == ["F17"]


def test_teaching_out_of_year_group_quotes_where_it_was_found():
    plan = plan_of(K=["The EP advises that Noah is taught with Year 4 for maths."],
                   F=["Maths for 50 minutes daily with a qualified teacher."])
    assert _as_read(check_plan(plan)) == [
        ("K", 1, "F18", "warning", "taught with Year 4",
         "Teaching out of the year group is intended elsewhere in the plan but Section F does not say so.",
         "The EP advises that Noah is taught with Year 4 for maths.")]


def test_weekly_hours_written_either_way_are_added_and_only_more_than_the_week_is_flagged():
    f = ["20 hours weekly of 1:1 from a Level 3 TA.",
         "12.5 hours a week of teaching by a qualified teacher of the deaf."]
    assert check_plan(plan_of(F=f)) == []   # exactly the 32.5-hour week
    extra = "Mentoring, 1 hour a week with a trained mentor."
    assert _as_read(check_plan(plan_of(F=[*f, extra]))) == [
        ("F", 3, "F19", "info", "1 hour a week", "The weekly hours in Section F add up to at least 33.5, more than "
         "the 32.5-hour school week: check they can all be delivered.", extra)]
