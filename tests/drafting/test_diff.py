"""Compare versions: paragraphs as they will read (numbered as Word numbers them, emphasis applied, references
written out), changes in groups of words."""
import shutil
from datetime import date

import pytest

from bundler.drafting.diff import Segment, compare_versions, diff_pieces
from bundler.drafting.model import Span
from bundler.drafting.reading import read_parts
from bundler.drafting.references import BundleLayout, DocumentPlace, ReferenceResolver

from .conftest import pdf_text

RESOLVER = ReferenceResolver(BundleLayout({"42": DocumentPlace("EP advice", date(2025, 6, 2), 45, 53)}, 1))


def _plain(*texts):
    return tuple(Span(text) for text in texts)


def test_changes_are_marked_in_groups_of_words_not_word_by_word():
    segments = diff_pieces(_plain("The plan names Oak School now."), _plain("The plan names Elm School from today."))
    assert segments == (Segment("same", _plain("The plan names ")), Segment("removed", _plain("Oak School now.")),
                        Segment("added", _plain("Elm School from today.")))
    # A long unchanged stretch between two changes stays unmarked.
    segments = diff_pieces(_plain("Oak School meets the needs set out in Section B today"),
                           _plain("Elm School meets the needs set out in Section B now"))
    assert [s.kind for s in segments] == ["removed", "added", "same", "removed", "added"]


def test_joining_the_segments_rebuilds_both_versions():
    old, new = "a b c d e f g h", "a x c d y f g z h"
    segments = diff_pieces(_plain(old), _plain(new))
    assert "".join(s.text for s in segments if s.kind != "added") == old
    assert "".join(s.text for s in segments if s.kind != "removed") == new


def test_a_change_of_emphasis_is_a_change():
    segments = diff_pieces(_plain("weekly therapy"), (Span("weekly", bold=True), Span(" therapy")))
    assert segments[0] == Segment("removed", _plain("weekly")) and segments[1].pieces == (Span("weekly", True),)


def test_paragraphs_are_numbered_across_parts_with_references_written_out():
    texts = {"introduction": "First.\n\nSecond, see [[doc:42]].",
             "background": "~ Not numbered.\n\nThird:\n1. one\n2. two\n- a bullet\n\nFourth.\n(a) again",
             "signature": "Signed: J Smith"}
    read = read_parts(texts, RESOLVER)
    assert [(p.label, p.text) for p in read["introduction"]] == [
        ("1.", "First."), ("2.", "Second, see EP advice, 2 June 2025 [pp. 45–53].")]
    assert [(p.label, p.style) for p in read["background"]] == [
        ("", "plain"), ("3.", "numbered"), ("(a)", "sub"), ("(b)", "sub"), ("\u2022", "bullet"), ("4.", "numbered"),
        ("(a)", "sub")]
    assert [(p.label, p.style) for p in read["signature"]] == [("", "line")]


def test_a_paragraph_put_in_above_renumbers_the_rest_without_marking_them_changed():
    old = {"introduction": "Alpha.\n\nBravo is the second.", "background": "Charlie."}
    new = {"introduction": "New first.\n\nAlpha.\n\nBravo is the **second** one.", "background": "Charlie."}
    parts = {part.key: part for part in compare_versions(old, new, RESOLVER)}
    intro = parts["introduction"].paragraphs
    assert [(p.kind, p.label) for p in intro] == [("added", "1."), ("same", "2."), ("changed", "3.")]
    assert intro[2].segments == (Segment("same", _plain("Bravo is the ")), Segment("removed", _plain("second.")),
                                 Segment("added", (Span("second", bold=True), Span(" one."))))
    assert [(p.kind, p.label) for p in parts["background"].paragraphs] == [("same", "4.")]
    assert not parts["background"].changed and parts["introduction"].changed


def test_a_rewritten_paragraph_is_shown_taken_out_and_put_in():
    parts = compare_versions({"grounds": "The school is wrong."},
                             {"grounds": "Completely different wording about placement costs."}, RESOLVER)
    grounds = next(part for part in parts if part.key == "grounds")
    assert [p.kind for p in grounds.paragraphs] == ["removed", "added"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_numbers_compare_shows_are_the_numbers_in_the_pdf(tmp_path):
    from bundler.drafting.output import write_statement_pdf

    texts = {"introduction": "Alpha paragraph.\n\nBravo paragraph:\n1. first point\n2. second point",
             "background": "~ Unnumbered note.\n\nCharlie paragraph.\n(a) a further point\n\n- a bullet point",
             "legal_framework": "Delta paragraph cites [[doc:42]]."}
    write_statement_pdf(texts, RESOLVER, tmp_path / "s.pdf", title="t")
    text = pdf_text(tmp_path / "s.pdf")
    read = read_parts(texts, RESOLVER)
    shown = [(p.label, p.text) for key in ("introduction", "background", "legal_framework") for p in read[key]
             if p.label and p.style != "bullet"]
    assert [label for label, _ in shown] == ["1.", "2.", "(a)", "(b)", "3.", "(a)", "4."]
    for label, words in shown:
        assert f"{label} {words}" in text, (label, words)


def test_each_paragraph_change_keeps_its_style_label_and_whole_wording():
    from bundler.drafting.diff import ParagraphChange

    parts = compare_versions({"grounds": "> Kept quote.\n\n~ The school is wrong."},
                             {"grounds": "> Kept quote.\n\nCompletely different wording about placement costs.",
                              "conclusion": "Ask."}, RESOLVER)
    assert [part.title for part in parts][5:] == ["The appellant's grounds of appeal",
                                                 "The local authority's response to the grounds", "The child's views",
                                                 "Provision and placement proposed by the local authority",
                                                 "Conclusion and order sought", "Signature"]
    assert parts[5].paragraphs == (
        ParagraphChange("same", "", "quote", (Segment("same", _plain("Kept quote.")),)),
        ParagraphChange("removed", "", "plain", (Segment("removed", _plain("The school is wrong.")),)),
        ParagraphChange("added", "1.", "numbered",
                        (Segment("added", _plain("Completely different wording about placement costs.")),)))
    assert parts[9].paragraphs == (ParagraphChange("added", "2.", "numbered", (Segment("added", _plain("Ask.")),)),)


def test_a_removed_numbered_paragraph_keeps_its_old_number():
    parts = compare_versions({"introduction": "Alpha one.\n\nBravo two."}, {"introduction": "Bravo two."}, RESOLVER)
    assert [(p.kind, p.label, p.style) for p in parts[1].paragraphs] == [("removed", "1.", "numbered"),
                                                                         ("same", "1.", "numbered")]


def test_paragraphs_sharing_at_least_two_fifths_of_their_words_are_one_changed():
    # Words and spaces count: "a b c" and "x y z" share their two spaces of five tokens each, 4 of 10: exactly 0.4.
    parts = compare_versions({"introduction": "a b c"}, {"introduction": "x y z"}, RESOLVER)
    assert [p.kind for p in parts[1].paragraphs] == ["changed"]
    parts = compare_versions({"introduction": "alpha"}, {"introduction": "bravo"}, RESOLVER)
    assert [p.kind for p in parts[1].paragraphs] == ["removed", "added"]
    parts = compare_versions({"introduction": "> alpha"}, {"introduction": "alpha"}, RESOLVER)
    assert [(p.kind, p.style) for p in parts[1].paragraphs] == [("removed", "quote"), ("added", "numbered")]


def test_two_unchanged_words_between_changes_are_taken_in_three_are_not():
    two = diff_pieces(_plain("x a b y"), _plain("p a b q"))
    assert [(s.kind, s.text) for s in two] == [("removed", "x a b y"), ("added", "p a b q")]
    three = diff_pieces(_plain("x a b c y"), _plain("p a b c q"))
    assert [(s.kind, s.text) for s in three] == [("removed", "x"), ("added", "p"), ("same", " a b c "),
                                                 ("removed", "y"), ("added", "q")]
    start = diff_pieces(_plain("a x"), _plain("a y"))
    assert [(s.kind, s.text) for s in start] == [("same", "a "), ("removed", "x"), ("added", "y")]


def test_a_changed_paragraph_among_several_is_paired_with_the_one_it_is_most_like():
    old = {"introduction": "The plan names Oak School for Sam.\n\nTherapy is weekly in school."}
    new = {"introduction": "A new opening line.\n\nThe plan names Elm School for Sam.\n\nTherapy is weekly at home."}
    paragraphs = compare_versions(old, new, RESOLVER)[1].paragraphs
    assert [(p.kind, p.label) for p in paragraphs] == [("added", "1."), ("changed", "2."), ("changed", "3.")]
    assert [s.text for s in paragraphs[1].segments] == ["The plan names ", "Oak", "Elm", " School for Sam."]
    assert [s.text for s in paragraphs[2].segments] == ["Therapy is weekly ", "in school.", "at home."]


def test_words_of_one_emphasis_come_back_as_one_piece_keeping_it():
    bold, italic = Span("weekly speech therapy", bold=True), Span(" at school", italic=True)
    assert diff_pieces((bold, italic), (bold, italic)) == (Segment("same", (bold, italic)),)
