"""Finding and saving cases, apart from the request so the rules can be read and tested on their own."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import false, or_, select

from ..drafting import issues
from ..drafting.issues import HEALTH_AND_CARE_SECTIONS as HEALTH_AND_CARE
from ..engine.template import BudgetFigures, load_template
from ..extensions import db
from ..models import AuditEvent, Case, CaseStatus, Role, Team, User

CASE_EDITORS = (Role.tribunal_officer, Role.administrator)
AUDIT_READERS = (Role.tribunal_officer, Role.administrator)
OFFICER_ROLES = (Role.tribunal_officer, Role.send_officer)
CASE_FIELDS = ("reference", "appeal_type", "status", "team_id", "officer_id", "child_name", "child_dob", "school",
               "appellant_name", "representative", "decision_letter_date", "mediation_certificate_date",
               "registration_date", "hearing_date", "closed_on", "issues", "extended_sections",
               "appellant_kind")


@dataclass(frozen=True)
class CaseFilters:
    text: str = ""
    status: CaseStatus | None = None
    officer_id: int | None = None
    hearing_from: date | None = None
    hearing_to: date | None = None
    case_ids: frozenset[int] | None = None  # only these cases (a legal reviewer's queue), when given


def appeal_types() -> dict[str, str]:
    """The engine's appeal types (key -> label), read from the editable bundle template."""
    return load_template().appeal_types


def check_extended(appeal_type: str, sections) -> None:
    """Raise IssuesError when the extended flag is set where it cannot be (refusal to assess)."""
    template = load_template()
    issues.check_extended(appeal_type, sections, template.extended.not_for,
                          template.appeal_types.get(appeal_type, appeal_type))


def appeal_description(case: Case) -> str:
    """'Contents of the EHC plan (Sections B and/or F), extended to Sections C and G'."""
    label = appeal_types().get(case.appeal_type, case.appeal_type)
    if case.extended:
        label += f", extended to {issues.section_list(issues.ordered(case.extended_sections, HEALTH_AND_CARE))}"
    return label


def evidence_budget(case: Case) -> BudgetFigures:
    """The evidence page limit for each party, with both figures for an extended appeal (Schedule One unread)."""
    return load_template().budget_figures("la_evidence", case.appeal_type, case.extended)


def visible_cases(user: User):
    query = select(Case)
    if user.role == Role.send_manager:
        return query.where(false())  # managers see reports only: counts and references, no child's case
    if not user.is_administrator:
        query = query.where(Case.team_id.in_(user.team_ids))
    return query


def find_cases(user: User, filters: CaseFilters) -> list[Case]:
    query = visible_cases(user)
    if filters.text:
        pattern = f"%{filters.text.strip()}%"
        query = query.where(or_(Case.reference.ilike(pattern), Case.child_name.ilike(pattern),
                                Case.appellant_name.ilike(pattern)))
    if filters.status is not None:
        query = query.where(Case.status == filters.status)
    if filters.officer_id is not None:
        query = query.where(Case.officer_id == filters.officer_id)
    if filters.hearing_from is not None:
        query = query.where(Case.hearing_date >= filters.hearing_from)
    if filters.hearing_to is not None:
        query = query.where(Case.hearing_date <= filters.hearing_to)
    if filters.case_ids is not None:
        query = query.where(Case.id.in_(filters.case_ids))
    order = (Case.hearing_date.is_(None), Case.hearing_date, Case.reference)
    return list(db.session.scalars(query.order_by(*order)))


def officers_of_visible_cases(user: User) -> list[User]:
    officer_ids = visible_cases(user).where(Case.officer_id.is_not(None)).with_only_columns(Case.officer_id)
    return list(db.session.scalars(select(User).where(User.id.in_(officer_ids)).order_by(User.name)))


def teams_for(user: User) -> list[Team]:
    """The teams a user may put a case on: their own, or every team for an administrator."""
    if user.is_administrator:
        return list(db.session.scalars(select(Team).order_by(Team.name)))
    return list(user.teams)


def possible_officers(teams: list[Team]) -> list[User]:
    people = {member for team in teams for member in team.members if member.active and member.role in OFFICER_ROLES}
    return sorted(people, key=lambda person: person.name)


def reference_taken(reference: str, case_id: int | None) -> bool:
    query = select(Case.id).where(Case.reference == reference)
    if case_id is not None:
        query = query.where(Case.id != case_id)
    return db.session.scalar(query) is not None


def apply_changes(case: Case, values: dict) -> list[str]:
    """Copy `values` onto the case; return the names of the fields that changed."""
    changed = []
    for name in CASE_FIELDS:
        if getattr(case, name) != values[name]:
            setattr(case, name, values[name])
            changed.append(name)
    return changed


def audit_trail(case: Case) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    return list(db.session.scalars(query))
