from datetime import date

import pytest

from bundler.drafting.facts import CitedDocument, StatementFacts


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
    from bundler.drafting.references import BundleLayout, DocumentPlace, ReferenceResolver

    layout = BundleLayout({"42": DocumentPlace("EP advice", date(2025, 6, 2), 45, 53),
                           "7": DocumentPlace("Annual review report", date(2025, 3, 14), 20, 20)}, version=1)
    counter = iter(range(1000))

    def make(parts, pdf=False):
        path = tmp_path / f"statement-{next(counter)}.{'pdf' if pdf else 'docx'}"
        writer = write_statement_pdf if pdf else write_statement_docx
        writer(parts, ReferenceResolver(layout), path, title="Statement EH936/25/00012")
        return pdf_text(path) if pdf else docx_text(path)
    return make
