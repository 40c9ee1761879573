"""What an appeal is about and where the authority stands: issues, extended sections, positions and the facts a
draft is written from, each line and refusal read in full."""
from dataclasses import replace
from datetime import date

import pytest

from bundler.drafting.facts import ChronologyEntry, CitedDocument, chronology
from bundler.drafting.issues import IssuesError, check_extended, join_and, ordered, section_list
from bundler.drafting.position import PositionError, check_position, conceded_lines


def test_lists_are_joined_with_commas_and_a_final_and():
    assert join_and([]) == ""
    assert join_and(["B"]) == "B"
    assert join_and(["B", "F"]) == "B and F"
    assert join_and(["B", "F", "I"]) == "B, F and I"


def test_sections_are_named_singular_or_plural():
    assert section_list([]) == ""
    assert section_list(iter(["B"])) == "Section B"
    assert section_list(["C", "G", "H2"]) == "Sections C, G and H2"


def test_chosen_keys_come_in_the_labels_order_once():
    assert ordered(["I", "B", "I", "X"], {"B": "", "F": "", "I": ""}) == ["B", "I"]


def test_the_extended_flag_is_refused_where_the_recommendations_power_does_not_apply():
    with pytest.raises(IssuesError) as raised:
        check_extended("refusal_to_assess", iter(["C"]), ["refusal_to_assess"], "Refusal to Assess")
    assert str(raised.value) == ("An appeal against a refusal to assess cannot be extended: the recommendations "
                                 "power (SI 2017/1306) does not apply to it. Clear the health and social care "
                                 "sections.")
    check_extended("refusal_to_assess", [], ["refusal_to_assess"], "Refusal to assess")
    check_extended("contents", ["C", "H1"], ["refusal_to_assess"], "Contents")


def test_a_section_that_is_not_health_or_social_care_is_refused_by_name():
    with pytest.raises(IssuesError) as raised:
        check_extended("contents", iter(["C", "B", "F"]), [], "Contents")
    assert str(raised.value) == "B, F is not a health or social care section; choose from C, D, G, H1, H2"


def test_each_position_keeps_its_concessions_only_when_in_part():
    assert check_position("opposes_in_part", "  Section B\n") == "Section B"
    assert check_position("opposes", "Section B") == ""
    assert check_position("does_not_oppose", "Section B") == ""


def test_an_unknown_position_or_an_empty_concession_is_refused():
    with pytest.raises(PositionError) as raised:
        check_position("neutral", "")
    assert str(raised.value) == (
        "'neutral' is not a position; choose one of: Opposes the appeal, Opposes the appeal in part (concedes some "
        "issues), Does not oppose the appeal (a notice under regulation 45, not a response).")
    with pytest.raises(PositionError) as raised:
        check_position("opposes_in_part", " \n ")
    assert str(raised.value) == "Say which issues the local authority concedes, one a line."


def test_conceded_issues_are_read_one_a_line_without_bullets():
    assert conceded_lines("- Section B\n\n  -  \n  Section F wording - kept \n") == ["Section B",
                                                                                   "Section F wording - kept"]
    assert conceded_lines("X-ray advice\n-") == ["X-ray advice"]


def test_issue_lines_give_each_section_then_the_extended_sections(facts):
    assert replace(facts, issues=("I", "B")).issue_lines == ["Section B (special educational needs)",
                                                            "Section I (school or other institution)"]
    extended = replace(facts, issues=("F",), extended_sections=("G", "C"))
    assert extended.extended
    assert extended.issue_lines == [
        "Section F (special educational provision)",
        "recommendations (extended appeal) on Section C (health care needs) and Section G (health care provision)"]
    assert not facts.extended and facts.issue_lines == []


def test_a_cited_document_gives_its_token_in_full_or_without_the_date():
    doc = CitedDocument("42", "EP advice", date(2025, 6, 2))
    assert (doc.token, doc.undated_token) == ("[[doc:42]]", "[[doc:42|short]]")


def test_the_chronology_holds_the_day_of_writing_and_nothing_after(facts):
    entries = chronology(replace(facts, mediation_certificate_date=date(2025, 6, 20), as_of=date(2025, 7, 1),
                                 documents=(*facts.documents, CitedDocument("8", "Undated letter", None),
                                            CitedDocument("9", "Later report", date(2025, 7, 2)))))
    assert entries == [
        ChronologyEntry(date(2025, 3, 14), "[[doc:7|short]]"),
        ChronologyEntry(date(2025, 5, 1), "The local authority issued the decision under appeal."),
        ChronologyEntry(date(2025, 6, 2), "[[doc:42|short]]"),
        ChronologyEntry(date(2025, 6, 20), "A mediation certificate was issued."),
        ChronologyEntry(date(2025, 7, 1), "The Tribunal registered the appeal."),
    ]
    assert chronology(replace(facts, as_of=None))[-1] == ChronologyEntry(date(2025, 7, 1),
                                                                         "The Tribunal registered the appeal.")
