"""Properties of the statement markup (hypothesis): what is parsed and written back as markup parses the same, and
every [[doc:N]] token resolves to its document's pages or is flagged, never an error."""
import re

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from bundler.drafting.markup import parse_body, reference_token
from bundler.drafting.model import Heading, ListBlock, Paragraph, Reference, Span
from bundler.drafting.references import BundleLayout, DocumentPlace, ReferenceResolver, page_range

_LITERAL = re.compile(r"([\\*\[\]~>#.()-])")
_PREFIX = {"numbered": "", "plain": "~ ", "quote": "> "}


def to_markup(blocks) -> str:
    """Blocks written back as the markup an officer would type for them (every marker character escaped)."""
    return "\n\n".join(_block(block) for block in blocks)


def _block(block) -> str:
    if isinstance(block, Heading):
        return "## " + _inlines(block.inlines)
    if isinstance(block, ListBlock):
        return "\n".join(("1. " if block.ordered else "- ") + _inlines(item) for item in block.items)
    return _PREFIX[block.kind] + _inlines(block.inlines)


def _inlines(inlines) -> str:
    out = []
    for inline in inlines:
        marks = "**" * inline.bold + "*" * inline.italic
        body = (reference_token(inline.key, inline.form) if isinstance(inline, Reference)
                else _LITERAL.sub(r"\\\1", inline.text))
        out.append(marks + body + marks[::-1])
    return "".join(out)


def _merged(inlines):
    """Spans side by side with the same emphasis read as one, as the parser makes them."""
    out = []
    for inline in inlines:
        last = out[-1] if out else None
        if isinstance(inline, Span) and isinstance(last, Span) and (last.bold, last.italic) == (inline.bold,
                                                                                            inline.italic):
            out[-1] = Span(last.text + inline.text, inline.bold, inline.italic)
        else:
            out.append(inline)
    return tuple(out)


_KEYS = st.from_regex(r"[A-Za-z0-9_-]{1,6}", fullmatch=True)
_WORD = st.text(alphabet=st.sampled_from("abcXYZ*\\[]~>#-.,:|'"), min_size=1, max_size=8)
_TEXT = st.builds(lambda first, rest: " ".join([first, *rest]), _WORD, st.lists(_WORD, max_size=4))
_SPAN = st.builds(Span, _TEXT, st.booleans(), st.booleans())
_REFERENCE = st.builds(Reference, _KEYS, st.booleans(), st.booleans(), st.sampled_from(("", "short", "long", "pages")))


@st.composite
def _inline_run(draw):
    """Inlines separated by a space, starting with a word (a line's leading space is layout, not text)."""
    pieces = draw(st.lists(st.one_of(_SPAN, _REFERENCE), min_size=1, max_size=4))
    out = [pieces[0]]
    for piece in pieces[1:]:
        out += [Span(" "), piece]
    return _merged(out)


_BLOCK = st.one_of(
    st.builds(Paragraph, _inline_run(), st.sampled_from(("numbered", "plain", "quote"))),
    st.builds(Heading, _inline_run()),
    st.builds(ListBlock, st.booleans(), st.lists(_inline_run(), min_size=1, max_size=3).map(tuple)),
)


@settings(max_examples=300)
@given(st.lists(_BLOCK, min_size=1, max_size=5))
def test_blocks_written_as_markup_parse_back_to_the_same_blocks(blocks):
    assert parse_body(to_markup(blocks)) == tuple(blocks)


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from("ab 1.()*\\[]~>#-\n|:doc"), max_size=80))
@example("1.\n1")  # a paragraph whose joined lines begin "1. " must not come back as a list
def test_any_text_parsed_and_written_back_parses_the_same(text):
    parsed = parse_body(text)
    # "* *" is a bullet when typed, an emphasised space when it comes out of joined lines: markup cannot say it
    # nor can "* 1*" at the start of a line ("*" then "1*" joined) be emphasis: typed, it is a bullet
    items = [item for block in parsed for item in (block.items if isinstance(block, ListBlock) else (block.inlines,))]
    assume(not any(isinstance(i, Span) and (i.bold or i.italic) and not i.text.strip() for item in items for i in item))
    assume(not any(isinstance(item[0], Span) and (item[0].bold or item[0].italic) and item[0].text[:1].isspace()
                   for item in items if item))
    assert parse_body(to_markup(parsed)) == parsed


_PLACE = st.builds(lambda title, first, length: DocumentPlace(title, None, first, first + length),
                   st.text(alphabet="abc XYZ", min_size=1, max_size=10).map(str.strip).filter(bool),
                   st.integers(1, 900), st.integers(0, 40))


@settings(max_examples=200)
@given(st.dictionaries(_KEYS, _PLACE, max_size=5), st.lists(_KEYS, min_size=1, max_size=6),
       st.text(alphabet="ab .", max_size=10))
def test_every_reference_resolves_to_its_pages_or_is_flagged(layout, cited, words):
    resolver = ReferenceResolver(BundleLayout(layout, version=3))
    inlines = parse_body(words.join(reference_token(key) for key in cited) or reference_token(cited[0]))[0].inlines
    references = [inline for inline in inlines if isinstance(inline, Reference)]
    assert [ref.key for ref in references] == cited
    for ref, text in zip(inlines, resolver.cite(inlines), strict=True):
        if not isinstance(ref, Reference):
            assert text is None
        elif ref.key in layout:
            place = layout[ref.key]
            assert text.endswith(page_range(place.first_page, place.last_page))
            assert resolver.resolve(ref.key).problem is None
        else:
            assert text.endswith("[not in the bundle]")
            assert "not in bundle version 3" in resolver.resolve(ref.key).problem
