"""The demo timetable: idempotent, and the dashboard it gives shows every state."""
from datetime import date

from sqlalchemy import func, select

from bundler.demo.directions import seed_timetable
from bundler.extensions import db
from bundler.models import Case, Direction, Role, User

from ..helpers import page


def add_demo_timetable(app, seed):
    with app.app_context():
        users = {role: db.session.get(User, user_id) for role, user_id in seed.user_ids.items()}
        seed_timetable(db.session.get(Case, seed.own_case_id), users)
        return db.session.scalar(select(func.count(Direction.id)))


def test_demo_timetable_is_added_once(app, seed):
    first = add_demo_timetable(app, seed)
    assert first >= 9
    assert add_demo_timetable(app, seed) == first


def test_demo_dashboard_shows_overdue_today_and_soon(app, client, login, seed, on_day):
    on_day(date(2026, 1, 14))
    add_demo_timetable(app, seed)
    login(client, Role.tribunal_officer.value)
    tags = page(client, "/deadlines").tags()
    assert {"Overdue", "Due today", "Due within 5 working days"} <= set(tags)
