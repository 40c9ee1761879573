import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bundler.drafting.markup import REFERENCE_TOKEN, parse_body, parse_inlines, parse_lines, referenced_keys
from bundler.drafting.model import Heading, ListBlock, Paragraph, Reference, Span


def test_plain_paragraphs_are_numbered_and_their_lines_joined():
    blocks = parse_body("First line\nsame paragraph.\n\nSecond paragraph.")
    assert blocks == (Paragraph((Span("First line same paragraph."),), "numbered"),
                      Paragraph((Span("Second paragraph."),), "numbered"))


def test_tilde_paragraph_is_not_numbered_and_quote_is_indented():
    plain, quote = parse_body("~ Not numbered.\n\n> Quoted\n> words.")
    assert plain == Paragraph((Span("Not numbered."),), "plain")
    assert quote == Paragraph((Span("Quoted words."),), "quote")


def test_prose_followed_by_lists_without_blank_line_splits_into_blocks():
    blocks = parse_body("The grounds are:\n1. first\ncontinued\n2. second\n- a bullet\n## Ground 1\nText.")
    assert blocks[0] == Paragraph((Span("The grounds are:"),), "numbered")
    assert blocks[1] == ListBlock(True, ((Span("first continued"),), (Span("second"),)))
    assert blocks[2] == ListBlock(False, ((Span("a bullet"),),))
    assert blocks[3] == Heading((Span("Ground 1"),))
    assert blocks[4] == Paragraph((Span("Text."),), "numbered")


def test_lettered_items_make_an_ordered_list():
    assert parse_body("(a) one\n(b) two") == (ListBlock(True, ((Span("one"),), (Span("two"),))),)


def test_emphasis_and_references_keep_their_style():
    assert parse_inlines("See **[[doc:42]] and *this***.") == (
        Span("See "), Reference("42", bold=True), Span(" and ", bold=True), Span("this", bold=True, italic=True),
        Span("."))


def test_unpaired_asterisk_and_escapes_stay_literal():
    assert parse_inlines("3 * 4 is **twelve**") == (Span("3 * 4 is "), Span("twelve", bold=True))
    assert parse_inlines(r"\*not italic\* and \[[doc:1]]") == (Span("*not italic* and [[doc:1]]"),)
    assert parse_body(r"\- not a bullet") == (Paragraph((Span("- not a bullet"),), "numbered"),)


def test_heading_layout_keeps_each_line_as_an_unnumbered_paragraph():
    blocks = parse_lines("BETWEEN\n\n**Alex Taylor**\nAppellant")
    assert [b.kind for b in blocks] == ["plain"] * 3
    assert blocks[1].inlines == (Span("Alex Taylor", bold=True),)


def test_referenced_keys_are_unique_and_in_order():
    assert referenced_keys("[[doc:7]] then [[doc:42]] and [[doc:7]] again, [[doc:bad key]]") == ["7", "42"]


def _words(blocks):
    texts = []
    for block in blocks:
        items = block.items if isinstance(block, ListBlock) else (block.inlines,)
        for inlines in items:
            texts.extend(i.text if isinstance(i, Span) else f"doc{i.key}" for i in inlines)
    return re.findall(r"[A-Za-z0-9]+", " ".join(texts))


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from("ab .-*>#~\n[]:doc"), max_size=80))
def test_parsing_never_loses_a_word(text):
    """List, heading and emphasis markers carry no words here, so every word must come through."""
    expected = re.findall(r"[A-Za-z0-9]+", REFERENCE_TOKEN.sub(r"doc\1", text))
    assert sorted(_words(parse_body(text))) == sorted(expected)


def test_a_backslash_before_an_ordinary_character_is_kept():
    # Only \\ \* \[ \] \~ \> \# \- are escapes; "\ " and "\x" are a writer's own backslash.
    assert parse_inlines("\\ *") == (Span("\\ *"),)
    assert parse_inlines("**\\x**") == (Span("\\x", bold=True),)
    assert parse_inlines("a\\\\b") == (Span("a\\b"),)


def test_an_escaped_full_stop_or_bracket_keeps_a_paragraph_that_begins_like_a_list_item():
    assert parse_body("1\\. The panel") == (Paragraph((Span("1. The panel"),), "numbered"),)
    assert parse_body("\\(a) is met") == (Paragraph((Span("(a) is met"),), "numbered"),)
    assert parse_body("1. The panel")[0] == ListBlock(True, ((Span("The panel"),),))
