"""The demo case's timetable: the standard dates confirmed (those already past marked done), and directions
around today so the dashboard shows every state."""
from .. import dates
from ..extensions import db
from ..models import Case, DirectionStatus, Role, User
from ..services.directions import records
from ..timetable import fixed_date

# (title, working days from today); negative is in the past.
DEMO_DIRECTIONS = (
    ("Send the signed case review form (SEND45)", -2),
    ("Reply to the appellant's request to add late evidence (SEND7)", 0),
    ("Send the amended working document to the appellant", 3),
    ("Confirm the authority's witnesses and attendance", 12),
)


def seed_timetable(case: Case, users: dict[Role, User]) -> None:
    if records.case_directions(case):
        return  # seeded already: running the demo again changes nothing
    officer, cal, now = users[Role.tribunal_officer], records.working_calendar(), dates.today()
    for row in records.standard_timetable(case, cal):
        if row.proposal.deadline is None:
            continue
        direction = records.confirm_entry(case, row, officer)
        if direction.due_date < now:
            records.set_status(direction, DirectionStatus.done, officer, direction.due_date,
                               "Sent by email; the receipt is in the case file (demo)")
    for title, offset in DEMO_DIRECTIONS:
        records.add_direction(case, title, fixed_date(cal.add_working_days(now, offset)), "", case.officer_id,
                              officer)
    db.session.commit()
