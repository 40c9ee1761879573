"""What a new draft is written from: the case's details, its chronology, its documents and the officer."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .issues import HEALTH_AND_CARE_SECTIONS, PLAN_ISSUES, join_and, ordered
from .markup import reference_token


@dataclass(frozen=True)
class CitedDocument:
    key: str
    title: str
    date: date | None
    section: str | None = None

    @property
    def token(self) -> str:
        return reference_token(self.key)

    @property
    def undated_token(self) -> str:
        """Title and pages, for a line that already gives the date (the chronology)."""
        return reference_token(self.key, "short")


@dataclass(frozen=True)
class ChronologyEntry:
    date: date
    text: str


@dataclass(frozen=True)
class StatementFacts:
    reference: str
    child_name: str
    appellant_name: str
    authority: str
    appeal_type: str
    appeal_type_label: str
    officer_name: str
    officer_title: str
    child_dob: date | None = None
    school: str | None = None
    representative: str | None = None
    decision_letter_date: date | None = None
    mediation_certificate_date: date | None = None
    registration_date: date | None = None
    hearing_date: date | None = None
    documents: tuple[CitedDocument, ...] = ()
    as_of: date | None = None  # the day the draft is written: the chronology holds nothing after it
    appellant_kind: str = "parent"  # see issues.APPELLANT_KINDS
    signatory_name: str = ""  # an authorised signatory; empty until one is chosen
    signatory_title: str = ""
    document_address: str = ""  # the team's address for documents, one line each
    paper_decision: bool = False  # content for the Tribunal to decide without a hearing (HESC r.21(3))
    position: str = "opposes"  # see position.POSITIONS
    conceded: tuple[str, ...] = ()  # the issues conceded, when the authority opposes in part
    issues: tuple[str, ...] = ()  # plan sections in dispute: B, F, I
    extended_sections: tuple[str, ...] = ()  # C, D, G, H1, H2 when the appeal is extended

    @property
    def extended(self) -> bool:
        return bool(self.extended_sections)

    @property
    def issue_lines(self) -> list[str]:
        """The issues as the statement lists them: each plan section, then the extended sections."""
        lines = [PLAN_ISSUES[key] for key in ordered(self.issues, PLAN_ISSUES)]
        if self.extended:
            chosen = ordered(self.extended_sections, HEALTH_AND_CARE_SECTIONS)
            lines.append("recommendations (extended appeal) on " + join_and(
                [HEALTH_AND_CARE_SECTIONS[key] for key in chosen]))
        return lines


def chronology(facts: StatementFacts) -> list[ChronologyEntry]:
    """The history of the decision under appeal: past, evidenced events only, oldest first (send-tribunal.md §4.1).

    No directions, due dates, hearing listing or "decision expected": a filed response must not state as fact
    what has not happened. Each document cites itself by title and pages, the line already giving its date.
    """
    events = [
        (facts.decision_letter_date, "The local authority issued the decision under appeal."),
        (facts.mediation_certificate_date, "A mediation certificate was issued."),
        (facts.registration_date, "The Tribunal registered the appeal."),
    ]
    entries = [ChronologyEntry(when, text) for when, text in events if when]
    entries.extend(ChronologyEntry(doc.date, doc.undated_token) for doc in facts.documents if doc.date)
    return sorted((entry for entry in entries if facts.as_of is None or entry.date <= facts.as_of),
                  key=lambda entry: entry.date)
