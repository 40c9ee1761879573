from datetime import date

import pytest

from bundler.drafting.facts import CitedDocument, StatementFacts
from bundler.drafting.references import BundleLayout, DocumentPlace

LAYOUT = BundleLayout({"42": DocumentPlace("EP advice", date(2025, 6, 2), 45, 53),
                       "7": DocumentPlace("Annual review report", date(2025, 3, 14), 20, 20)}, version=1)


@pytest.fixture
def facts():
    return StatementFacts(
        reference="EH936/25/00012", child_name="Sam Taylor", appellant_name="Alex Taylor",
        authority="Exampleshire County Council", appeal_type="contents",
        appeal_type_label="Contents of the EHC plan (Sections B and/or F)", officer_name="Jo Smith",
        officer_title="Senior SEND Officer", child_dob=date(2015, 3, 4), school="Oak Primary School",
        decision_letter_date=date(2025, 5, 1), registration_date=date(2025, 7, 1), hearing_date=date(2025, 11, 20),
        documents=(CitedDocument("42", "EP advice", date(2025, 6, 2)),
                   CitedDocument("7", "Annual review report", date(2025, 3, 14))),
        as_of=date(2025, 8, 1),
    )


def docx_text(path) -> str:
    """Every paragraph of a .docx, read back, one a line."""
    import docx

    return "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)


def pdf_text(path) -> str:
    """The text of a PDF, read back with pypdf, whitespace squeezed so line breaks do not split phrases."""
    import re

    from pypdf import PdfReader

    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(str(path)).pages))


@pytest.fixture
def render(tmp_path):
    """render(parts, pdf=False) -> text of the .docx (or of the PDF made from it), with references resolved
    against a small bundle layout."""
    from bundler.drafting.output import write_statement_docx, write_statement_pdf
    from bundler.drafting.references import ReferenceResolver

    counter = iter(range(1000))

    def make(parts, pdf=False):
        path = tmp_path / f"statement-{next(counter)}.{'pdf' if pdf else 'docx'}"
        writer = write_statement_pdf if pdf else write_statement_docx
        writer(parts, ReferenceResolver(LAYOUT), path, title="Statement EH936/25/00012")
        return pdf_text(path) if pdf else docx_text(path)
    return make


@pytest.fixture
def statement(facts, tmp_path):
    """(document read back with python-docx, report) for the template's statement with lists, a sub-heading,
    a quote, an unnumbered note and one reference not in the bundle."""
    import docx

    from bundler.drafting.output import write_statement_docx
    from bundler.drafting.references import ReferenceResolver
    from bundler.drafting.template import draft_parts

    parts = draft_parts(facts)
    parts["grounds"] = "The grounds are:\n1. *Section F* is vague.\n2. Placement.\n\nThey also say:\n- one\n- two"
    parts["response"] = "## Ground 1\nSee [[doc:42]] and **[[doc:99]]**.\n\n> Quoted advice.\n\n~ Unnumbered note."
    path = tmp_path / "statement.docx"
    report = write_statement_docx(parts, ReferenceResolver(LAYOUT), path, title="Statement EH936/25/00012")
    return docx.Document(str(path)), report


@pytest.fixture
def write_document(tmp_path):
    """write_document(texts, **options) -> the .docx written from part texts, read back with python-docx."""
    import docx

    from bundler.drafting.output import write_statement_docx
    from bundler.drafting.references import ReferenceResolver

    counter = iter(range(1000))

    def write(texts, **options):
        path = tmp_path / f"written-{next(counter)}.docx"
        write_statement_docx(texts, ReferenceResolver(LAYOUT), path, title="Statement", **options)
        return docx.Document(str(path))
    return write
