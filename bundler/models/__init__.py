"""All models, imported here so Alembic and the app see every table."""
from .audit import AuditEvent
from .cases import Case, CaseStatus
from .directions import CalendarToken, Direction, DirectionEvent, DirectionStatus, HolidayOverride
from .people import Role, Team, User, team_members
from .accounts import AccountLink, AccountLinkPurpose, RecoveryCode
from .jobs import Job, JobState
from .evidence import Document, EvidenceRequest, SectionNote
from .bundles import BundleVersion, BundleVersionDocument
from .mediation import Mediation, MediationChoice, MediationOutcome
from .outcomes import (Challenge, ComplianceStep, DigestSent, Ending, IssueOutcome, IssueResult, Outcome, Placement,
                       Recommendation, Spend, StepSource)
from .redaction import Redaction
from .search import DocumentPageText
from .statements import ReviewComment, StatementOfCase, StatementTemplateOverride, StatementVersion
from .working_documents import EhcPlan, EhcPlanItem, PlanLink, Proposal, WorkingDocument, WorkingDocumentVersion

__all__ = ["AuditEvent", "Case", "CaseStatus", "Role", "Team", "User", "team_members",
           "StatementOfCase", "StatementVersion", "ReviewComment", "StatementTemplateOverride",
           "CalendarToken", "Direction", "DirectionEvent", "DirectionStatus", "HolidayOverride",
           "Mediation", "MediationChoice", "MediationOutcome", "Challenge", "ComplianceStep", "DigestSent", "Ending",
           "IssueOutcome", "IssueResult", "Outcome", "Placement", "Recommendation", "Spend", "StepSource",
           "EhcPlan", "EhcPlanItem", "PlanLink", "Proposal", "WorkingDocument", "WorkingDocumentVersion"]
