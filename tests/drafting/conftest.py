from datetime import date

import pytest

from bundler.drafting.facts import ChronologyEntry, CitedDocument, StatementFacts


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
        directions=(ChronologyEntry(date(2025, 8, 12), "The local authority's response is due."),),
    )
