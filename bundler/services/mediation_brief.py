"""The one-page mediation brief (.docx) for whoever attends for the authority: the decision, the issues, the
authority's position and room to settle, and the options. It names the case by reference only."""
import io

from docx import Document
from docx.shared import Pt

from ..models import Mediation
from ..models.outcomes import ISSUES
from ..timetable import show
from .cases import appeal_types


def _section(doc, heading: str, text: str) -> None:
    doc.add_heading(heading, level=2)
    for line in (text or "Not recorded yet.").splitlines() or [""]:
        doc.add_paragraph(line)


def mediation_brief(mediation: Mediation) -> bytes:
    case = mediation.case
    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(f"Mediation brief: {case.reference}", level=1)
    decision = appeal_types().get(case.appeal_type, case.appeal_type)
    letter = show(case.decision_letter_date) if case.decision_letter_date else "not recorded"
    held = show(mediation.mediation_on) if mediation.mediation_on else "not booked"
    attendee = mediation.attendee.name if mediation.attendee else "not chosen"
    settle = "has authority to settle" if mediation.attendee_can_settle else "authority to settle NOT confirmed"
    _section(doc, "The decision", f"{decision}; decision letter dated {letter}. Mediation: {held}. "
                                  f"Attending for the authority: {attendee} ({settle}).")
    issues = [ISSUES.get(key, key) for key in mediation.issue_keys]
    doc.add_heading("The issues", level=2)
    for issue in issues or ["Not recorded yet."]:
        doc.add_paragraph(issue, style="List Bullet")
    _section(doc, "The authority's position", mediation.position)
    _section(doc, "Room to settle", mediation.room_to_settle)
    _section(doc, "Options", mediation.options)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
