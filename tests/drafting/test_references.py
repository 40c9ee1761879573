from datetime import date
from types import SimpleNamespace

from bundler.drafting.references import BundleLayout, Catalogue, DocumentPlace, ReferenceResolver, layout_from_report

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
