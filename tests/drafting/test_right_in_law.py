"""Issue 11: the statement says what the law says. Each test reads back the produced .docx (and, where the words
matter most, the PDF made from it)."""
import shutil
from dataclasses import replace

import pytest

from bundler.drafting.legal import legal_framework
from bundler.drafting.template import draft_parts
from bundler.engine.errors import ManifestError
from bundler.engine.manifest import manifest_from_dict
from bundler.engine.template import load_template

needs_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                       reason="LibreOffice is not installed: apt-get install libreoffice-writer-nogui")


# 1. Extended is a flag on the underlying appeal type.

@pytest.mark.parametrize("section", ["appellant_evidence", "la_evidence"])
def test_extended_flag_never_lowers_the_evidence_budget_and_shows_both_figures(section):
    template = load_template()
    assert "extended" not in template.appeal_types
    assert template.budget(section, "contents", extended=True) == 100  # was 75 as an "extended" type
    figures = template.budget_figures(section, "contents", extended=True)
    assert (figures.applied, figures.extended) == (100, 75)
    assert "unconfirmed" in figures.note and "175" in figures.note
    assert template.budget_figures(section, "contents").note == ""
    assert template.budget(section, "cease_to_maintain", extended=True) == 75


def _manifest(tmp_path, **case):
    values = {"reference": "EH936/25/01234", "child": "a", "appellant": "b", "authority": "c",
              "appeal_type": "contents", "hearing_date": "2026-01-01", **case}
    return manifest_from_dict({"case": values, "documents": [{"section": "core", "title": "t", "date": "2025-01-01",
                                                              "file": "f.pdf"}]}, tmp_path)


def test_a_manifest_says_extended_as_a_flag_on_the_underlying_type(tmp_path):
    assert _manifest(tmp_path, extended=["C", "G"]).case.extended == ("C", "G")
    with pytest.raises(ManifestError, match="not an appeal type but a flag"):
        _manifest(tmp_path, appeal_type="extended")
    with pytest.raises(ManifestError, match="cannot be extended"):
        _manifest(tmp_path, appeal_type="refusal_to_assess", extended=["C"])


def test_legal_framework_is_the_underlying_type_plus_the_flag():
    plain = legal_framework("refusal_to_issue")
    extended = legal_framework("refusal_to_issue", extended=["C", "G"])
    assert extended[:len(plain)] == plain
    added = " ".join(extended[len(plain):])
    assert "Recommendations Power" in added and "Sections C and G" in added
    assert "section 37(1)" in " ".join(extended)  # the underlying type's law is kept
    # Section I in dispute on a refusal-to-amend appeal brings the placement law once.
    amend = legal_framework("refusal_to_amend", issues=["B", "I"])
    assert sum("section 39" in p.lower() for p in amend) >= 1
    assert len(amend) == len(set(amend))


def test_extended_statement_lists_the_issues_and_keeps_the_underlying_type(facts, render):
    facts = replace(facts, issues=("F", "B", "I"), extended_sections=("G", "C"))
    text = render(draft_parts(facts))
    assert "appeal type: Contents of the EHC plan (Sections B and/or F), extended to health and social care" in text
    issues = text.split("The issues in this appeal are:")[1].split("\n")[1:5]
    assert issues == ["Section B (special educational needs)", "Section F (special educational provision)",
                      "Section I (school or other institution)",
                      "recommendations (extended appeal) on Section C (health care needs) and "
                      "Section G (health care provision)"]
    assert "Recommendations Power" in text and "Worcestershire CC v SE" in text


# 2. The chronology: past, evidenced events only, each dated once.

@needs_libreoffice
def test_chronology_holds_past_evidenced_events_only_each_dated_once(facts, render):
    from datetime import date

    from bundler.drafting.facts import CitedDocument

    later = CitedDocument("8", "Tribunal decision expected", date(2025, 12, 4))
    parts = draft_parts(replace(facts, documents=facts.documents + (later,)))
    for text in (render(parts), render(parts, pdf=True)):
        chronology = text.split("The chronology of the case is as follows:")[1].split("The decision under appeal")[0]
        assert "14 March 2025: Annual review report [p. 20]" in chronology
        assert "2 June 2025: EP advice [pp. 45–53]" in chronology
        assert "1 July 2025: The Tribunal registered the appeal." in chronology
        for absent in ("2 June 2025 [pp", "expected", "(due)", "listed for hearing", "20 November 2025"):
            assert absent not in chronology


# 3. The legal framework says what the law says (data in bundler/rules/legal_framework.toml).

@pytest.mark.parametrize("appeal_type, present, absent", [
    ("section_i", ["section 39(5)", "Section 33 of the Act applies where no school or other institution is "
                   "requested, or the request is refused", "mainstream", "wishes of the parent or young person",
                   "section 9 of the Education Act 1996", "unreasonable public expenditure", "ME v LB Southwark"],
     ["governs a parent's request for mainstream"]),
    ("cease_to_maintain", ["until the time for appealing has passed", "aged 19 or over",
                           "may not cease to maintain the plan only because of the young person's age",
                           "regulation 29", "Under regulation 30", "Regulation 31"], []),
    ("refusal_to_issue", ["Nottinghamshire CC v SF & GD [2020] EWCA Civ 226", "nationally, not only locally"], []),
    ("refusal_to_assess", ["Paragraph 9.14 of the Code", "expected progress"], []),
    ("refusal_to_reassess", ["Paragraph 9.14 of the Code"], []),
    ("contents", ["section 21(5)", "paragraph 9.74", "Speech and language therapy is normally special educational",
                  "R v Secretary of State for Education and Science, ex parte E"], []),
    ("refusal_to_amend", ["regulation 22", "regulation 27", "section 21(5)"], []),
])
def test_legal_framework_in_the_docx(facts, render, appeal_type, present, absent):
    text = render(draft_parts(replace(facts, appeal_type=appeal_type)))
    framework = text.split("Legal framework")[1].split("The appellant's grounds of appeal")[0]
    for words in present:
        assert words in framework, words
    for words in absent:
        assert words not in framework


@needs_libreoffice
def test_section_i_law_in_the_pdf(facts, render):
    text = render(draft_parts(replace(facts, appeal_type="section_i")), pdf=True)
    assert "section 39(5)" in text and "section 9 of the Education Act 1996" in text
    assert "Section 33 of the Act applies where no school or other institution is requested" in text


# 4. The order sought follows the appeal type, the issues and the flag (data in bundler/rules/order_sought.toml).

def _order(text):
    return text.split("the local authority asks the Tribunal to:")[1].split("Signed:")[0]


@pytest.mark.parametrize("appeal_type, issues, extended, lines", [
    ("refusal_to_assess", (), (), ["dismiss the appeal."]),
    ("refusal_to_amend", ("B", "F"), (),
     ["dismiss the appeal, so that the plan is maintained without the amendments sought."]),
    ("cease_to_maintain", (), ("C",), [
        "dismiss the appeal; the local authority will then cease to maintain the plan (regulation 44(2)(a) of the "
        "Regulations);", "make no recommendation on Section C, or only one in the terms agreed by the"]),
    ("section_i", ("I",), (), ["dismiss the appeal, so that Section I continues to name [the school or type"]),
    ("contents", ("B", "F", "I"), (), [
        "dismiss the appeal, save for the amendments agreed in the working document dated",
        "decide Section I so that it continues to name"]),
])
def test_order_sought_in_the_docx(facts, render, appeal_type, issues, extended, lines):
    text = _order(render(draft_parts(replace(facts, appeal_type=appeal_type, issues=issues,
                                             extended_sections=extended))))
    paragraphs = [line for line in text.split("\n") if line.strip()]
    assert len(paragraphs) == len(lines)  # one line per issue
    for paragraph, expected in zip(paragraphs, lines, strict=True):
        assert paragraph.startswith(expected)
    assert "maintained in the form set out in the working document" not in text


@needs_libreoffice
def test_order_sought_in_the_pdf(facts, render):
    text = render(draft_parts(replace(facts, appeal_type="refusal_to_amend")), pdf=True)
    assert "(a) dismiss the appeal, so that the plan is maintained without the amendments sought." in text


# 12. Page numbers, one font, and the authority as author, in the .docx and the PDF.

@needs_libreoffice
def test_docx_and_pdf_have_page_x_of_y_one_font_and_the_authority_as_author(facts, tmp_path):
    import docx
    from docx.oxml.ns import qn
    from pypdf import PdfReader

    from bundler.drafting.output import write_statement_docx, write_statement_pdf
    from bundler.drafting.references import ReferenceResolver

    parts = draft_parts(facts)
    write_statement_docx(parts, ReferenceResolver(None), tmp_path / "s.docx", title="t",
                         author="Exampleshire County Council")
    write_statement_pdf(parts, ReferenceResolver(None), tmp_path / "s.pdf", title="t",
                        author="Exampleshire County Council")
    document = docx.Document(str(tmp_path / "s.docx"))
    assert document.core_properties.author == "Exampleshire County Council"
    footer = document.sections[0].footer.paragraphs[0]
    codes = [node.text.strip() for node in footer._p.iter(qn("w:instrText"))]
    assert footer.text.startswith("Page ") and " of " in footer.text and codes == ["PAGE", "NUMPAGES"]
    styles = document.styles.element
    assert not [f for f in styles.iter(qn("w:rFonts")) if f.get(qn("w:asciiTheme")) or f.get(qn("w:hAnsiTheme"))]
    for name in ("Heading 1", "Heading 2", "Normal"):
        assert document.styles[name].font.name == "Arial"
    reader = PdfReader(str(tmp_path / "s.pdf"))
    assert reader.metadata.author == "Exampleshire County Council"
    pages = len(reader.pages)
    assert pages > 1
    for number, page in enumerate(reader.pages, 1):
        assert f"Page {number} of {pages}" in page.extract_text()
    fonts = {str(font["/BaseFont"]).split("+")[-1].split(",")[0].split("-")[0]
             for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert len(fonts) == 1, fonts  # body and headings in one family


# 11. Citations do not repeat themselves.

@needs_libreoffice
def test_a_reference_gives_only_pages_where_the_sentence_already_names_the_document(facts, render):
    parts = draft_parts(facts)
    parts["response"] = ("The EP advice [[doc:42]] is clear. Her view is in [[doc:42]].\n\n"
                         "See the annual review report [[doc:7|long]] and [[doc:7|short]].")
    for text in (render(parts), render(parts, pdf=True)):
        assert "The EP advice [pp. 45–53] is clear." in text
        assert "Her view is in EP advice, 2 June 2025 [pp. 45–53]." in text  # a new sentence names it afresh
        assert ("See the annual review report Annual review report, 14 March 2025 [p. 20] and Annual review "
                "report [p. 20].") in text  # the writer's own choice of form wins
