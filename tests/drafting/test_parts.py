"""The statement's parts in order, parsed by their layout, and numbered as Word numbers them."""
from bundler.drafting.model import Heading, ListBlock, Paragraph, Part, Reference, Span, block_references
from bundler.drafting.parts import PART_KEYS, PART_TITLES, numbered_blocks, parse_parts, unfinished_parts
from bundler.drafting.reading import letter, read_parts
from bundler.drafting.references import ReferenceResolver


def test_the_parts_run_from_heading_to_signature_with_their_titles():
    assert PART_KEYS == ("heading", "introduction", "background", "decision", "legal_framework", "grounds",
                         "response", "childs_views", "provision", "conclusion", "signature")
    assert PART_TITLES["childs_views"] == "The child's views"
    assert PART_TITLES["response"] == "The local authority's response to the grounds"


def test_parts_are_parsed_by_layout_in_statement_order_and_missing_ones_left_out():
    parts = parse_parts({"signature": "Jo Smith\nSEND Officer", "introduction": "One.\nTwo.", "heading": "A\nB"})
    assert [(part.key, part.title, part.layout) for part in parts] == [
        ("heading", "Heading", "heading"), ("introduction", "Introduction", "body"),
        ("signature", "Signature", "signature")]
    assert parts[0].blocks == (Paragraph((Span("A"),), "plain"), Paragraph((Span("B"),), "plain"))
    assert parts[1].blocks == (Paragraph((Span("One. Two."),), "numbered"),)
    assert len(parts[2].blocks) == 2


def test_an_empty_part_is_kept_with_no_blocks():
    assert parse_parts({"grounds": ""}) == (Part("grounds", "The appellant's grounds of appeal", "body", ()),)


def test_only_numbered_body_paragraphs_take_a_number_running_across_parts():
    parts = parse_parts({"heading": "Title line", "introduction": "One.\n\n~ Aside.\n\n> Quote.\n\n## Sub\n\n- item",
                         "background": "Two.", "signature": "Jo Smith"})
    numbers = [[number for _, number in blocks] for _, blocks in numbered_blocks(parts)]
    assert numbers == [[None], [1, None, None, None, None], [2], [None]]
    assert numbered_blocks(parts)[2][1][0][0] == Paragraph((Span("Two."),), "numbered")


def test_a_part_is_unfinished_while_it_holds_a_bracketed_instruction():
    texts = {"heading": None, "decision": "[Set out the decision.]", "grounds": "[[doc:4]] and [not an instruction]",
             "conclusion": "Done."}
    assert unfinished_parts(texts) == ["decision"]


def test_word_letters_run_a_to_z_then_double_then_triple():
    assert [letter(n) for n in (1, 2, 26, 27, 28, 52, 53)] == ["a", "b", "z", "aa", "bb", "zz", "aaa"]


def test_read_parts_labels_every_kind_of_paragraph_and_restarts_letters_after_a_number():
    texts = {"heading": "BETWEEN", "introduction": "One.\n(a) x\n(b) y\n\n~ Aside.\n\n> Quote.\n\n## Sub\n\nTwo.\n"
                                                   "1. z\n- dot"}
    read = read_parts(texts, ReferenceResolver(None))
    assert [(p.label, p.style, p.text) for p in read["heading"]] == [("", "line", "BETWEEN")]
    assert [(p.label, p.style, p.text) for p in read["introduction"]] == [
        ("1.", "numbered", "One."), ("(a)", "sub", "x"), ("(b)", "sub", "y"), ("", "plain", "Aside."),
        ("", "quote", "Quote."), ("", "heading", "Sub"), ("2.", "numbered", "Two."), ("(a)", "sub", "z"),
        ("\u2022", "bullet", "dot")]
    assert read["grounds"] == []


def test_read_parts_keep_emphasis_and_write_references_out():
    read = read_parts({"introduction": "**See** [[doc:9]]"}, ReferenceResolver(None))
    assert read["introduction"][0].pieces == (Span("See", True, False), Span(" "),
                                              Span("Document 9 [not in the bundle]"))


def test_a_blocks_references_are_its_keys_in_order_lists_included():
    assert block_references(ListBlock(False, ((Span("a"), Reference("4")), (Reference("2"), Reference("4"))))) == [
        "4", "2", "4"]
    assert block_references(Heading((Reference("7", bold=True), Span("x")))) == ["7"]
