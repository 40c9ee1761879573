"""The demo's mediation and decided case: `bundler demo` twice adds them once, and the reports show them."""
import csv
import io

from sqlalchemy import func, select

from bundler.extensions import db
from bundler.models import ComplianceStep, Mediation, Outcome, User


def counts(app):
    with app.app_context():
        return tuple(db.session.scalar(select(func.count(model.id))) for model in (Mediation, Outcome, ComplianceStep))


def test_demo_adds_a_mediation_and_a_decided_case_once_and_the_reports_show_them(app, runner, client):
    assert runner.invoke(args=["demo"]).exit_code == 0
    first = counts(app)
    assert first == (1, 1, 3)  # the agreement's 2 actions and the decided case's one 5-week step
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert counts(app) == first
    with client.session_transaction() as session:
        with app.app_context():
            session["_user_id"] = str(db.session.scalar(select(User.id).where(
                User.email == "send.manager@demo.example")))
    rows = list(csv.reader(io.StringIO(client.get("/reports/outcomes.csv").get_data(as_text=True))))
    assert ["Section I (placement)", "1", "1", "0", "0", "0", "0.0"] in rows
    mediation = list(csv.reader(io.StringIO(client.get("/reports/mediation.csv").get_data(as_text=True))))
    assert ["Mediation held", "1"] in mediation and ["Agreement reached (all or some issues)", "1"] in mediation
    html = client.get("/reports").get_data(as_text=True)
    assert "Jordan Example" not in html and "Riley Example" not in html
