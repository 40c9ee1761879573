"""Manifest and template parsing: typed values, and errors that name the field or line."""
import json
from datetime import date
from pathlib import PurePosixPath

import pytest

from bundler.engine.errors import ManifestError
from bundler.engine.manifest import (
    CaseDetails,
    DocumentEntry,
    date_order,
    load_manifest,
    manifest_from_dict,
    out_of_date_order,
    validate_reference,
)
from bundler.engine.template import BudgetFigures, ExtendedRule, SectionTemplate, load_template

CASE = """[case]
reference = "EH 936/25/01234"
child = "Sam Smith"
appellant = "Alex Smith"
authority = "Surrey County Council"
appeal_type = "contents"
hearing_date = 2026-03-02
"""


def doc(section="core", title="Appeal form", when="2025-10-01", file="a.pdf", extra=""):
    return f'\n[[documents]]\nsection = "{section}"\ntitle = "{title}"\ndate = "{when}"\nfile = "{file}"\n{extra}'


def write(tmp_path, text, name="bundle.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_toml_manifest_is_parsed_into_typed_values(tmp_path):
    m = load_manifest(write(tmp_path, CASE + doc() + doc("la_evidence", "EP report", "2025-09-01", "sub/b.pdf",
                                                        'id = "doc-7"')))
    assert m.case.reference == "EH936/25/01234"
    assert m.case.hearing_date == date(2026, 3, 2)
    assert [d.section for d in m.documents] == ["core", "la_evidence"]
    assert m.documents[1].file == tmp_path / "sub" / "b.pdf"
    assert m.documents[1].date == date(2025, 9, 1)
    assert (m.documents[0].id, m.documents[1].id) == (None, "doc-7")


def test_json_manifest_gives_the_same_result_as_toml(tmp_path):
    data = {"case": {"reference": "EH936/25/01234", "child": "Sam Smith", "appellant": "Alex Smith",
                     "authority": "Surrey County Council", "appeal_type": "contents", "hearing_date": "2026-03-02"},
            "documents": [{"section": "core", "title": "Appeal form", "date": "2025-10-01", "file": "a.pdf"}]}
    from_json = load_manifest(write(tmp_path, json.dumps(data), "m.json"))
    from_toml = load_manifest(write(tmp_path, CASE + doc()))
    assert from_json == from_toml


@pytest.mark.parametrize("reference", ["EH936/25/1234", "XX936/25/01234", "EH93/25/01234", "EH936-25-01234", ""])
def test_malformed_reference_is_rejected(reference):
    with pytest.raises(ManifestError, match="case.reference.*EH936/25/01234"):
        validate_reference(reference)


def test_reference_is_normalised():
    assert validate_reference(" eh 885/19/00048 ") == "EH885/19/00048"


def test_unknown_document_key_names_field_and_line(tmp_path):
    path = write(tmp_path, CASE + doc() + doc(extra='colour = "red"'))
    with pytest.raises(ManifestError) as err:
        load_manifest(path)
    message = str(err.value)
    assert "documents[2]" in message and "colour" in message
    line = CASE.count("\n") + doc().count("\n") + 2
    assert f"line {line}" in message
    assert path.read_text().splitlines()[line - 1] == "[[documents]]"


def test_unknown_case_key_is_rejected(tmp_path):
    with pytest.raises(ManifestError, match=r"case: remove the unknown field\(s\) judge"):
        load_manifest(write(tmp_path, CASE + 'judge = "X"\n' + doc()))


def test_unknown_section_is_rejected_with_the_choices(tmp_path):
    with pytest.raises(ManifestError, match=r"documents\[1\]\.section: 'misc'.*core, ehcp"):
        load_manifest(write(tmp_path, CASE + doc(section="misc")))


@pytest.mark.parametrize("bad", ["2025-13-01", "1 Oct 2025", ""])
def test_bad_document_date_is_rejected(tmp_path, bad):
    with pytest.raises(ManifestError, match=r"documents\[1\]\.date.*YYYY-MM-DD"):
        load_manifest(write(tmp_path, CASE + doc(when=bad)))


def test_unknown_appeal_type_is_rejected(tmp_path):
    with pytest.raises(ManifestError, match="case.appeal_type: 'tribunal'"):
        load_manifest(write(tmp_path, CASE.replace('"contents"', '"tribunal"') + doc()))


def test_missing_field_is_named(tmp_path):
    with pytest.raises(ManifestError, match=r"documents\[1\]: add the missing field\(s\) date"):
        manifest_from_dict({"case": {"reference": "EH936/25/01234", "child": "a", "appellant": "b",
                                     "authority": "c", "appeal_type": "contents", "hearing_date": "2026-01-01"},
                            "documents": [{"section": "core", "title": "t", "file": "f.pdf"}]}, tmp_path)


def test_toml_syntax_error_names_the_line(tmp_path):
    with pytest.raises(ManifestError, match=r"line 2"):
        load_manifest(write(tmp_path, '[case]\nreference = "EH936\n'))


def test_default_template_has_the_five_sections_in_order():
    template = load_template()
    assert [s.key for s in template.sections] == [
        "core", "ehcp", "working_document", "appellant_evidence", "la_evidence"]
    assert [s.letter for s in template.sections] == list("ABCDE")
    assert set(template.appeal_types) == {"refusal_to_assess", "refusal_to_reassess", "refusal_to_issue", "contents",
                                          "section_i", "refusal_to_amend", "cease_to_maintain"}


@pytest.mark.parametrize("section,appeal_type,pages", [
    ("core", "refusal_to_assess", 100), ("ehcp", "contents", 150), ("working_document", "section_i", 25),
    ("appellant_evidence", "refusal_to_assess", 75), ("la_evidence", "refusal_to_issue", 100),
    ("appellant_evidence", "contents", 100), ("la_evidence", "cease_to_maintain", 75)])
def test_default_budgets_follow_schedule_one_summaries(section, appeal_type, pages):
    assert load_template().budget(section, appeal_type) == pages


def test_template_text_can_replace_the_default():
    template = load_template('[appeal_types]\ncontents = "Contents"\n[[sections]]\nkey = "core"\nletter = "Z"\n'
                             'title = "Everything"\n[sections.budget]\ncontents = 7\n')
    assert template.sections[0].heading == "Z. Everything"
    assert template.budget("core", "contents") == 7
    assert template.budget("core", "section_i") is None


# One line of TOML longer than a file name may be (255 bytes); a template needs two lines, so it is refused for that.
LONG_APPEAL_TYPES = "appeal_types = { " + ", ".join(f'type_{n} = "Appeal type number {n}"' for n in range(12))


@pytest.mark.parametrize("text, message", [
    (LONG_APPEAL_TYPES + " }", "bundle template: add at least one [[sections]] entry"),
    (LONG_APPEAL_TYPES, "bundle template: Unclosed inline table (at end of document)")], ids=["toml", "not toml"])
def test_one_line_of_template_text_too_long_for_a_file_name_is_read_as_text(text, message):
    assert "\n" not in text and len(text) > 255
    with pytest.raises(ManifestError) as err:
        load_template(text)
    assert str(err.value) == message


def test_template_budget_for_unknown_appeal_type_is_rejected():
    with pytest.raises(ManifestError, match="'contnets' is not one of the"):
        load_template('[appeal_types]\ncontents = "C"\n[[sections]]\nkey = "core"\nletter = "A"\ntitle = "T"\n'
                      '[sections.budget]\ncontnets = 7\n')


def test_template_file_is_read_once_until_an_administrator_edits_it(tmp_path):
    path = tmp_path / "bundle_template.toml"
    rules = '[appeal_types]\ncontents = "Contents"\n[[sections]]\nkey = "core"\nletter = "A"\ntitle = "{}"\n'
    path.write_text(rules.format("Core"))
    first = load_template(path)
    assert load_template(path) is first  # every page asks for it: parsed once
    path.write_text(rules.format("Core documents, as edited"))
    assert load_template(path).sections[0].title == "Core documents, as edited"


# Every refusal, word for word: the officer reads these on the manifest page and in `bundler build`.

GOOD_CASE = {"reference": "EH936/25/01234", "child": "Sam Smith", "appellant": "Alex Smith",
             "authority": "Surrey County Council", "appeal_type": "contents", "hearing_date": "2026-03-02"}
GOOD_DOC = {"section": "core", "title": "Appeal form", "date": "2025-10-01", "file": "a.pdf"}
SECTIONS = "core, ehcp, working_document, appellant_evidence, la_evidence"
APPEAL_TYPES = ("refusal_to_assess, refusal_to_reassess, refusal_to_issue, contents, section_i, refusal_to_amend, "
                "cease_to_maintain")
CASE_FIELDS = "reference, child, appellant, authority, appeal_type, hearing_date"


def refusal(data, template=None) -> str:
    with pytest.raises(ManifestError) as err:
        manifest_from_dict(data, "/cases/42", template=template)
    return str(err.value)


def with_case(**changes):
    case = {**GOOD_CASE, **changes}
    return {"case": {k: v for k, v in case.items() if v is not None}, "documents": [GOOD_DOC]}


def with_doc(n=1, **changes):
    document = {**GOOD_DOC, **changes}
    documents = [GOOD_DOC] * (n - 1) + [{k: v for k, v in document.items() if v is not None}]
    return {"case": GOOD_CASE, "documents": documents}


@pytest.mark.parametrize("data,message", [
    ([GOOD_CASE], "the manifest must be a table with [case] and [[documents]]"),
    ({}, "manifest: add the missing field(s) case, documents"),
    ({"case": GOOD_CASE}, "manifest: add the missing field(s) documents"),
    ({"case": GOOD_CASE, "documents": [GOOD_DOC], "notes": "x", "bundle": 1},
     "manifest: remove the unknown field(s) bundle, notes; the fields are case, documents"),
    ({"case": "EH936/25/01234", "documents": [GOOD_DOC]}, f"case: add a [case] table with {CASE_FIELDS}"),
    (with_case(judge="X"), f"case: remove the unknown field(s) judge; the fields are {CASE_FIELDS}, extended"),
    (with_case(child=None, hearing_date=None), "case: add the missing field(s) child, hearing_date"),
    (with_case(child="  "), "case.child: give a non-empty text value"),
    (with_case(appellant=7), "case.appellant: give a non-empty text value"),
    (with_case(authority=""), "case.authority: give a non-empty text value"),
    (with_case(reference="EH936/25/1234"),
     "case.reference: 'EH936/25/1234' is not a tribunal reference; write it like EH936/25/01234 (EH, the 3-digit "
     "authority code, the 2-digit year, the 5-digit case number)"),
    (with_case(appeal_type="extended"),
     "case.appeal_type: 'extended' is not an appeal type but a flag on one; give the underlying appeal type and list "
     "the sections, like extended = [\"C\", \"G\"]"),
    (with_case(appeal_type="tribunal"),
     f"case.appeal_type: 'tribunal' is not an appeal type; use one of {APPEAL_TYPES}"),
    (with_case(hearing_date="2026-02-30"),
     "case.hearing_date: '2026-02-30' is not a date; write it as YYYY-MM-DD, e.g. 2025-10-01"),
    (with_case(hearing_date=20260302),
     "case.hearing_date: '20260302' is not a date; write it as YYYY-MM-DD, e.g. 2025-10-01"),
    (with_case(extended="C"), "case.extended: list the health and social care sections the extended appeal covers, "
                              "from C, D, G, H1, H2"),
    (with_case(extended=["C", "X"]), "case.extended: list the health and social care sections the extended appeal "
                                     "covers, from C, D, G, H1, H2"),
    (with_case(appeal_type="refusal_to_assess", extended=["C"]),
     "case.extended: an appeal against a refusal to assess cannot be extended (SI 2017/1306 does not apply to it); "
     "remove extended"),
    ({"case": GOOD_CASE, "documents": []}, "documents: list at least one document ([[documents]] in TOML)"),
    ({"case": GOOD_CASE, "documents": GOOD_DOC}, "documents: list at least one document ([[documents]] in TOML)"),
    ({"case": GOOD_CASE, "documents": [GOOD_DOC, "a.pdf"]},
     "documents[2]: each document must be a table with section, title, date, file"),
    (with_doc(2, colour="red", author="x"), "documents[2]: remove the unknown field(s) author, colour; the fields "
                                            "are section, title, date, file, id, keep_here"),
    (with_doc(3, date=None, file=None), "documents[3]: add the missing field(s) date, file"),
    (with_doc(section="misc"), f"documents[1].section: 'misc' is not a section; use one of {SECTIONS}"),
    (with_doc(section=" "), "documents[1].section: give a non-empty text value"),
    (with_doc(title=""), "documents[1].title: give a non-empty text value"),
    (with_doc(file=["a.pdf"]), "documents[1].file: give a non-empty text value"),
    (with_doc(date="1 Oct 2025"),
     "documents[1].date: '1 Oct 2025' is not a date; write it as YYYY-MM-DD, e.g. 2025-10-01"),
    (with_doc(id=1.5), "documents[1].id: give a text or number id, or leave it out"),
    (with_doc(id=["a"]), "documents[1].id: give a text or number id, or leave it out"),
    (with_doc(keep_here=True), "documents[1].keep_here: give the reason for keeping this document out of date "
                               "order, as text, or leave it out"),
])
def test_each_manifest_refusal_says_what_is_wrong_word_for_word(data, message):
    assert refusal(data) == message


def test_a_datetime_is_not_taken_for_a_date():
    from datetime import datetime
    assert refusal(with_doc(date=datetime(2025, 10, 1, 9, 30))) == (
        "documents[1].date: '2025-10-01 09:30:00' is not a date; write it as YYYY-MM-DD, e.g. 2025-10-01")


def test_appeal_types_are_listed_from_the_template_in_use():
    template = load_template('[appeal_types]\nplacement = "Placement"\nother = "Other"\n[[sections]]\nkey = "core"\n'
                             'letter = "A"\ntitle = "Core"\n')
    assert refusal(with_case(appeal_type="contents"), template) == (
        "case.appeal_type: 'contents' is not an appeal type; use one of placement, other")
    assert refusal(with_doc(section="ehcp") | {"case": {**GOOD_CASE, "appeal_type": "other"}}, template) == (
        "documents[1].section: 'ehcp' is not a section; use one of core")


def test_a_template_that_names_extended_as_an_appeal_type_may_use_it():
    template = load_template('[appeal_types]\nextended = "Extended"\n[[sections]]\nkey = "core"\nletter = "A"\n'
                             'title = "Core"\n')
    assert manifest_from_dict(with_case(appeal_type="extended"), "/cases", template=template).case.appeal_type == (
        "extended")


def test_a_full_manifest_is_read_into_every_field(tmp_path):
    data = {"case": {"reference": " eh 885/19/00048 ", "child": "  Sam Smith ", "appellant": "Alex Smith",
                     "authority": "Surrey County Council", "appeal_type": " contents ",
                     "hearing_date": date(2026, 3, 2), "extended": ["G", "C"]},
            "documents": [GOOD_DOC, {"section": " la_evidence ", "title": " EP report ", "date": " 2025-09-01 ",
                                     "file": " sub/b.pdf ", "id": 7, "keep_here": "  it introduces the rest  "}]}
    m = manifest_from_dict(data, str(tmp_path))
    assert m.case == CaseDetails("EH885/19/00048", "Sam Smith", "Alex Smith", "Surrey County Council", "contents",
                                 date(2026, 3, 2), ("G", "C"))
    assert m.documents == (
        DocumentEntry("core", "Appeal form", date(2025, 10, 1), tmp_path / "a.pdf"),
        DocumentEntry("la_evidence", "EP report", date(2025, 9, 1), tmp_path / "sub/b.pdf", "7",
                      "it introduces the rest"))
    assert m.notes == {}


@pytest.mark.parametrize("appeal_type", ["contents", "refusal_to_assess"])
def test_an_appeal_not_extended_has_no_extended_sections(appeal_type):
    for data in (with_case(appeal_type=appeal_type), with_case(appeal_type=appeal_type, extended=[])):
        assert manifest_from_dict(data, "/cases").case.extended == ()


def test_the_default_template_is_used_when_none_is_given():
    assert refusal(with_doc(section="misc"), None).endswith(SECTIONS)


@pytest.mark.parametrize("reference", ["EH936/25/01234", "EH 936/25/01234", "eh936/25/01234", "  EH936/25/01234\n"])
def test_a_reference_with_or_without_its_space_is_written_the_usual_way(reference):
    assert validate_reference(reference) == "EH936/25/01234"


@pytest.mark.parametrize("reference,shown", [(936, "936"), (None, "None"), ("EH936/25/012345", "EH936/25/012345"),
                                             (PurePosixPath("EH936/25/01234"), "EH936/25/01234")])
def test_a_reference_that_is_not_text_even_if_it_prints_like_one_or_too_long_is_refused(reference, shown):
    with pytest.raises(ManifestError) as err:
        validate_reference(reference)
    assert str(err.value) == (
        f"case.reference: '{shown}' is not a tribunal reference; write it like EH936/25/01234 (EH, the 3-digit "
        "authority code, the 2-digit year, the 5-digit case number)")


def test_a_manifest_that_cannot_be_read_is_named_with_the_reason(tmp_path):
    missing = tmp_path / "gone.toml"
    with pytest.raises(ManifestError) as err:
        load_manifest(missing)
    assert str(err.value) == f"{missing}: cannot read the manifest ([Errno 2] No such file or directory: '{missing}')"
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'[case]\nchild = "Zo\xeb"\n')
    with pytest.raises(ManifestError) as err:
        load_manifest(latin)
    assert str(err.value) == (f"{latin}: cannot read the manifest ('utf-8' codec can't decode byte 0xeb in position "
                              "18: invalid continuation byte)")


@pytest.mark.parametrize("name", ["m.json", "M.JSON"])
def test_a_json_syntax_error_names_the_file_and_line(tmp_path, name):
    path = write(tmp_path, '{"case": {},\n  "documents": [,]}', name)
    with pytest.raises(ManifestError) as err:
        load_manifest(path)
    assert str(err.value) == f"{path}: line 2: Expecting value"


def test_a_toml_syntax_error_is_given_as_tomllib_words_it(tmp_path):
    path = write(tmp_path, '[case]\nreference = "EH936\n')
    with pytest.raises(ManifestError) as err:
        load_manifest(path)
    assert str(err.value) == f"{path}: Illegal character '\\n' (at line 2, column 19)"


@pytest.mark.parametrize("name,text", [("m.json", '{"case": %s}'), ("m.toml", "number = %s")])
def test_a_number_too_long_to_read_says_the_file_may_not_be_a_manifest(tmp_path, name, text):
    import sys
    path = write(tmp_path, text % ("9" * (sys.get_int_max_str_digits() + 1)), name)
    with pytest.raises(ManifestError) as err:
        load_manifest(path)
    assert str(err.value) == (
        f"{path}: a number has more than {sys.get_int_max_str_digits()} digits; a manifest's numbers are dates and "
        "document ids, so check the file is the manifest")


@pytest.mark.parametrize("name,text", [("m.json", "[" * 100_000 + "]" * 100_000),
                                       ("m.toml", "x = " + "[" * 100_000 + "]" * 100_000)])
def test_nesting_too_deep_to_read_is_refused_saying_what_a_manifest_holds(tmp_path, name, text):
    path = write(tmp_path, text, name)
    with pytest.raises(ManifestError) as err:
        load_manifest(path)
    assert str(err.value) == (
        f"{path}: lists or tables are nested too deeply to read; a manifest has a [case] table and [[documents]] "
        "entries, nothing nested inside them but lists of sections")


def test_a_document_error_in_toml_names_the_line_of_its_own_documents_header(tmp_path):
    text = CASE + doc() + "\n  [[documents]]  # the second\n" + doc()[len("\n[[documents]]\n"):] + doc(section="misc")
    path = write(tmp_path, text)
    header = text.splitlines().index("[[documents]]", CASE.count("\n") + 3) + 1
    with pytest.raises(ManifestError) as err:
        load_manifest(path)
    assert str(err.value) == (f"{path}: line {header}: documents[3].section: 'misc' is not a section; use one of "
                              f"{SECTIONS}")
    assert load_manifest(write(tmp_path, text.replace("misc", "core"))).documents[2].section == "core"


def test_errors_outside_a_documents_header_carry_no_line(tmp_path):
    toml = write(tmp_path, CASE.replace('"Sam Smith"', '""') + doc())
    with pytest.raises(ManifestError) as err:
        load_manifest(toml)
    assert str(err.value) == f"{toml}: case.child: give a non-empty text value"
    inline = write(tmp_path, 'documents = [{section = "misc", title = "T", date = 2025-01-01, file = "a"}]\n' + CASE,
                   "inline.toml")
    with pytest.raises(ManifestError) as err:
        load_manifest(inline)
    assert str(err.value) == f"{inline}: documents[1].section: 'misc' is not a section; use one of {SECTIONS}"
    data = {"case": GOOD_CASE, "documents": [GOOD_DOC, {**GOOD_DOC, "section": "misc"}]}
    as_json = write(tmp_path, json.dumps(data, indent=1), "m.json")
    with pytest.raises(ManifestError) as err:
        load_manifest(as_json)
    assert str(err.value) == f"{as_json}: documents[2].section: 'misc' is not a section; use one of {SECTIONS}"


def test_a_manifest_file_is_read_with_the_template_given_and_files_beside_it(tmp_path):
    template = load_template('[appeal_types]\ncontents = "Contents"\n[[sections]]\nkey = "bundle"\nletter = "A"\n'
                             'title = "All"\n')
    m = load_manifest(write(tmp_path, CASE + doc(section="bundle", file="sub/x.pdf")), template=template)
    assert m.documents[0].section == "bundle" and m.documents[0].file == tmp_path / "sub" / "x.pdf"
    path = write(tmp_path, json.dumps([GOOD_DOC]), "list.json")
    with pytest.raises(ManifestError) as err:
        load_manifest(path)
    assert str(err.value) == f"{path}: the manifest must be a table with [case] and [[documents]]"


class Item:
    """A document as the web app's rows are: no order of its own, so ordering must never compare two of them."""

    def __init__(self, name, day, keep=None):
        self.name, self.date, self.keep = name, None if day is None else date(2025, 1, 1 + day), keep

    def __repr__(self):
        return self.name


def ordered_names(items):
    return [i.name for i in date_order(items, lambda i: i.date, lambda i: i.keep)]


@pytest.mark.parametrize("items,expected", [
    ([Item("c", 3), Item("none1", None), Item("a", 1), Item("none2", None), Item("b", 2), Item("a2", 1)],
     ["a", "a2", "b", "c", "none1", "none2"]),
    ([Item("late", 9, keep=0), Item("b", 2), Item("a", 1)], ["late", "a", "b"]),
    ([Item("b", 2), Item("a", 1), Item("cover", 9, keep=1)], ["a", "cover", "b"]),
    ([Item("x", 5, keep=2), Item("y", 6, keep=0), Item("a", 1), Item("b", 2)], ["y", "a", "x", "b"]),
    ([Item("end", 1, keep=7), Item("b", 2), Item("a", 1)], ["a", "b", "end"]),
    ([Item("undated", None, keep=0), Item("b", 2)], ["undated", "b"]),
])
def test_date_order_puts_dated_first_and_kept_documents_at_their_own_place(items, expected):
    assert ordered_names(items) == expected


@pytest.mark.parametrize("items,expected", [
    ([Item("a", 1), Item("x", 5, keep=1), Item("y", 6, keep=1), Item("b", 2)], ["a", "x", "y", "b"]),
    ([Item("y", 6, keep=0), Item("x", 5, keep=0), Item("z", 7, keep=0), Item("a", 1)], ["y", "x", "z", "a"]),
    ([Item("x", 5, keep=9), Item("y", 6, keep=9), Item("a", 1)], ["a", "x", "y"]),
])
def test_documents_kept_at_one_place_are_kept_there_in_the_order_given_without_comparing_them(items, expected):
    assert ordered_names(items) == expected


def kept_out_of_order(spec):
    """`spec`: the bundle order as (day or None, kept) pairs; the kept items a neighbour's date puts out of order."""
    items = [Item(f"d{n}", day, keep=n if kept else None) for n, (day, kept) in enumerate(spec)]
    return [i.name for i in out_of_date_order(items, lambda i: i.date, lambda i: i.keep is not None)]


@pytest.mark.parametrize("spec,flagged", [
    ([(9, True), (1, False), (2, False)], ["d0"]),  # first, later than the next
    ([(1, False), (2, False), (0, True)], ["d2"]),  # last, earlier than the one before
    ([(1, False), (5, True), (3, False), (4, False)], ["d1"]),  # later than the next only
    ([(4, False), (3, True), (5, False)], ["d1"]),  # earlier than the one before only
    ([(1, False), (2, False), (0, True), (3, False)], ["d2"]),
    ([(1, False), (3, False), (9, True), (4, False), (5, False)], ["d2"]),
    ([(1, False), (2, False), (3, True), (4, False), (1, False)], []),  # out of order two away is not a neighbour
    ([(1, True), (2, False), (9, False)], []),  # the first is not compared with the last
    ([(1, False), (2, True), (3, False)], []),
    ([(2, False), (2, True), (2, False)], []),  # the same date is in order
    ([(None, False), (5, True), (None, False)], []),  # an undated neighbour puts nothing out of order
    ([(5, True), (None, False)], []),
    ([(None, True), (1, False)], []),
    ([(9, False), (1, False), (2, True)], []),  # not kept: its being out of order is not the officer's doing
    ([(9, True)], []),
    ([(3, True), (9, True), (1, True)], ["d1", "d2"]),
])
def test_out_of_date_order_names_kept_documents_a_neighbours_date_contradicts(spec, flagged):
    assert kept_out_of_order(spec) == flagged


# The bundle template: an administrator edits it, so each mistake is refused saying where and what to do.

TYPES = '[appeal_types]\ncontents = "Contents"\nrefusal_to_assess = "Refusal to assess"\n'
CORE = '[[sections]]\nkey = "core"\nletter = "A"\ntitle = "Core"\n'
EVIDENCE = '[[sections]]\nkey = "la_evidence"\nletter = "B"\ntitle = "LA evidence"\n'


def template_refusal(text) -> str:
    with pytest.raises(ManifestError) as err:
        load_template(text)
    return str(err.value)


@pytest.mark.parametrize("text,message", [
    (CORE, "bundle template: add an [appeal_types] table naming each appeal type"),
    ('appeal_types = "contents"\n' + CORE, "bundle template: add an [appeal_types] table naming each appeal type"),
    ("[appeal_types]\n" + CORE, "bundle template: add an [appeal_types] table naming each appeal type"),
    ("appeal_types = {}", "bundle template: add an [appeal_types] table naming each appeal type"),
    (TYPES, "bundle template: add at least one [[sections]] entry"),
    (TYPES + "sections = []\n", "bundle template: add at least one [[sections]] entry"),
    (TYPES + CORE + EVIDENCE + 'colour = "red"\npages = 3\n',
     "bundle template: sections[2]: remove the unknown field(s) colour, pages"),
    (TYPES + CORE + '[[sections]]\nkey = "x"\nletter = "B"\n',
     "bundle template: sections[2]: give each section a key, a letter and a title"),
    (TYPES + '[[sections]]\nkey = "x"\nletter = " "\ntitle = "T"\n',
     "bundle template: sections[1]: give each section a key, a letter and a title"),
    (TYPES + '[[sections]]\nkey = 1\nletter = "A"\ntitle = "T"\n',
     "bundle template: sections[1]: give each section a key, a letter and a title"),
    (TYPES + '[[sections]]\nletter = "A"\ntitle = "T"\n',
     "bundle template: sections[1]: give each section a key, a letter and a title"),
    (TYPES + CORE + CORE.replace('"A"', '"B"'),
     "bundle template: each section needs its own key; ['core', 'core'] repeats one"),
    (TYPES + CORE + EVIDENCE.replace('"B"', '"A"'),
     "bundle template: each section needs its own letter; ['A', 'A'] repeats one"),
    (TYPES + CORE + 'budget = "100"\n', "bundle template: sections[1].budget: give a number of pages, or a table of "
                                        "pages by appeal type"),
    (TYPES + CORE + "budget = true\n", "bundle template: sections[1].budget: give a number of pages, or a table of "
                                       "pages by appeal type"),
    (TYPES + CORE + EVIDENCE + "budget = { contnets = 7 }\n",
     "bundle template: sections[2].budget: 'contnets' is not one of the [appeal_types]"),
    *[(TYPES + CORE + f"budget = {{ contents = 7, refusal_to_assess = {pages} }}\n",
       "bundle template: sections[1].budget.refusal_to_assess: give a whole number of pages (1 or more)")
      for pages in ("0", "-3", "1.5", "true", '"75"')],
    (TYPES + CORE + "budget = 0\n", "bundle template: sections[1].budget.contents: give a whole number of pages "
                                    "(1 or more)"),
    ('[appeal_types]\nextended = "Extended"\n' + CORE + "[extended]\n",
     "bundle template: 'extended' is a flag on an appeal, not an appeal type; remove it from [appeal_types] and "
     "describe it under [extended]"),
    (TYPES + CORE + '[extended]\ncombine = "sum"\n',
     "bundle template: [extended].combine: use one of unconfirmed, added, largest"),
    *[(TYPES + CORE + f"[extended]\nevidence_budget = {pages}\n",
       "bundle template: [extended].evidence_budget: give a whole number of pages (1 or more)")
      for pages in ("0", "-1", "7.5", '"75"', "true")],
    (TYPES + CORE + '[extended]\nnot_for = ["refusal_to_assess", "refusal", "appeal"]\n',
     "bundle template: [extended].not_for: appeal, refusal is not one of the [appeal_types]"),
])
def test_each_template_refusal_says_where_and_what_to_do(text, message):
    assert template_refusal(text) == message


def test_a_template_file_refusal_names_the_file(tmp_path):
    path = tmp_path / "bundle_template.toml"
    path.write_text(TYPES)
    for source in (path, str(path)):
        assert template_refusal(source) == f"{path}: add at least one [[sections]] entry"
    path.write_text("[appeal_types\n")
    assert template_refusal(path) == f"{path}: Expected ']' at the end of a table declaration (at line 1, column 14)"
    assert template_refusal("[appeal_types\n") == (
        "bundle template: Expected ']' at the end of a table declaration (at line 1, column 14)")


def test_a_template_file_named_by_text_is_read_like_a_path(tmp_path):
    path = tmp_path / "bundle_template.toml"
    path.write_text(TYPES + CORE)
    assert load_template(str(path)) == load_template(path) == load_template(TYPES + CORE)


@pytest.mark.parametrize("change", ["title", "mtime"])
def test_a_template_file_edited_is_read_again_even_at_the_same_size_or_time(tmp_path, change):
    import os
    path = tmp_path / "bundle_template.toml"
    path.write_text(TYPES + CORE)
    os.utime(path, ns=(1_700_000_000_000_000_000,) * 2)
    assert load_template(path).sections[0].title == "Core"
    if change == "title":  # a longer file, its time put back as it was
        path.write_text(TYPES + CORE.replace("Core", "Core documents"))
        os.utime(path, ns=(1_700_000_000_000_000_000,) * 2)
        assert load_template(path).sections[0].title == "Core documents"
    else:  # the same size, a new time
        path.write_text(TYPES + CORE.replace("Core", "Main"))
        os.utime(path, ns=(1_700_000_001_000_000_000,) * 2)
        assert load_template(path).sections[0].title == "Main"


def test_a_template_reads_sections_in_order_with_their_budgets_by_appeal_type():
    template = load_template(TYPES + CORE + "budget = 40\n" + EVIDENCE + "budget = { contents = 9 }\n"
                             + '[[sections]]\nkey = "ehcp"\nletter = "C"\ntitle = "Plan"\n')
    assert template.sections == [
        SectionTemplate("core", "A", "Core"), SectionTemplate("la_evidence", "B", "LA evidence"),
        SectionTemplate("ehcp", "C", "Plan")]
    assert template.appeal_types == {"contents": "Contents", "refusal_to_assess": "Refusal to assess"}
    assert template.budgets == {"core": {"contents": 40, "refusal_to_assess": 40}, "la_evidence": {"contents": 9},
                                "ehcp": {}}
    assert template.section("la_evidence").heading == "B. LA evidence"
    with pytest.raises(KeyError) as err:
        template.section("misc")
    assert err.value.args == ("misc",)
    assert template.extended == ExtendedRule()
    assert ExtendedRule() == ExtendedRule("Extended appeal (health and social care recommendations)",
                                          ("C", "D", "G", "H1", "H2"), ("refusal_to_assess",), None, (), "unconfirmed")


def test_an_extended_table_reads_every_field_and_defaults_what_it_leaves_out():
    full = load_template(TYPES + CORE + EVIDENCE + '[extended]\nlabel = "Extended (EHC)"\nsections = ["C", "G"]\n'
                         'not_for = ["refusal_to_assess"]\nevidence_budget = 50\nevidence_sections = ["la_evidence"]\n'
                         'combine = "largest"\n')
    assert full.extended == ExtendedRule("Extended (EHC)", ("C", "G"), ("refusal_to_assess",), 50, ("la_evidence",),
                                         "largest")
    empty = load_template(TYPES + CORE + "[extended]\n")
    assert empty.extended == ExtendedRule("Extended appeal (health and social care recommendations)",
                                          ("C", "D", "G", "H1", "H2"), (), None, (), "unconfirmed")


def figures_under(combine, base="budget = { contents = 100 }\n", budget=75):
    return load_template(TYPES + CORE + "budget = 10\n" + EVIDENCE + base + f"[extended]\nevidence_budget = {budget}\n"
                         f'evidence_sections = ["la_evidence"]\ncombine = "{combine}"\n')


def test_an_extended_appeal_added_to_the_limit_gets_both_and_says_so():
    template = figures_under("added")
    assert template.budget_figures("la_evidence", "contents", True) == BudgetFigures(
        175, 75, "100 for the appeal plus 75 for the extended part")
    assert template.budget("la_evidence", "contents", True) == 175
    assert template.budget("la_evidence", "contents") == 100  # not extended unless said
    assert template.budget_figures("la_evidence", "contents") == BudgetFigures(100, None, "")
    assert template.budget_figures("core", "contents", True) == BudgetFigures(10)  # not an evidence section
    assert template.budget_figures("la_evidence", "refusal_to_assess", True) == BudgetFigures(None)  # no limit
    assert template.budget("ehcp", "contents", True) is None


@pytest.mark.parametrize("base,budget,applied", [(100, 75, 100), (50, 75, 75), (75, 75, 75)])
def test_an_extended_appeal_under_the_largest_rule_gets_the_larger_limit(base, budget, applied):
    template = figures_under("largest", f"budget = {{ contents = {base} }}\n", budget)
    assert template.budget_figures("la_evidence", "contents", True) == BudgetFigures(applied, budget, "")


def test_an_extended_appeal_while_unconfirmed_is_checked_against_the_appeals_limit_and_shows_both():
    figures = load_template().budget_figures("la_evidence", "contents", True)
    assert figures == BudgetFigures(100, 75, (
        "Checked against 100 pages, the limit for the appeal itself. Schedule One also gives 75 pages for an "
        "extended appeal; whether that is added to the 100 is unconfirmed (up to 175) until someone reads Schedule "
        "One."))
    assert load_template().budget_figures("appellant_evidence", "refusal_to_assess", True).note == (
        "Checked against 75 pages, the limit for the appeal itself. Schedule One also gives 75 pages for an "
        "extended appeal; whether that is added to the 75 is unconfirmed (up to 150) until someone reads Schedule "
        "One.")
    assert load_template().budget_figures("core", "contents", True) == BudgetFigures(100)
    assert figures_under("unconfirmed").budget("la_evidence", "contents", True) == 100


def test_an_extended_rule_with_no_evidence_budget_leaves_the_limit_alone():
    template = load_template(TYPES + CORE + EVIDENCE + 'budget = 60\n[extended]\nevidence_sections = ["la_evidence"]\n'
                             'combine = "added"\n')
    assert template.budget_figures("la_evidence", "contents", True) == BudgetFigures(60)


def test_one_page_is_the_smallest_limit_a_template_may_give():
    extended = '[extended]\nevidence_budget = 1\nevidence_sections = ["la_evidence"]\ncombine = "added"\n'
    template = load_template(TYPES + CORE + "budget = 1\n" + EVIDENCE + "budget = { contents = 1 }\n" + extended)
    assert template.budget("core", "refusal_to_assess") == 1
    assert template.budget_figures("la_evidence", "contents", True) == BudgetFigures(
        2, 1, "1 for the appeal plus 1 for the extended part")
