"""What needs doing next on a case, for the top of its page: the next deadlines, evidence waiting for review or for a
date, the statement of case's state and the latest bundle version with whether it passes the checks."""
from dataclasses import dataclass

from ..models import BundleVersion, Case, User
from ..models.evidence import Document, Review
from ..models.statements import StatementOfCase
from . import bundles, evidence
from .directions.items import TimetableItem
from .directions.timetable_sources import dashboard_items
from .statements.workflow import current_statement

DEADLINES_SHOWN = 3


@dataclass(frozen=True)
class Overview:
    deadlines: list[TimetableItem]  # the most urgent open items, overdue first
    more_deadlines: int
    awaiting_review: list[Document]
    undated: list[Document]  # on the case, but no date yet: the bundle cannot be built
    statement: StatementOfCase | None
    latest_version: BundleVersion | None


def overview(case: Case, user: User) -> Overview:
    items = dashboard_items(user, None, case.id)
    return Overview(deadlines=items[:DEADLINES_SHOWN], more_deadlines=max(0, len(items) - DEADLINES_SHOWN),
                    awaiting_review=evidence.case_documents(case, Review.pending),
                    undated=[d for d in evidence.case_documents(case) if d.document_date is None],
                    statement=current_statement(case), latest_version=next(iter(bundles.versions(case)), None))
