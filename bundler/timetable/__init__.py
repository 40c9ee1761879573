"""Working days and tribunal deadlines: plain Python, no Flask (send-tribunal.md §3 and §8)."""
from .deadlines import (Deadline, appeal_deadline, disability_claim_deadline, fixed_date, health_notice,
                        mediation_arranged, mediation_certificate, mediation_contact, order_deadlines,
                        recommendation_response, working_days)
from .proposal import ProposedEntry, propose_timetable
from .rules import load_rules
from .workdays import WorkingCalendar, sen_break, show

__all__ = ["Deadline", "ProposedEntry", "WorkingCalendar", "appeal_deadline", "disability_claim_deadline",
           "fixed_date", "health_notice", "load_rules", "mediation_arranged", "mediation_certificate",
           "mediation_contact", "order_deadlines", "propose_timetable", "recommendation_response", "sen_break", "show",
           "working_days"]
