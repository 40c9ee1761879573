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


def test_template_errors_say_the_line_the_blocks_allowed_and_the_block_that_failed(facts):
    with pytest.raises(StatementTemplateError) as raised:
        draft_parts(facts, "\n{% block introduction %}{% if %}{% endblock %}")
    assert str(raised.value) == ("Line 2 of the statement template: Expected an expression, got 'end of statement "
                                 "block'.")
    with pytest.raises(StatementTemplateError) as raised:
        draft_parts(facts, "{% block zeta %}{% endblock %}{% block alpha %}{% endblock %}")
    assert str(raised.value) == (f"The statement template has blocks alpha, zeta that are not parts of a statement. "
                                 f"Use only: {', '.join(PART_KEYS)}.")
    with pytest.raises(StatementTemplateError) as raised:
        draft_parts(facts, "{% block grounds %}{{ nothing }}{% endblock %}")
    assert str(raised.value) == ("The 'grounds' block of the statement template failed: 'nothing' is undefined. "
                                 "Correct the template and start the draft again.")


def test_a_template_has_long_dates_references_and_the_drafts_facts(facts):
    source = ("{% block introduction %}  {{ child_dob|long_date }} {{ ref('42') }} {{ ref('7', 'pages') }}\n"
              "{% for entry in chronology %}{{ entry.text }};{% endfor %} {{ legal_framework|length > 0 }} "
              "{{ order_sought[0][:18] }} {{ documents[0].title }} {{ extended }} {{ issue_lines }}  \n"
              "{% endblock %}")
    parts = draft_parts(replace(facts, issues=("I",)), source)
    assert parts["introduction"] == (
        "4 March 2015 [[doc:42]] [[doc:7|pages]]\n[[doc:7|short]];The local authority issued the decision under "
        "appeal.;[[doc:42|short]];The Tribunal registered the appeal.; True dismiss the appeal EP advice False "
        "['Section I (school or other institution)']\n")


def test_not_opposing_drafts_the_regulation_45_notice_whatever_the_template(facts):
    notice = draft_parts(replace(facts, position="does_not_oppose"), "{% block grounds %}Grounds.{% endblock %}")
    assert "NOTICE THAT THE LOCAL AUTHORITY DOES NOT OPPOSE THE APPEAL (REGULATION 45)" in notice["heading"]
    assert notice["grounds"] == ""
    assert notice["introduction"].startswith('Exampleshire County Council ("the local authority") gives notice')


def test_a_block_tag_on_its_own_line_leaves_no_blank_line_or_indent(facts):
    source = "{% block decision %}X\n  {% if true %}\nA\n  {% endif %}\nB{% endblock %}"
    assert draft_parts(facts, source)["decision"] == "X\nA\nB\n"
