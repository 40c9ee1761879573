"""Working days and tribunal deadlines: plain Python, no Flask (send-tribunal.md §3 and §8)."""
from .deadlines import (
                        Deadline,
                        appeal_deadline,
                        disability_claim_deadline,
                        fixed_date,
                        health_notice,
                        mediation_arranged,
                        mediation_certificate,
                        mediation_contact,
                        period_deadline,
                        recommendation_response,
                        working_days,
)
from .mediation import MediationRecord, mediation_deadlines
from .orders import PlanStep, agreement_deadlines, order_deadlines, plan_steps
from .proposal import ProposedEntry, propose_timetable
from .rules import load_rules
from .workdays import WorkingCalendar, sen_break, show

__all__ = ["Deadline", "MediationRecord", "PlanStep", "ProposedEntry", "WorkingCalendar", "agreement_deadlines",
           "appeal_deadline", "disability_claim_deadline", "fixed_date", "health_notice", "load_rules",
           "mediation_arranged", "mediation_certificate", "mediation_contact", "mediation_deadlines",
           "order_deadlines", "period_deadline", "plan_steps", "propose_timetable", "recommendation_response",
           "sen_break", "show", "working_days"]
