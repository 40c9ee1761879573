"""Every figure of every report, from a known set of cases, read back through the CSV and .xlsx downloads as a
SEND manager; filters by academic year (from 1 September), appeal type, issue, officer, team and setting; the page has
a chart and a table for each, and no names."""
import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from bundler import dates
from bundler.extensions import db
from bundler.models import (
    Case,
    ComplianceStep,
    Direction,
    DirectionStatus,
    IssueOutcome,
    IssueResult,
    Mediation,
    MediationChoice,
    MediationOutcome,
    Outcome,
    Placement,
    Recommendation,
    Spend,
    StepSource,
    Team,
    User,
)
from bundler.models.outcomes import Ending

TODAY = date(2026, 2, 1)


def _case(ref, team, reg, school, appeal_type="contents", letter=date(2025, 9, 1), officer=None):
    case = Case(reference=ref, child_name=f"Secret Child {ref[-1]}", child_dob=date(2014, 1, 1), school=school,
                appellant_name="Secret Parent", appeal_type=appeal_type, decision_letter_date=letter,
                registration_date=reg, team=team, officer=officer)
    db.session.add(case)
    db.session.flush()
    return case


def _step(case, act, due, done=None, exception="", amends=False, provision=None, source=StepSource.order):
    db.session.add(ComplianceStep(case_id=case.id, source=source, act=act, started_on=date(2025, 11, 7), due_date=due,
                                  explanation="x", done_on=done, exception_reason=exception, amends_plan=amends,
                                  provision_in_place_on=provision))


def _outcome(case, ending, ended, issues=()):
    db.session.add(Outcome(case=case, ending=ending, ended_on=ended, sent_on=ended, issues=[
        IssueOutcome(issue=key, result=result, placement_named=named) for key, result, named in issues]))


def seed_reports(app):
    """Cases A-E beside the two the suite seeds (both registered 1 Sep 2025, still open; North's has North's
    tribunal officer, as A has)."""
    with app.app_context():
        north, south = (db.session.scalar(db.select(Team).where(Team.name == n)) for n in ("North", "South"))
        officer = db.session.scalar(db.select(User).where(User.email == "tribunal_officer@north.example"))
        a = _case("EH900/25/0000A", north, date(2025, 10, 1), "Riverside Primary", officer=officer)
        b = _case("EH900/25/0000B", south, date(2025, 11, 3), "Hilltop School", appeal_type="section_i")
        c = _case("EH900/25/0000C", north, None, "Riverside Primary", letter=date(2025, 9, 15))
        d = _case("EH900/25/0000D", north, date(2025, 9, 10), "Riverside Primary")
        e = _case("EH900/24/0000E", south, date(2024, 10, 1), "Hilltop School")
        _outcome(a, Ending.decided_at_hearing, date(2025, 11, 7), [
            ("section_f", IssueResult.allowed_in_part, ""), ("section_i", IssueResult.dismissed, "authority")])
        _outcome(b, Ending.decided_on_papers, date(2025, 12, 1), [("section_i", IssueResult.allowed, "parent")])
        _outcome(c, Ending.settled_at_mediation, date(2025, 10, 30))
        _outcome(d, Ending.withdrawn, date(2025, 10, 15))
        _outcome(e, Ending.decided_at_hearing, date(2025, 3, 1), [("section_f", IssueResult.dismissed, "")])
        db.session.add_all([
            Mediation(case=a, choice=MediationChoice.mediate, told_on=date(2025, 8, 1), mediation_on=date(2025, 8, 20),
                      outcome=MediationOutcome.not_agreed),
            Mediation(case=c, choice=MediationChoice.mediate, told_on=date(2025, 9, 20),
                      mediation_on=date(2025, 10, 30), outcome=MediationOutcome.agreed,
                      agreement_on=date(2025, 10, 30)),
            Mediation(case=d, choice=MediationChoice.decline, declined_on=date(2025, 9, 12))])
        _step(a, "Send the amended EHC plan", date(2025, 12, 12), date(2025, 12, 19), amends=True,
              provision=date(2025, 12, 19))
        _step(a, "Continue to maintain the plan", date(2025, 11, 7), date(2025, 11, 7))
        _step(b, "Send the amended EHC plan", date(2026, 1, 10))
        _step(c, "Arrange the meeting", date(2025, 11, 13), date(2025, 11, 20), exception="Parent asked to wait",
              source=StepSource.agreement)
        _step(e, "Old step", date(2025, 3, 10), date(2025, 4, 10))
        db.session.add(Recommendation(case_id=a.id, body="health", text="OT", sent_on=date(2025, 11, 7),
                                      due_date=date(2025, 12, 12), explanation="x", response_on=date(2025, 12, 10),
                                      followed="yes"))
        db.session.add_all([
            Placement(case_id=a.id, stage="before", kind="mainstream", annual_cost=10000, transport_cost=1000),
            Placement(case_id=a.id, stage="after", kind="independent_special", residential=True, annual_cost=60000,
                      transport_cost=9000),
            Placement(case_id=b.id, stage="before", kind="maintained_special", annual_cost=20000),
            Placement(case_id=b.id, stage="after", kind="maintained_special", annual_cost=22000, transport_cost=500),
            Spend(case_id=a.id, kind="counsel", amount=3000), Spend(case_id=a.id, kind="officer_hours", amount=500,
                                                                    hours=10),
            Spend(case_id=b.id, kind="expert", amount=1200), Spend(case_id=b.id, kind="costs_order", amount=800),
            Spend(case_id=e.id, kind="counsel", amount=9999),
            Direction(case_id=a.id, title="Response", due_date=date(2025, 12, 1), explanation="x",
                      status=DirectionStatus.missed),
            Direction(case_id=a.id, title="Evidence", due_date=date(2025, 12, 5), explanation="x",
                      status=DirectionStatus.done, done_on=date(2025, 12, 4))])
        db.session.commit()
        return {"north": north.id, "south": south.id, "officer": officer.id}


EXPECTED_2025 = {
    "appeals": [["Route", "Appeals"], ["Registered", "5"], ["Withdrawn", "1"],
                ["Conceded before the response (reg 45 notice)", "0"],
                ["Conceded after the response (consent order)", "0"], ["Settled at or after mediation", "1"],
                ["Decided at a hearing", "1"], ["Decided on the papers", "1"], ["Struck out", "0"],
                ["Still open", "2"]],
    "outcomes": [["Issue", "Decided", "Allowed", "Allowed in part", "Dismissed (authority upheld)",
                  "Agreed before the decision", "Authority upheld %"],
                 ["Section F (special educational provision)", "1", "0", "1", "0", "0", "0.0"],
                 ["Section I (placement)", "2", "1", "0", "1", "0", "50.0"]],
    "mediation": [["Stage", "Decisions"], ["Decisions with a mediation record", "3"], ["Mediation wanted", "2"],
                  ["Declined", "1"], ["Mediation held", "2"], ["Agreement reached (all or some issues)", "1"],
                  ["Settled at mediation (no appeal needed)", "1"], ["Went on to appeal", "2"],
                  ["Take-up %", "66.7"], ["Agreement rate % (of those held)", "50.0"]],
    "compliance": [["Measure", "Value"], ["Steps", "4"], ["Steps due so far", "4"], ["Done on time", "2"],
                   ["Late (done late or still overdue)", "2"], ["Still overdue", "1"],
                   ["Reg 44(3) exceptions used", "1"], ["On time %", "50.0"],
                   ["Median days late (late steps)", "14.5"],
                   ["Amended plans with the provision-in-place date", "1"], ["Provision in place on time %", "0.0"]],
    "recommendations": [["Measure", "Recommendations"], ["Recommendations", "1"], ["Answered", "1"],
                        ["Answered within 5 weeks", "1"], ["Followed", "1"], ["Followed in part", "0"],
                        ["Not followed", "0"], ["Followed % (wholly or in part, of those answered)", "100.0"]],
    "placements": [["Type", "Before", "After"], ["Mainstream", "1", "0"], ["Maintained special", "1", "1"],
                   ["Independent special", "0", "1"], ["Moves (type changed)", "", "1"],
                   ["Residential after", "", "1"],
                   ["Change in annual cost, placement and transport (£)", "", "60500"]],
    "spend": [["Kind", "Total (£)"], ["Counsel", "3000"], ["External solicitors", "0"], ["Experts", "1200"],
              ["Officer time", "500"], ["Costs ordered against the authority", "800"], ["Officer hours", "10.0"],
              ["Own spend (£)", "4700"], ["Appeals with spend recorded", "2"],
              ["Own spend per appeal with spend (£)", "2350"]],
    "deadlines": [["Kind", "Due so far", "Missed"], ["Tribunal directions", "2", "1"],
                  ["Order and agreement steps", "4", "2"], ["Recommendation responses", "1", "0"],
                  ["Mediation arranged within 30 days", "2", "1"]],
}


@pytest.fixture
def manager(app, client, login, seed, monkeypatch):
    monkeypatch.setattr(dates, "today", lambda: TODAY)
    teams = seed_reports(app)
    login(client, "send_manager")
    return teams


def rows(client, key, query):
    response = client.get(f"/reports/{key}.csv?{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


@pytest.mark.parametrize("key", EXPECTED_2025)
def test_every_figure_for_the_academic_year(client, manager, key):
    assert rows(client, key, "year=2025") == EXPECTED_2025[key]


def _number(value):
    """A cell as a number when it is one (a spreadsheet keeps 0.0 as 0), else its text."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return "" if value is None else value


@pytest.mark.parametrize("key", EXPECTED_2025)
def test_the_xlsx_holds_the_same_figures(client, manager, key):
    response = client.get(f"/reports/{key}.xlsx?year=2025")
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [[_number(v) for v in row] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert values == [[_number(v) for v in row] for row in EXPECTED_2025[key]]
    assert sheet["B1"].value is None and "Academic year: 2025/26" in sheet["A2"].value


def test_filters_by_team_issue_and_year(client, manager):
    south = rows(client, "appeals", f"year=2025&team={manager['south']}")
    assert south[1] == ["Registered", "2"] and south[-1] == ["Still open", "1"]  # B and the suite's South case
    assert rows(client, "outcomes", "issue=section_f") == [
        EXPECTED_2025["outcomes"][0],
        ["Section F (special educational provision)", "2", "0", "1", "1", "0", "50.0"],  # A (2025) and E (2024)
        ["Section I (placement)", "1", "0", "0", "1", "0", "100.0"]]  # A's other issue: only cases with F appealed
    spend_2024 = rows(client, "spend", "year=2024")
    assert ["Counsel", "9999"] in spend_2024 and ["Own spend per appeal with spend (£)", "9999"] in spend_2024
    setting = rows(client, "placements", "setting=Hilltop School&year=2025")
    assert ["Maintained special", "1", "1"] in setting and [
        "Change in annual cost, placement and transport (£)", "", "2500"] in setting


def test_filters_by_appeal_type_and_officer(client, manager):
    # Only B is a Section I appeal: registered 3 Nov 2025, decided on the papers; Section I allowed, parent's school.
    section_i = rows(client, "appeals", "year=2025&appeal_type=section_i")
    assert section_i[1] == ["Registered", "1"] and ["Decided on the papers", "1"] in section_i
    assert section_i[-1] == ["Still open", "0"]
    assert rows(client, "outcomes", "appeal_type=section_i")[1:] == [
        ["Section I (placement)", "1", "1", "0", "0", "0", "0.0"]]
    # North's tribunal officer has the suite's North case (open) and A (decided at a hearing; £3,500 spent).
    theirs = rows(client, "appeals", f"officer={manager['officer']}")
    assert theirs[1] == ["Registered", "2"] and ["Decided at a hearing", "1"] in theirs
    assert theirs[-1] == ["Still open", "1"]
    assert ["Own spend (£)", "3500"] in rows(client, "spend", f"officer={manager['officer']}")


def test_the_academic_year_runs_from_1_september_as_the_ministry_of_justice_counts(app, client, manager):
    """Registered Mon 31 Aug 2026: 2025/26. Registered Tue 1 Sep 2026: 2026/27. Never registered (settled at
    mediation), C counts in the year of its decision letter (15 Sep 2025)."""
    with app.app_context():
        north = db.session.scalar(db.select(Team).where(Team.name == "North"))
        _case("EH900/26/0000F", north, date(2026, 8, 31), "Riverside Primary", letter=date(2026, 6, 1))
        _case("EH900/26/0000G", north, date(2026, 9, 1), "Riverside Primary", letter=date(2026, 7, 1))
        db.session.commit()
    assert rows(client, "appeals", "year=2025")[1] == ["Registered", "6"]
    assert rows(client, "appeals", "year=2026")[1] == ["Registered", "1"]
    assert ["Settled at or after mediation", "1"] in rows(client, "appeals", "year=2025")
    assert ["Settled at or after mediation", "0"] in rows(client, "appeals", "year=2024")
    html = client.get("/reports").get_data(as_text=True)
    assert all(f'value="{year}">{label}</option>' in html
               for year, label in (("2026", "2026/27"), ("2025", "2025/26"), ("2024", "2024/25")))


def test_the_page_shows_a_chart_and_table_for_each_report_and_no_names(client, manager):
    html = client.get("/reports?year=2025").get_data(as_text=True)
    assert html.count("<svg class=\"app-chart\"") == 8 and html.count('class="govuk-table"') == 8
    assert "Secret Child" not in html and "Secret Parent" not in html and "Child of North" not in html


def test_a_manager_sees_no_case_page_or_document(client, manager, seed):
    for url in (f"/cases/{seed.own_case_id}", f"/cases/{seed.own_case_id}/evidence",
                f"/cases/{seed.own_case_id}/mediation", f"/cases/{seed.own_case_id}/outcome"):
        assert client.get(url).status_code == 403
    assert "Child of North" not in client.get("/cases/").get_data(as_text=True)
    assert "Child of North" not in client.get("/deadlines").get_data(as_text=True)


@pytest.mark.parametrize("role", ["send_officer", "tribunal_officer", "legal_reviewer"])
def test_other_roles_may_not_see_reports(client, login, seed, role):
    login(client, role)
    assert client.get("/reports").status_code == 403
    assert client.get("/reports/appeals.csv").status_code == 403


def test_an_unknown_report_is_not_found(client, manager):
    assert client.get("/reports/nothing.csv").status_code == 404
    assert client.get("/reports/appeals.pdf").status_code == 404
