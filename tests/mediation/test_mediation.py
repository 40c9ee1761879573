"""The mediation record through its pages: the dates it starts (SEND Regs working days, no August or Christmas
exclusion), the certificate's effect on the appeal deadline, the agreement's actions (reg 42) and the brief."""
import io
from datetime import date
from html import unescape

from docx import Document

from bundler.extensions import db
from bundler.models import AuditEvent, Case, ComplianceStep, Mediation

from ..dates_in_forms import dated
from ..helpers import checked, feed_events

BASE = {"choice": "mediate", "outcome": "pending", "attendee_id": "0", "position": "", "room_to_settle": "",
        "options_text": ""}


def save(client, case_id, **fields):
    days = {k: v for k, v in fields.items() if isinstance(v, date) or v is None}
    rest = {k: v for k, v in fields.items() if k not in days}
    names = ("notice_sent_on", "adviser_contacted_on", "declined_on", "told_on", "health_notice_sent_on",
             "cannot_arrange_on", "mediation_on", "certificate_on", "agreement_on")
    data = BASE | dated(**({name: None for name in names} | days)) | rest
    return client.post(f"/cases/{case_id}/mediation", data=data)


def page(client, case_id):
    return unescape(client.get(f"/cases/{case_id}/mediation").get_data(as_text=True))


def test_told_before_christmas_gives_the_30_day_arrangement_and_3_working_day_health_notice(
        app, client, login, seed, on_day):
    """Told Tue 23 Dec 2025: health notice by Tue 30 Dec (Christmas Day and Boxing Day are bank holidays, but the
    SEND Regulations do not skip 27-31 Dec as the Tribunal's rules would); arranged by Thu 22 Jan 2026."""
    on_day(date(2025, 12, 24))
    login(client, "send_officer")
    response = save(client, seed.own_case_id, notice_sent_on=date(2025, 12, 1), told_on=date(2025, 12, 23),
                    health_in_issue="y", notice_checks=["right_to_mediation", "adviser_contact"])
    assert response.status_code == 302
    html = page(client, seed.own_case_id)
    assert "30 December 2025" in html
    assert "22 January 2026" in html
    assert ("SEND Regulations working days: weekends and bank holidays are not counted; August and Christmas are."
            in html)
    assert "Calendar days: every day counts" in html
    with app.app_context():
        mediation = db.session.scalar(db.select(Mediation))
        assert mediation.checked == {"right_to_mediation", "adviser_contact"}
        assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "mediation saved"))


def test_mediation_in_august_counts_august_and_the_certificate_moves_the_appeal_deadline(
        app, client, login, seed, on_day):
    """Held Thu 27 Aug 2026 (Mon 31 Aug is the summer bank holiday): certificate by Wed 2 Sep 2026. Certificate
    issued Tue 1 Sep 2026 -> appeal by Thu 1 Oct 2026, later than 2 months from the 2 Jun 2025 letter."""
    on_day(date(2026, 8, 28))
    login(client, "tribunal_officer")
    save(client, seed.own_case_id, told_on=date(2026, 8, 1), mediation_on=date(2026, 8, 27), outcome="not_agreed")
    html = page(client, seed.own_case_id)
    assert "2 September 2026" in html  # certificate due
    save(client, seed.own_case_id, told_on=date(2026, 8, 1), mediation_on=date(2026, 8, 27), outcome="not_agreed",
         certificate_on=date(2026, 9, 1))
    html = page(client, seed.own_case_id)
    assert "Last day to appeal (after the certificate)" in html and "1 October 2026" in html
    with app.app_context():
        assert db.session.get(Case, seed.own_case_id).mediation_certificate_date == date(2026, 9, 1)


def test_agreement_actions_run_reg_44_as_if_ordered_2_weeks_otherwise_or_a_written_date(
        app, client, login, seed, on_day):
    """Agreement Thu 15 Jan 2026 (R12): Section F as if ordered -> Thu 19 Feb 2026; anything else -> Thu 29 Jan
    2026; another date agreed in writing stands, with its record."""
    on_day(date(2026, 1, 16))
    login(client, "tribunal_officer")
    save(client, seed.own_case_id, told_on=date(2025, 12, 10), mediation_on=date(2026, 1, 15), outcome="agreed",
         agreement_on=date(2026, 1, 15))
    url = f"/cases/{seed.own_case_id}/mediation/actions"
    assert client.post(url, data={"act": "Amend Section F: weekly SALT", "kind": "amend"} | dated(written_due=None)
                       ).status_code == 302
    assert client.post(url, data={"act": "Arrange a meeting with the school", "kind": ""} | dated(written_due=None)
                       ).status_code == 302
    missing = client.post(url, data={"act": "Transport review", "kind": ""} | dated(written_due=date(2026, 3, 2)))
    assert missing.status_code == 400
    assert "Say where the written agreement to the other timescale is kept" in missing.get_data(as_text=True)
    assert client.post(url, data={"act": "Transport review", "kind": "", "written_record": "Agreement page 2, signed"}
                       | dated(written_due=date(2026, 3, 2))).status_code == 302
    with app.app_context():
        steps = {s.act: s for s in db.session.scalars(db.select(ComplianceStep))}
        assert steps["Amend Section F: weekly SALT"].due_date == date(2026, 2, 19)
        assert steps["Amend Section F: weekly SALT"].amends_plan
        assert steps["Arrange a meeting with the school"].due_date == date(2026, 1, 29)
        assert steps["Transport review"].due_date == date(2026, 3, 2)
        assert steps["Transport review"].written_record == "Agreement page 2, signed"
        assert all(s.source == "agreement" for s in steps.values())
    html = page(client, seed.own_case_id)
    assert "Timescale agreed in writing: Agreement page 2, signed" in html
    timetable = unescape(client.get(f"/cases/{seed.own_case_id}/timetable").get_data(as_text=True))
    assert "Amend Section F: weekly SALT" in timetable
    dashboard = unescape(client.get("/deadlines").get_data(as_text=True))
    assert "Arrange a meeting with the school" in dashboard


def test_an_action_needs_the_agreement_date(client, login, seed):
    login(client, "tribunal_officer")
    save(client, seed.own_case_id, told_on=date(2025, 12, 10))
    response = client.post(f"/cases/{seed.own_case_id}/mediation/actions",
                           data={"act": "Something", "kind": ""} | dated(written_due=None))
    assert response.status_code == 400
    assert "Enter the date of the written mediation agreement first" in response.get_data(as_text=True)


def test_the_brief_is_a_docx_with_the_decision_issues_position_and_options(app, client, login, seed):
    login(client, "tribunal_officer")
    save(client, seed.own_case_id, told_on=date(2025, 12, 10), issues=["section_f", "section_i"],
         position="Section F is specific; the placement named meets need.",
         room_to_settle="Can add 6 hours of SALT a term.", options_text="Offer SALT; keep Riverside.")
    response = client.get(f"/cases/{seed.own_case_id}/mediation/brief.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    assert "Mediation brief: EH123/25/00001" in text
    assert "Section F (special educational provision)" in text and "Section I (placement)" in text
    assert "Can add 6 hours of SALT a term." in text and "Offer SALT; keep Riverside." in text
    assert "Child of North" not in text  # reference only
    with app.app_context():
        assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "mediation brief downloaded"))


def test_settling_without_choosing_who_attends_is_refused(client, login, seed):
    login(client, "tribunal_officer")
    response = save(client, seed.own_case_id, attendee_can_settle="y")
    assert response.status_code == 200 and "Select who attends for the authority" in response.get_data(as_text=True)


def _appeal_row(client, case_id) -> str:
    """The 'Last day to appeal' entry of the case's timetable."""
    timetable = checked(client.get(f"/cases/{case_id}/timetable"))
    (row,) = [r for r in timetable.select(".govuk-summary-list__row")
              if r.dt.get_text(strip=True) == "Last day to appeal"]
    return " ".join(row.dd.get_text(" ").split())


def test_the_certificate_moves_the_appeal_deadline_on_the_timetable_and_the_dashboard(
        app, client, login, seed, on_day):
    """Decision letter Wed 1 Oct 2025: 2 months -> Mon 1 Dec 2025. Certificate Sat 29 Nov 2025: 1 month -> Mon 29 Dec
    2025, in 25 Dec-1 Jan, so Fri 2 Jan 2026 (R3). The dashboard shows it until the appeal is registered."""
    with app.app_context():
        case = db.session.get(Case, seed.own_case_id)
        case.decision_letter_date, case.registration_date = date(2025, 10, 1), None
        db.session.commit()
    on_day(date(2025, 12, 22))
    login(client, "tribunal_officer")
    assert "1 December 2025" in _appeal_row(client, seed.own_case_id)
    assert "Last day to appeal" not in checked(client.get("/deadlines")).text
    assert save(client, seed.own_case_id, told_on=date(2025, 10, 6), mediation_on=date(2025, 11, 27),
                outcome="not_agreed", certificate_on=date(2025, 11, 29)).status_code == 302
    assert "2 January 2026" in _appeal_row(client, seed.own_case_id)
    dashboard = checked(client.get("/deadlines"))
    (row,) = [r for r in dashboard.rows() if r[2] == "Last day to appeal (after the mediation certificate)"]
    assert "2 January 2026" in row[1] and row[3] == "EH123/25/00001"
    with app.app_context():
        db.session.get(Case, seed.own_case_id).registration_date = date(2026, 1, 2)
        db.session.commit()
    assert "Last day to appeal" not in checked(client.get("/deadlines")).text


def test_declining_starts_the_certificate_and_overdue_mediation_dates_reach_the_dashboard_and_feed(
        app, client, login, seed, on_day):
    """Declined when the adviser was contacted, Wed 3 Dec 2025: certificate by Mon 8 Dec 2025 (R5). On Tue 9 Dec 2025
    with no certificate it is overdue on the dashboard, and the officer's calendar feed carries it."""
    on_day(date(2025, 12, 9))
    login(client, "tribunal_officer")
    assert save(client, seed.own_case_id, choice="decline", adviser_contacted_on=date(2025, 12, 3)).status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(Mediation.declined_on)) == date(2025, 12, 3)
    assert "8 December 2025" in page(client, seed.own_case_id)
    dashboard = checked(client.get("/deadlines"))
    (row,) = [r for r in dashboard.rows() if r[2] == "The mediation adviser issues the mediation certificate"]
    assert row[0] == "Overdue" and "8 December 2025" in row[1]
    events = feed_events(client)
    assert events["EH123/25/00001: The mediation adviser issues the mediation certificate"] == date(2025, 12, 8)


def test_an_agreement_action_is_ticked_off_with_its_done_date_and_evidence(app, client, login, seed, on_day):
    """Agreement Thu 15 Jan 2026, an item that could not be appealed: due Thu 29 Jan 2026. On Mon 2 Feb 2026 it is
    overdue on the dashboard and in the feed; done that day with evidence, it is 4 days late and off the dashboard."""
    on_day(date(2026, 2, 2))
    login(client, "tribunal_officer")
    save(client, seed.own_case_id, told_on=date(2025, 12, 10), mediation_on=date(2026, 1, 15), outcome="agreed",
         agreement_on=date(2026, 1, 15))
    client.post(f"/cases/{seed.own_case_id}/mediation/actions",
                data={"act": "Arrange a meeting with the school", "kind": ""} | dated(written_due=None))
    dashboard = checked(client.get("/deadlines"))
    (row,) = [r for r in dashboard.rows() if r[2] == "Arrange a meeting with the school"]
    assert row[0] == "Overdue" and "29 January 2026" in row[1]
    assert feed_events(client)["EH123/25/00001: Arrange a meeting with the school"] == date(2026, 1, 29)
    with app.app_context():
        step_id = db.session.scalar(db.select(ComplianceStep.id))
    response = client.post(f"/cases/{seed.own_case_id}/steps/{step_id}",
                           data={"evidence_note": "Meeting held, notes on file", "exception_reason": ""}
                           | dated(done_on=date(2026, 2, 2), provision_in_place_on=None))
    assert response.status_code == 302 and response.location.endswith(f"/cases/{seed.own_case_id}/mediation")
    record = checked(client.get(f"/cases/{seed.own_case_id}/mediation"))
    (action,) = [r for r in record.rows("#steps") if r[0].startswith("Arrange a meeting with the school")]
    assert "2 February 2026" in action[2] and "Meeting held, notes on file" in action[2] and action[3] == "4"
    assert "Arrange a meeting with the school" not in checked(client.get("/deadlines")).text


def test_who_attends_with_authority_to_settle_is_kept_and_in_the_brief(app, client, login, seed):
    login(client, "tribunal_officer")
    attendee = seed.user_ids["send_officer"]
    assert save(client, seed.own_case_id, told_on=date(2025, 12, 10), mediation_on=date(2026, 1, 15),
                attendee_id=str(attendee), attendee_can_settle="y").status_code == 302
    with app.app_context():
        mediation = db.session.scalar(db.select(Mediation))
        assert mediation.attendee_id == attendee and mediation.attendee_can_settle
        name = mediation.attendee.name
    response = client.get(f"/cases/{seed.own_case_id}/mediation/brief.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    assert f"Attending for the authority: {name} (has authority to settle)." in text
    assert "Mediation: Thu 15 Jan 2026." in text
