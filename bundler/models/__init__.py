"""All models, imported here so Alembic and the app see every table."""
from .accounts import AccountLink, AccountLinkPurpose, RecoveryCode
from .audit import AuditEvent
from .bundles import BundleVersion, BundleVersionDocument
from .cases import Case, CaseStatus
from .directions import CalendarToken, Direction, DirectionEvent, DirectionStatus, HolidayOverride
from .evidence import Document, EvidenceRequest, SectionNote
from .jobs import Job, JobState
from .mediation import Mediation, MediationChoice, MediationOutcome
from .outcomes import (
                       Challenge,
                       ComplianceStep,
                       DigestSent,
                       Ending,
                       IssueOutcome,
                       IssueResult,
                       Outcome,
                       Placement,
                       Recommendation,
                       Spend,
                       StepSource,
)
from .people import Role, Team, User, team_members
from .redaction import Redaction
from .retention import DocumentDestruction, RetentionPolicy
from .search import DocumentPageText
from .statements import ReviewComment, StatementOfCase, StatementTemplateOverride, StatementVersion
from .working_documents import EhcPlan, EhcPlanItem, PlanLink, Proposal, WorkingDocument, WorkingDocumentVersion

__all__ = ["AccountLink", "AccountLinkPurpose", "AuditEvent", "DocumentDestruction", "RetentionPolicy",
           "BundleVersion", "BundleVersionDocument",
           "CalendarToken", "Case", "CaseStatus", "Challenge", "ComplianceStep", "DigestSent", "Direction",
           "DirectionEvent", "DirectionStatus", "Document", "DocumentPageText", "EhcPlan", "EhcPlanItem", "Ending",
           "EvidenceRequest", "HolidayOverride", "IssueOutcome", "IssueResult", "Job", "JobState", "Mediation",
           "MediationChoice", "MediationOutcome", "Outcome", "Placement", "PlanLink", "Proposal", "Recommendation",
           "RecoveryCode", "Redaction", "ReviewComment", "Role", "SectionNote", "Spend", "StatementOfCase",
           "StatementTemplateOverride", "StatementVersion", "StepSource", "Team", "team_members", "User",
           "WorkingDocument", "WorkingDocumentVersion"]
