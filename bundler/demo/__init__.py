"""`bundler demo`: a demo team, one user for each role and a demo case, so `make run` has something to show.

Running it again changes nothing. The demo password is made at random the first time, kept in the instance
folder (never in the repository) and printed every time.
"""
from datetime import date, timedelta
from importlib import import_module

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from .. import dates
from ..extensions import db
from ..instance import instance_secret
from ..models import Case, CaseStatus, Role, Team, User

TEAM_NAME = "SEND casework"
DEMO_REFERENCE = "EH999/25/00001"
# Each demo user: e-mail, name, and job title as a response states it; the tribunal officer is on the list of
# authorised signatories.
DEMO_USERS = {
    Role.send_officer: ("send.officer@demo.example", "Sam SEND Officer", "SEND Officer"),
    Role.tribunal_officer: ("tribunal.officer@demo.example", "Taylor Tribunal Officer", "SEND Tribunal Officer"),
    Role.legal_reviewer: ("legal.reviewer@demo.example", "Lee Legal Reviewer", "Solicitor (Education)"),
    Role.administrator: ("admin@demo.example", "Alex Administrator", "Systems Administrator"),
    Role.send_manager: ("send.manager@demo.example", "Jo SEND Manager", "Head of SEND"),
}
DEMO_ADDRESS = ("SEND Tribunal Team, Demo Borough Council, Civic Centre, Demotown DM1 1AA\n"
                "send.tribunal@demo.example, 01234 567890")

# Each area adds its demo data (evidence and a built bundle, the timetable, a drafted statement) through one
# function, "module:function", called with (case, users) after the case exists. Each must be idempotent.
AREA_SEEDS = (
    "bundler.demo.directions:seed_timetable",
    "bundler.demo.evidence:seed_evidence",
    "bundler.demo.statements:seed_statement",  # keep after the evidence seed: it cites that evidence
    "bundler.demo.outcomes:seed_outcomes",
    "bundler.demo.working_document:seed_working_document",
)


# The demo case's dates, in days from the day the demo is seeded, so its first screen makes sense on any day: the
# hearing about 10 weeks away, the response and evidence directions around now.
CASE_DAYS = {"decision_letter_date": -119, "mediation_certificate_date": -77, "registration_date": -42,
             "hearing_date": 70}


def days_from_today(days: int) -> date:
    return dates.today() + timedelta(days=days)


def demo_password(instance_path: str) -> str:
    return instance_secret(instance_path, "demo-password.txt", 12)


def get_or_add(model, defaults: dict, **key):
    """The row matching `key`, or a new one with `defaults` as well; returns (row, created)."""
    row = db.session.scalar(select(model).filter_by(**key))
    if row is not None:
        return row, False
    row = model(**key, **defaults)
    db.session.add(row)
    return row, True


def seed_demo(password: str) -> tuple[Case, dict[Role, User], bool]:
    team, _ = get_or_add(Team, {"document_address": DEMO_ADDRESS}, name=TEAM_NAME)
    users, created_any = {}, False
    for role, (email, name, job_title) in DEMO_USERS.items():
        user, created = get_or_add(User, {"name": name, "role": role, "password_hash": "",
                                          "job_title": job_title,
                                          "authorised_signatory": role == Role.tribunal_officer}, email=email)
        if created:
            user.set_password(password)
            if role != Role.administrator:
                user.teams.append(team)
        users[role], created_any = user, created_any or created
    case, created = get_or_add(Case, {
        "child_name": "Jordan Example", "child_dob": date(2015, 5, 14), "school": "Millbrook Primary School",
        "appellant_name": "Morgan Example", "representative": "", "appeal_type": "contents", "issues": ["B", "F"],
        **{field: days_from_today(days) for field, days in CASE_DAYS.items()},
        "status": CaseStatus.preparing, "team": team, "officer": users[Role.tribunal_officer],
    }, reference=DEMO_REFERENCE)
    db.session.commit()
    return case, users, created_any or created


@click.command("demo")
@with_appcontext
def demo_command():
    """Add the demo team, users and case (safe to run again)."""
    password = demo_password(current_app.instance_path)
    case, users, created = seed_demo(password)
    for path in AREA_SEEDS:
        module, function = path.split(":")
        try:
            getattr(import_module(module), function)(case, users)
        except TimeoutError as exc:  # no worker took the demo's conversions or build: what is saved so far stays
            raise click.ClickException(str(exc)) from None
    click.echo(("Added" if created else "Already present:") + f" the demo for {current_app.config['AUTHORITY_NAME']}, "
               f"team {TEAM_NAME}, case {case.reference}.")
    click.echo(f"Sign in at {current_app.config['PUBLIC_URL'].rstrip('/')}/login with password {password} "
               "and one of:")
    for role, user in users.items():
        click.echo(f"  {role.label:<17} {user.email}")
