"""Recording the decision per issue, the order steps (one 5-week step when B/F and Section I are ordered together),
ticking them off with days late, reg 44(3) exceptions and provision in place; recommendations, challenges, spend
and placements; overdue steps on the dashboard and in the calendar feed."""
from datetime import date
from html import unescape

from bundler.extensions import db
from bundler.models import Challenge, ComplianceStep, Outcome, Placement, Recommendation, Spend

from ..dates_in_forms import dated
from ..helpers import checked, feed_events

DECIDED = {"ending": "decided_at_hearing", "issue_section_f": "allowed_in_part", "issue_section_i": "allowed",
           "placement_named": "parent", "remarks": "Evidence was out of date."}


def decide(client, case_id, **extra):
    data = DECIDED | dated(ended_on=date(2025, 11, 5), hearing_on=date(2025, 10, 28), decision_on=date(2025, 11, 5),
                           sent_on=date(2025, 11, 7)) | extra
    return client.post(f"/cases/{case_id}/outcome", data=data)


def add_steps(client, case_id, kinds, start, source="order"):
    """`kinds` as the CLI takes them ("amend,section_i"): each one a ticked box."""
    return client.post(f"/cases/{case_id}/outcome/steps",
                       data={"source": source, "kinds": kinds.split(",")} | dated(start=start))


def test_a_decision_with_two_issues_is_recorded(app, client, login, seed):
    login(client, "tribunal_officer")
    assert decide(client, seed.own_case_id).status_code == 302
    html = unescape(client.get(f"/cases/{seed.own_case_id}/outcome").get_data(as_text=True))
    assert "Decided at a hearing" in html and "Allowed in part" in html
    assert "named the parent's or young person's preference" in html
    with app.app_context():
        outcome = db.session.scalar(db.select(Outcome))
        assert {(i.issue, i.result.value, i.placement_named) for i in outcome.issues} == {
            ("section_f", "allowed_in_part", ""), ("section_i", "allowed", "parent")}
        assert (outcome.hearing_on, outcome.decision_on, outcome.sent_on) == (
            date(2025, 10, 28), date(2025, 11, 5), date(2025, 11, 7))
        assert outcome.remarks == "Evidence was out of date."


def test_section_i_needs_the_placement_named_and_a_decided_appeal_needs_an_issue(client, login, seed):
    login(client, "tribunal_officer")
    response = decide(client, seed.own_case_id, placement_named="")
    assert response.status_code == 400
    assert "Select which placement the decision named in Section I" in response.get_data(as_text=True)
    response = decide(client, seed.own_case_id, issue_section_f="", issue_section_i="")
    assert "Give the outcome of at least one issue appealed" in response.get_data(as_text=True)


def test_bf_and_section_i_ordered_together_give_one_5_week_step(app, client, login, seed):
    """Order sent Fri 7 Nov 2025: amended plan by Fri 12 Dec 2025, not a separate 2-week step (R7)."""
    login(client, "tribunal_officer")
    assert add_steps(client, seed.own_case_id, "amend,section_i", date(2025, 11, 7)).status_code == 302
    with app.app_context():
        steps = db.session.scalars(db.select(ComplianceStep)).all()
        assert [(s.act, s.due_date, s.amends_plan) for s in steps] == [
            ("Send the amended EHC plan", date(2025, 12, 12), True)]
        assert "Calendar weeks (SEND Regs 2014 reg 44)" in steps[0].explanation


def test_unopposed_and_bad_kinds(app, client, login, seed):
    """reg 45 from the authority's notice Fri 7 Nov 2025: 2, 10 and 14 weeks; a kind nobody knows is refused."""
    login(client, "tribunal_officer")
    add_steps(client, seed.own_case_id, "assess", date(2025, 11, 7), source="unopposed")
    response = add_steps(client, seed.own_case_id, "sideways", date(2025, 11, 7))
    assert response.status_code == 400 and "unknown order 'sideways'" in unescape(response.get_data(as_text=True))
    nothing = client.post(f"/cases/{seed.own_case_id}/outcome/steps", data={"source": "order"}
                          | dated(start=date(2025, 11, 7)))
    assert nothing.status_code == 400 and "Select what the Tribunal ordered" in checked(nothing).errors()
    with app.app_context():
        assert [s.due_date for s in db.session.scalars(db.select(ComplianceStep).order_by(ComplianceStep.due_date))
                ] == [date(2025, 11, 21), date(2026, 1, 16), date(2026, 2, 13)]


def test_ticking_off_a_step_records_days_late_the_exception_and_provision_in_place(app, client, login, seed):
    login(client, "tribunal_officer")
    add_steps(client, seed.own_case_id, "amend", date(2025, 11, 7))
    with app.app_context():
        step_id = db.session.scalar(db.select(ComplianceStep.id))
    url = f"/cases/{seed.own_case_id}/steps/{step_id}"
    before = client.post(url, data={"evidence_note": "", "exception_reason": ""}
                         | dated(done_on=date(2025, 11, 1), provision_in_place_on=None))
    assert before.status_code == 400 and "before the step started" in before.get_data(as_text=True)
    response = client.post(url, data={"evidence_note": "Amended plan issued", "exception_reason": "Parent asked to "
                                      "make representations"} | dated(done_on=date(2025, 12, 19),
                                                                       provision_in_place_on=date(2026, 1, 5)))
    assert response.status_code == 302
    with app.app_context():
        step = db.session.get(ComplianceStep, step_id)
        assert step.days_late(date(2030, 1, 1)) == 7
        assert step.provision_in_place_on == date(2026, 1, 5)
        assert step.exception_reason == "Parent asked to make representations"


def test_overdue_steps_are_on_the_dashboard_and_in_the_feed(app, client, login, seed, on_day):
    on_day(date(2025, 12, 15))
    login(client, "tribunal_officer")
    add_steps(client, seed.own_case_id, "section_i", date(2025, 11, 7))
    (row,) = [r for r in checked(client.get("/deadlines")).rows() if r[2] == "Send the amended EHC plan"]
    assert row[0] == "Overdue" and "21 November 2025" in row[1] and row[3] == "EH123/25/00001"
    assert feed_events(client)["EH123/25/00001: Send the amended EHC plan"] == date(2025, 11, 21)


def test_recommendation_challenge_spend_and_placement(app, client, login, seed):
    login(client, "tribunal_officer")
    case = f"/cases/{seed.own_case_id}/outcome"
    decide(client, seed.own_case_id)
    assert client.post(f"{case}/recommendations", data={"body": "health", "text": "Provide OT sessions"}
                       | dated(sent_on=date(2025, 11, 7))).status_code == 302
    assert client.post(f"{case}/challenges", data={"kind": "permission_ut", "applicant": "authority"}
                       | dated(applied_on=date(2026, 3, 20), refusal_sent_on=date(2026, 3, 2))).status_code == 302
    assert client.post(f"{case}/challenges", data={"kind": "review", "applicant": "appellant"}
                       | dated(applied_on=date(2025, 11, 20), refusal_sent_on=None)).status_code == 302
    no_refusal = client.post(f"{case}/challenges", data={"kind": "permission_ut", "applicant": "authority"}
                             | dated(applied_on=date(2026, 3, 20), refusal_sent_on=None))
    assert no_refusal.status_code == 400
    assert client.post(f"{case}/spend", data={"kind": "counsel", "amount": "2500", "hours": "", "note": "Hearing"}
                       ).status_code == 302
    assert client.post(f"{case}/spend", data={"kind": "costs_order", "amount": "800", "hours": "", "note": "r.10"}
                       ).status_code == 302
    assert client.post(f"{case}/spend", data={"kind": "officer_hours", "amount": "450", "hours": "12.5", "note": ""}
                       ).status_code == 302
    assert client.post(f"{case}/placements", data={"stage": "before", "kind": "mainstream", "annual_cost": "8000",
                                                   "transport_cost": ""}).status_code == 302
    assert client.post(f"{case}/placements", data={"stage": "after", "kind": "independent_special",
                                                   "residential": "y", "annual_cost": "65000",
                                                   "transport_cost": "9000"}).status_code == 302
    with app.app_context():
        recommendation = db.session.scalar(db.select(Recommendation))
        assert recommendation.due_date == date(2025, 12, 12)  # R9: 5 weeks
        dues = {c.kind: c.due_date for c in db.session.scalars(db.select(Challenge))}
        assert dues == {"permission_ut": date(2026, 4, 2), "review": date(2025, 12, 5)}  # R13; 28 days from sent
        assert [(s.kind, s.amount, s.hours) for s in db.session.scalars(db.select(Spend).order_by(Spend.id))] == [
            ("counsel", 2500, 0), ("costs_order", 800, 0), ("officer_hours", 450, 12.5)]
        placements = {p.stage: p for p in db.session.scalars(db.select(Placement))}
        assert (placements["before"].kind, placements["before"].residential, placements["before"].annual_cost,
                placements["before"].transport_cost) == ("mainstream", False, 8000, 0)
        assert (placements["after"].kind, placements["after"].residential, placements["after"].annual_cost,
                placements["after"].transport_cost) == ("independent_special", True, 65000, 9000)
        item_id = recommendation.id
    assert client.post(f"{case}/recommendations/{item_id}", data={"response": "Agreed", "followed": "partly"}
                       | dated(response_on=date(2025, 12, 10))).status_code == 302
    with app.app_context():
        assert db.session.get(Recommendation, item_id).followed == "partly"


def test_a_challenge_result_is_recorded_from_the_page(app, client, login, seed):
    login(client, "tribunal_officer")
    case = f"/cases/{seed.own_case_id}/outcome"
    client.post(f"{case}/challenges", data={"kind": "permission_ut", "applicant": "authority"}
                | dated(applied_on=date(2026, 3, 20), refusal_sent_on=date(2026, 3, 2)))
    with app.app_context():
        item_id = db.session.scalar(db.select(Challenge.id))
    assert f'action="{case}/challenges/{item_id}"' in client.get(case).get_data(as_text=True)
    assert client.post(f"{case}/challenges/{item_id}", data={"result": "refused"} | dated(result_on=None)
                       ).status_code == 302
    with app.app_context():
        assert db.session.get(Challenge, item_id).result == "refused"


def test_a_consent_order_runs_the_reg_44_periods_from_its_date(app, client, login, seed):
    """Consent order Mon 1 Dec 2025 to amend B/F: the amended plan within 5 weeks, Mon 5 Jan 2026."""
    login(client, "tribunal_officer")
    assert add_steps(client, seed.own_case_id, "amend", date(2025, 12, 1), source="consent").status_code == 302
    with app.app_context():
        (step,) = db.session.scalars(db.select(ComplianceStep)).all()
        assert (step.source, step.due_date, step.started_on) == ("consent", date(2026, 1, 5), date(2025, 12, 1))
    html = unescape(client.get(f"/cases/{seed.own_case_id}/steps/{step.id}").get_data(as_text=True))
    assert "Consent order, 1 December 2025" in html


def test_an_unopposed_appeal_cannot_end_in_ceasing_the_plan(app, client, login, seed):
    # reg 45: an unopposed appeal is decided for the appellant; the plan is continued, never ceased.
    login(client, "tribunal_officer")
    response = add_steps(client, seed.own_case_id, "cease", date(2025, 11, 7), source="unopposed")
    assert response.status_code == 400
    assert "is not the outcome of an unopposed appeal" in checked(response).text
    with app.app_context():
        assert db.session.scalars(db.select(ComplianceStep)).all() == []


def test_the_outcome_page_shows_each_steps_days_late_exception_and_provision(app, client, login, seed, on_day):
    """Amended plan due Fri 12 Dec 2025, done Fri 19 Dec 2025: 7 days late; an open step due Fri 21 Nov 2025 is
    24 days late on Mon 15 Dec 2025 and shows as overdue."""
    on_day(date(2025, 12, 15))
    login(client, "tribunal_officer")
    add_steps(client, seed.own_case_id, "amend", date(2025, 11, 7))
    add_steps(client, seed.own_case_id, "section_i", date(2025, 11, 7))
    with app.app_context():
        step_id = db.session.scalar(db.select(ComplianceStep.id).where(ComplianceStep.kinds == "amend"))
    client.post(f"/cases/{seed.own_case_id}/steps/{step_id}",
                data={"evidence_note": "Amended plan issued", "exception_reason": "Parent asked to make "
                      "representations"} | dated(done_on=date(2025, 12, 19), provision_in_place_on=date(2026, 1, 5)))
    open_step, done = checked(client.get(f"/cases/{seed.own_case_id}/outcome")).rows("#steps")  # by due date
    assert "12 December 2025" in done[1] and "19 December 2025" in done[2]
    assert "Reg 44(3) exception: Parent asked to make representations" in done[2]
    assert "Provision in place 5 January 2026" in done[2] and done[3] == "7"
    assert "21 November 2025" in open_step[1] and "Overdue" in open_step[2] and open_step[3] == "24"
