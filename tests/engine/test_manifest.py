"""Manifest and template parsing: typed values, and errors that name the field or line."""
import json
from datetime import date

import pytest

from bundler.engine.errors import ManifestError
from bundler.engine.manifest import load_manifest, manifest_from_dict, validate_reference
from bundler.engine.template import load_template

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
