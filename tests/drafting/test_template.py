from dataclasses import replace

import pytest

from bundler.drafting.legal import legal_framework
from bundler.drafting.parts import PART_KEYS
from bundler.drafting.template import StatementTemplateError, draft_parts
from bundler.engine.template import load_template


def test_new_draft_has_every_part_with_heading_from_the_case(facts):
    parts = draft_parts(facts)
    assert list(parts) == list(PART_KEYS)
    assert all(parts[key].strip() for key in PART_KEYS)
    heading = parts["heading"]
    for expected in ("FIRST-TIER TRIBUNAL", "EH936/25/00012", "Sam Taylor", "Alex Taylor", "Appellant",
                     "Exampleshire County Council", "Respondent"):
        assert expected in heading
    assert "[name of the authorised signatory]" in parts["signature"]  # until one is chosen
    signed = draft_parts(replace(facts, signatory_name="Jo Smith", signatory_title="Senior SEND Officer"))
    assert "Jo Smith\nSenior SEND Officer, authorised officer" in signed["signature"]


def test_chronology_lists_past_events_and_documents_oldest_first(facts):
    background = draft_parts(facts)["background"]
    lines = [line for line in background.splitlines() if line.startswith("- ")]
    assert lines == [
        "- **14 March 2025**: [[doc:7|short]]",
        "- **1 May 2025**: The local authority issued the decision under appeal.",
        "- **2 June 2025**: [[doc:42|short]]",
        "- **1 July 2025**: The Tribunal registered the appeal.",
    ]


@pytest.mark.parametrize("appeal_type, expected, absent", [
    ("refusal_to_assess", "section 36(8)", "Section F"),
    ("cease_to_maintain", "section 45(1)", "section 36(8)"),
    ("contents", "Worcestershire CC v SE", "section 45(1)"),
    ("section_i", "section 39(4)", "Worcestershire"),
])
def test_legal_framework_is_chosen_by_appeal_type(facts, appeal_type, expected, absent):
    text = draft_parts(replace(facts, appeal_type=appeal_type))["legal_framework"]
    assert expected in text
    assert absent not in text
    assert "Children and Families Act 2014" in text


def test_every_appeal_type_in_the_bundle_template_has_a_legal_framework():
    for appeal_type in load_template().appeal_types:
        assert legal_framework(appeal_type)


def test_administrator_override_is_used_and_missing_blocks_are_empty(facts):
    parts = draft_parts(facts, "{% block introduction %}Hello {{ child_name }}.{% endblock %}")
    assert parts["introduction"] == "Hello Sam Taylor.\n"
    assert parts["background"] == ""


@pytest.mark.parametrize("source, message", [
    ("{% block introduction %}{% if %}{% endblock %}", "Line 1 of the statement template"),
    ("{% block preamble %}x{% endblock %}", "blocks preamble that are not parts"),
    ("{% block introduction %}{{ chlid_name }}{% endblock %}", "'introduction' block"),
    ("{% block introduction %}{{ ''.__class__.__mro__ }}{% endblock %}", "'introduction' block"),
])
def test_broken_or_unsafe_template_is_refused_with_instructions(facts, source, message):
    with pytest.raises(StatementTemplateError, match=message):
        draft_parts(facts, source)


def test_signature_block_gives_the_address_for_documents_the_introduction_points_to(facts):
    # HESC r.21(2): the response gives an address where documents for the authority may be sent.
    parts = draft_parts(facts)
    assert "address given in the signature block" in parts["introduction"]
    assert "Address for documents:" in parts["signature"]


def test_refusal_to_reassess_cites_the_reassessment_regulations(facts):
    # SEND Regs 2014 regs 23-27 cover re-assessment; reg 27 alone is amending or replacing a plan afterwards.
    text = draft_parts(replace(facts, appeal_type="refusal_to_reassess"))["legal_framework"]
    assert "section 51(2)(d)" in text and "section 44" in text
    assert "regulations 23 to 27" in text and "regulation 27 of" not in text


def test_unfinished_parts_are_those_with_a_bracketed_instruction_not_a_reference():
    from bundler.drafting.parts import unfinished_parts

    texts = {"introduction": "See [[doc:4]] and the plan.", "childs_views": "[Set out the child's views.]",
             "provision": "Speech therapy (see [a] below)", "conclusion": "Done. [Second ground]"}
    assert unfinished_parts(texts) == ["childs_views", "conclusion"]
