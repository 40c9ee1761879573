from datetime import date
from types import SimpleNamespace

from bundler.drafting.markup import parse_inlines
from bundler.drafting.references import (
    BundleLayout,
    Catalogue,
    DocumentPlace,
    ReferenceResolver,
    ResolvedReference,
    UnpagedResolver,
    as_date,
    describe,
    layout_from_report,
    page_range,
)

EP = DocumentPlace("EP advice", date(2025, 6, 2), 45, 53)
LETTER = DocumentPlace("Decision letter", date(2025, 5, 1), 12, 12)


def test_reference_reads_as_title_date_and_page_range():
    resolver = ReferenceResolver(BundleLayout({"42": EP, "3": LETTER}, version=2))
    assert resolver.resolve("42").text == "EP advice, 2 June 2025 [pp. 45\u201353]"
    assert resolver.resolve("3").text == "Decision letter, 1 May 2025 [p. 12]"
    assert resolver.resolve("42").problem is None


def test_document_missing_from_the_bundle_is_flagged_with_its_catalogue_title():
    resolver = ReferenceResolver(BundleLayout({"42": EP}, version=2),
                                 catalogue=Catalogue({"9": ("School report", date(2025, 7, 1))}))
    missing = resolver.resolve("9")
    assert missing.text == "School report, 1 July 2025 [not in the bundle]"
    assert "not in bundle version 2" in missing.problem
    assert resolver.resolve("10").text == "Document 10 [not in the bundle]"


def test_pages_from_an_older_bundle_version_are_flagged():
    old = BundleLayout({"42": EP, "3": LETTER}, version=1)
    latest = BundleLayout({"42": DocumentPlace("EP advice", date(2025, 6, 2), 50, 58)}, version=2)
    resolver = ReferenceResolver(old, latest=latest)
    stale = resolver.resolve("42")
    assert stale.text.endswith("[pp. 45\u201353]")
    assert "version 1, not the latest (version 2)" in stale.problem
    assert "not in the latest bundle (version 2)" in resolver.resolve("3").problem
    assert ReferenceResolver(latest, latest=latest).resolve("42").problem is None


def test_without_any_bundle_every_reference_is_flagged():
    resolved = ReferenceResolver(None).resolve("42")
    assert resolved.problem == "No bundle has been built yet, so this reference has no page numbers."


def test_layout_comes_from_the_engine_report_by_document_id():
    doc = SimpleNamespace(id="42", title="EP advice", date=date(2025, 6, 2), first_page=45, last_page=53)
    anonymous = SimpleNamespace(id=None, title="Index", date=None, first_page=1, last_page=2)
    report = SimpleNamespace(sections=[SimpleNamespace(documents=[anonymous, doc]), SimpleNamespace(documents=[])])
    layout = layout_from_report(report, version=4)
    assert layout.version == 4
    assert layout.documents == {"42": EP}


def test_stale_pages_say_what_can_actually_be_done():
    # Only an approved (locked) statement is checked against an older bundle; it cannot be "rendered again" by hand.
    resolver = ReferenceResolver(BundleLayout({"42": EP}, version=1), latest=BundleLayout({"42": EP}, version=2))
    problem = resolver.resolve("42").problem
    assert "start a new draft" in problem and "Render the statement again" not in problem


def test_page_range_reads_one_page_or_a_span():
    assert page_range(None, 9) == ""
    assert page_range(12, None) == "[p. 12]"
    assert page_range(12, 12) == "[p. 12]"
    assert page_range(12, 13) == "[pp. 12\u201313]"


def test_a_document_is_described_by_title_and_long_date_when_it_has_one():
    assert describe("EP advice", date(2025, 6, 2)) == "EP advice, 2 June 2025"
    assert describe("Index", None) == "Index"


def test_report_dates_may_come_as_iso_text():
    day = date(2025, 6, 2)
    assert as_date(None) is None and as_date(day) is day
    assert as_date("2025-06-02") == day


def test_each_citation_form_of_a_paged_reference():
    ref = ReferenceResolver(BundleLayout({"42": EP})).resolve("42")
    assert (ref.name, ref.title, ref.pages) == ("EP advice, 2 June 2025", "EP advice", "[pp. 45\u201353]")
    assert ref.as_form("long") == "EP advice, 2 June 2025 [pp. 45\u201353]"
    assert ref.as_form("short") == "EP advice [pp. 45\u201353]"
    assert ref.as_form("pages") == "[pp. 45\u201353]"


def test_a_document_placed_without_pages_reads_as_its_name():
    ref = ReferenceResolver(BundleLayout({"1": DocumentPlace("Index", None, None, None)})).resolve("1")
    assert (ref.text, ref.pages, ref.problem) == ("Index", "", None)
    assert ref.as_form("short") == "Index"
    assert ref.as_form("pages") == "Index"


def test_an_unpaged_citation_gives_the_date_where_pages_would_go():
    resolver = UnpagedResolver(Catalogue({"42": ("EP advice", date(2025, 6, 2)), "5": ("Index", None)}))
    assert resolver.layout is None and resolver.latest is None
    ref = resolver.resolve("42")
    assert ref == ResolvedReference("42", "EP advice, 2 June 2025", None, "EP advice, 2 June 2025", "EP advice")
    assert ref.as_form("pages") == "(2 June 2025)"
    assert ref.as_form("short") == "EP advice"
    assert resolver.resolve("5").as_form("pages") == "Index"


def test_an_unpaged_reference_to_a_document_the_case_lacks_is_flagged():
    ref = UnpagedResolver(Catalogue()).resolve("9")
    assert ref == ResolvedReference("9", "Document 9", "The case has no such document. Remove the reference.",
                                    "Document 9", "Document 9")


def test_a_missing_document_keeps_its_name_title_and_says_where_it_is_not():
    resolver = ReferenceResolver(BundleLayout({}, version=2),
                                 catalogue=Catalogue({"9": ("School report", date(2025, 7, 1))}))
    ref = resolver.resolve("9")
    assert (ref.name, ref.title, ref.pages) == ("School report, 1 July 2025", "School report", "[not in the bundle]")
    assert ref.problem == ("This document is not in bundle version 2. Add it to the bundle and rebuild, or remove "
                           "the reference.")
    unknown = resolver.resolve("10")
    assert (unknown.name, unknown.title) == ("Document 10", "Document 10")
    assert ReferenceResolver(BundleLayout({})).resolve("9").problem == (
        "This document is not in bundle layout. Add it to the bundle and rebuild, or remove the reference.")
    assert ReferenceResolver(None).resolve("9").text == "Document 9 [not in the bundle]"


def test_stale_pages_are_explained_word_for_word():
    old = BundleLayout({"42": EP, "3": LETTER}, version=1)
    resolver = ReferenceResolver(old, latest=BundleLayout({"42": EP}, version=2))
    assert resolver.resolve("42").problem == (
        "Page numbers come from bundle version 1, not the latest (version 2). Each bundle build puts the approved "
        "statement in with that bundle's own page numbers; to change this copy, start a new draft from it.")
    assert resolver.resolve("3").problem == (
        "This document is not in the latest bundle (version 2). Add it to the bundle and rebuild, or remove the "
        "reference.")


def test_another_copy_of_the_same_bundle_version_is_not_stale():
    resolver = ReferenceResolver(BundleLayout({"42": EP}, version=3), latest=BundleLayout({}, version=3))
    assert resolver.resolve("42").problem is None
    assert ReferenceResolver(BundleLayout({"42": EP}, version=3)).latest.version == 3


def test_report_documents_are_placed_with_their_dates_read():
    doc = SimpleNamespace(id=42, title="EP advice", date="2025-06-02", first_page=45, last_page=53)
    layout = layout_from_report(SimpleNamespace(sections=[SimpleNamespace(documents=[doc])]))
    assert layout == BundleLayout({"42": EP}, None)


def _cited(text, resolver=None):
    resolver = resolver or ReferenceResolver(BundleLayout({"42": EP}))
    inlines = parse_inlines(text)
    return [cited for cited in resolver.cite(inlines) if cited is not None]


def test_a_reference_gives_only_pages_when_its_sentence_names_the_document_in_any_case():
    assert _cited("The ep ADVICE [[doc:42]] says so.") == ["[pp. 45\u201353]"]
    assert _cited("As [[doc:42]] says.") == ["EP advice, 2 June 2025 [pp. 45\u201353]"]


def test_the_sentence_that_names_a_document_ends_at_a_stop_and_a_space():
    for stop in ".!?;:":
        assert _cited(f"The EP advice{stop} Then [[doc:42]].") == ["EP advice, 2 June 2025 [pp. 45\u201353]"], stop
    assert _cited("The EP advice.[[doc:42]]") == ["[pp. 45\u201353]"]


def test_a_document_cited_twice_in_a_sentence_is_named_once():
    assert _cited("See [[doc:42]] and [[doc:42]].") == ["EP advice, 2 June 2025 [pp. 45\u201353]", "[pp. 45\u201353]"]


def test_a_chosen_form_is_kept_whatever_the_sentence_says():
    assert _cited("The EP advice [[doc:42|long]] and [[doc:42|short]].") == [
        "EP advice, 2 June 2025 [pp. 45\u201353]", "EP advice [pp. 45\u201353]"]


def test_the_unpaged_resolver_cites_by_the_sentence_too():
    resolver = UnpagedResolver(Catalogue({"42": ("EP advice", date(2025, 6, 2))}))
    assert _cited("The EP advice [[doc:42]], then [[doc:42|pages]]", resolver) == ["(2 June 2025)", "(2 June 2025)"]
    assert _cited("[[doc:42]]", resolver) == ["EP advice, 2 June 2025"]
