"""Working days and tribunal deadlines: plain Python, no Flask (send-tribunal.md §3 and §8)."""
from .deadlines import (Deadline, appeal_deadline, fixed_date, health_notice, mediation_arranged,
                        mediation_certificate, mediation_contact, order_deadlines, working_days)
from .proposal import ProposedEntry, propose_timetable
from .rules import load_rules
from .workdays import WorkingCalendar, sen_break, show

__all__ = ["Deadline", "ProposedEntry", "WorkingCalendar", "appeal_deadline", "fixed_date", "health_notice",
           "load_rules", "mediation_arranged", "mediation_certificate", "mediation_contact", "order_deadlines",
           "propose_timetable", "sen_break", "show", "working_days"]
