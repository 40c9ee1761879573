"""`bundler user add`: the first real administrator (or anyone else) from the command line, so a council never
needs the demo to get started. The password is typed twice at a prompt and never shown or logged."""
import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..extensions import db
from ..models import Role, Team, User
from ..models.audit import AuditEvent
from ..models.people import normalise_email, user_by_email
from .accounts import password_problem


@click.group("user")
def user_cli():
    """People who can sign in."""


@user_cli.command("add")
@click.argument("email")
@click.option("--name", required=True, help="The person's full name, as colleagues know them.")
@click.option("--role", type=click.Choice([role.value for role in Role]), default=Role.administrator.value,
              show_default=True, help="What they can do.")
@click.option("--team", "team_names", multiple=True, help="A team they work on (repeat for several); made if new.")
@with_appcontext
def add_user(email, name, role, team_names):
    """Add a person who signs in with EMAIL and a password typed at the prompt."""
    email, name = normalise_email(email), name.strip()
    if "@" not in email or not name:
        raise click.UsageError("Give an e-mail address like name@council.gov.uk and a --name.")
    if user_by_email(email) is not None:
        raise click.UsageError(f"Someone already has the address {email}. Change them in Administration instead.")
    password = click.prompt("Password", hide_input=True, confirmation_prompt=True,
                            value_proc=lambda typed: checked_password(typed, email))
    teams = [team_named(team_name.strip()) for team_name in team_names]
    user = User(email=email, name=name, role=Role(role), teams=teams)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    db.session.add(AuditEvent.of("added user", obj=user, detail=f"from the command line, role {user.role.label}"))
    db.session.commit()
    click.echo(f"Added {user.role.label.lower()} {email}. They can sign in now.")


def checked_password(password: str, email: str) -> str:
    """The password, if it passes the rules every password in bundler passes; else the prompt asks again."""
    problem = password_problem(password, email)
    if problem:
        raise click.BadParameter(problem + ".")
    return password


def team_named(name: str) -> Team:
    team = db.session.scalar(select(Team).where(Team.name == name))
    if team is None:
        team = Team(name=name)
        db.session.add(team)
    return team
