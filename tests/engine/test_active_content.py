"""Active content written inline (as most producers write it) is found by `bundler check`, named with where it
is, and a bundle built from hostile inputs carries none of it."""
import pikepdf
import pytest
from click.testing import CliRunner
from pikepdf import Array, Dictionary, Name, String

from bundler.engine.assemble import build_bundle
from bundler.engine.check import check_bundle
from bundler.engine.commands import check
from bundler.engine.manifest import load_manifest

from .conftest import doc, text_pdf, write_manifest

RULE = "no active content"


def _js(code="app.alert(1)"):
    return Dictionary(S=Name.JavaScript, JS=String(code))


def _link(page, action):
    """A link annotation on `page` whose /A is a direct dictionary, not an indirect object."""
    page.obj.Annots = Array([Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 50, 50]),
                                        A=action)])


def _inline_link(kind, **extra):
    return lambda pdf: _link(pdf.pages[2], Dictionary(S=Name("/" + kind), **extra))


def _bookmark_js(pdf):
    first = pdf.Root.Outlines.First
    del first["/Dest"]
    first.A = _js()  # a direct action on an existing bookmark


def _next_chain(pdf):
    """A harmless GoTo whose /Next runs a Launch; the chain loops back on itself."""
    first = pdf.make_indirect(Dictionary(S=Name.GoTo, D=Array([pdf.pages[0].obj, Name.Fit])))
    first.Next = Array([Dictionary(S=Name.Launch, F=String("cmd.exe"), Next=first)])
    _link(pdf.pages[3], first)


def _rich_media(pdf):
    pdf.pages[1].obj.Annots = Array([Dictionary(Type=Name.Annot, Subtype=Name.RichMedia, Rect=Array([0, 0, 9, 9]),
                                                RichMediaContent=Dictionary())])


def _xfa(pdf):
    pdf.Root.AcroForm = Dictionary(Fields=Array(), XFA=pdf.make_stream(b"<xdp:xdp/>"))


def _open_action(pdf):
    pdf.Root.OpenAction = _js()


def _page_aa(pdf):
    pdf.pages[4].obj.AA = Dictionary(O=Dictionary(S=Name.SubmitForm, F=String("https://example.com/")))


HOSTILE = {
    "link JavaScript": (_inline_link("JavaScript", JS=String("app.alert(1)")), "JavaScript action", "page 3"),
    "link Launch": (_inline_link("Launch", F=String("cmd.exe")), "Launch action", "page 3"),
    "link SubmitForm": (_inline_link("SubmitForm", F=String("https://example.com/")), "SubmitForm action",
                        "page 3"),
    "link ImportData": (_inline_link("ImportData", F=String("data.fdf")), "ImportData action", "page 3"),
    "link GoToR": (_inline_link("GoToR", F=String("other.pdf"), D=Array([0, Name.Fit])), "GoToR action", "page 3"),
    "link GoToE": (_inline_link("GoToE", D=Array([0, Name.Fit])), "GoToE action", "page 3"),
    "bookmark JavaScript": (_bookmark_js, "JavaScript action", "bookmarks"),
    "Next chain": (_next_chain, "Launch action", "page 4"),
    "RichMedia": (_rich_media, "RichMedia annotation", "page 2"),
    "XFA": (_xfa, "XFA form", "the form"),
    "OpenAction": (_open_action, "JavaScript action", "the opening action"),
    "page AA": (_page_aa, "SubmitForm action", "page 5"),
}


def hostile_copy(bundle, path, change):
    with pikepdf.open(bundle) as pdf:
        change(pdf)
        pdf.save(path, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return path


@pytest.mark.parametrize("kind", HOSTILE)
def test_inline_active_content_fails_the_check_naming_what_and_where(kind, rich_bundle, tmp_path):
    change, what, where = HOSTILE[kind]
    path = hostile_copy(rich_bundle.output, tmp_path / "hostile.pdf", change)
    result = {r.rule: r for r in check_bundle(path)}[RULE]
    assert not result.passed
    assert f"{what} ({where})" in result.detail, result.detail


def test_a_web_link_alone_is_not_active_content(rich_bundle, tmp_path):
    path = hostile_copy(rich_bundle.output, tmp_path / "uri.pdf",
                        _inline_link("URI", URI=String("https://www.gov.uk/")))
    assert {r.rule: r for r in check_bundle(path)}[RULE].passed


def _hostile_input(path):
    """An evidence PDF carrying every kind above at once, inline."""
    text_pdf(path, 3, "School report")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for change in (_open_action, _xfa):
            change(pdf)
        pdf.pages[1].obj.AA = Dictionary(O=Dictionary(S=Name.SubmitForm, F=String("https://example.com/")))
        pdf.pages[0].obj.Annots = Array([
            Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 9, 9]),
                       A=Dictionary(S=Name.Launch, F=String("cmd.exe"), Next=_js())),
            Dictionary(Type=Name.Annot, Subtype=Name.RichMedia, Rect=Array([9, 9, 19, 19]))])
        pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("x"), _js()])))
        pdf.attachments["payload.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ")
        pdf.save(path)
    return path


def test_bundle_built_from_a_hostile_input_is_clean(tmp_path):
    source = _hostile_input(tmp_path / "hostile.pdf")
    assert not {r.rule: r for r in check_bundle(source)}[RULE].passed  # the input really is hostile
    manifest = write_manifest(tmp_path, [doc("la_evidence", "School report", "2025-10-01", source.name)])
    build_bundle(load_manifest(manifest), tmp_path / "bundle.pdf")
    result = CliRunner().invoke(check, [str(tmp_path / "bundle.pdf")])
    assert f"PASS  {RULE}" in result.output, result.output
    with pikepdf.open(tmp_path / "bundle.pdf") as pdf:
        assert "/AcroForm" not in pdf.Root and "/Names" not in pdf.Root and not pdf.attachments
