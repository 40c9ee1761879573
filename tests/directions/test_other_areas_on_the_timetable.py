"""Evidence request due dates and bundle issue dates from the evidence area appear on the timetable, the dashboard
and the case feed."""
from datetime import date, datetime

from icalendar import Calendar

from bundler.extensions import db
from bundler.models import BundleVersion, EvidenceRequest

from ..helpers import page


def add_request(app, case_id, name, due, closed=False):
    with app.app_context():
        db.session.add(EvidenceRequest(
            case_id=case_id, recipient_name=name, due_date=due, section="LA_EVIDENCE", token_hash=name.ljust(64, "x"),
            expires_at=datetime(2030, 1, 1), closed_at=datetime(2026, 1, 2) if closed else None))
        db.session.commit()


def add_issued_bundle(app, case_id, issued_on, issued_by_id):
    with app.app_context():
        db.session.add(BundleVersion(case_id=case_id, number=1, bundle_date=issued_on, file_name="bundle-v1.pdf",
                                     issued_on=issued_on, issued_by_id=issued_by_id))
        db.session.commit()


def test_timetable_shows_evidence_requests_and_the_bundle_issue_date(app, client, login, seed):
    add_request(app, seed.own_case_id, "Dr Educational Psychologist", date(2026, 1, 9))
    add_issued_bundle(app, seed.own_case_id, date(2026, 1, 26), seed.user_ids["tribunal_officer"])
    login(client, "send_officer")
    timetable = page(client, f"/cases/{seed.own_case_id}/timetable")
    html = timetable.text
    assert "Evidence from Dr Educational Psychologist" in html and "9 January 2026" in html
    assert "Due date given in the evidence request sent to Dr Educational Psychologist." in html
    assert "Bundle version 1 issued" in html and "Recorded as issued to the tribunal on Mon 26 Jan 2026" in html
    assert f"/cases/{seed.own_case_id}/bundles/1" in timetable.links()


def test_dashboard_lists_open_evidence_requests_only(app, client, login, seed, on_day):
    on_day(date(2026, 1, 14))
    add_request(app, seed.own_case_id, "Speech therapist", date(2026, 1, 9))
    add_request(app, seed.own_case_id, "Closed request", date(2026, 1, 9), closed=True)
    add_request(app, seed.other_case_id, "Another team's request", date(2026, 1, 9))
    login(client, "tribunal_officer")
    deadlines = page(client, "/deadlines")
    assert [row[2] for row in deadlines.rows()] == ["Evidence from Speech therapist"]
    assert deadlines.tags() == {"Overdue": "red"}


def test_case_feed_carries_the_evidence_request_due_date(app, client, login, seed):
    add_request(app, seed.own_case_id, "School SENCO", date(2026, 1, 9))
    login(client, "tribunal_officer")
    html = client.post("/calendar/new", data={"case_id": str(seed.own_case_id)}).get_data(as_text=True)
    path = html.split('<code class="app-feed-url">http://localhost')[1].split("</code>")[0]
    (event,) = Calendar.from_ical(client.get(path).data).walk("VEVENT")
    assert event.decoded("dtstart") == date(2026, 1, 9) and "School SENCO" in str(event["summary"])
