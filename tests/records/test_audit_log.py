"""The audit log as an information-governance review reads it (issue 16, "Records an IG team asks for"): what was
touched is named in words, the log is filtered by person, case, action and date, paged, and exported as CSV for a
subject access request, with the export itself recorded and formula cells made text."""
import csv
import io
from datetime import datetime, timedelta

from sqlalchemy import select

from bundler.extensions import db
from bundler.models import AuditEvent, Case, Role, User
from bundler.services import audit_log

from ..helpers import page


def add_events(app, count: int, action: str) -> None:
    """`count` events a second apart, oldest first, "event 0" to "event N-1"."""
    start = datetime(2026, 5, 1, 9, 0)
    with app.app_context():
        for number in range(count):
            db.session.add(AuditEvent(at=start + timedelta(seconds=number), action=action, detail=f"event {number}"))
        db.session.commit()


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_what_was_touched_is_named_with_the_case_reference(app, client, login, seed):
    login(client, Role.tribunal_officer)
    client.get(f"/cases/{seed.own_case_id}")
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "viewed")
                                   .order_by(AuditEvent.id.desc())).first()
        reference = db.session.get(Case, seed.own_case_id).reference
        officer = db.session.get(User, seed.user_ids[Role.tribunal_officer]).name
        assert (event.object_label, event.user_id, event.detail) == (
            f"Case {reference}", seed.user_ids[Role.tribunal_officer], "")
    login(client, Role.administrator)
    assert [[reference, officer, "viewed", f"Case {reference}", ""]] == [
        row[1:] for row in page(client, "/admin/audit").rows() if row[3] == "viewed" and row[1] == reference][:1]


def test_a_numbered_object_is_named_by_its_number_and_case(app, seed):
    with app.app_context():
        case = db.session.get(Case, seed.own_case_id)

        class BundleVersion:  # the label needs only a kind, a number and an id
            id, number = 41, 3

        event = AuditEvent.of("downloaded bundle", case=case, obj=BundleVersion())
        assert event.object_label == f"Bundle version 3 of {case.reference}" and event.object_id == "41"


def test_filters_by_person_case_action_and_uk_dates(app, client, login, seed):
    with app.app_context():
        own = db.session.get(Case, seed.own_case_id)
        officer = seed.user_ids[Role.tribunal_officer]
        day = datetime(2026, 7, 1, 12, 0)
        # 23:30 UTC on 30 June is 00:30 on 1 July in England (summer time): it counts as 1 July.
        for at, user, case, action in [(day, officer, own.id, "viewed"), (day, None, own.id, "downloaded"),
                                       (datetime(2026, 6, 30, 23, 30), officer, own.id, "viewed"),
                                       (datetime(2026, 6, 30, 22, 30), officer, own.id, "viewed"),
                                       (day, officer, seed.other_case_id, "viewed")]:
            db.session.add(AuditEvent(at=at, user_id=user, case_id=case, action=action, detail="seeded"))
        db.session.commit()
        reference = own.reference
    login(client, Role.administrator)
    query = (f"/admin/audit?person={officer}&case={reference.lower()}&action=viewed"
             "&from_date=1&from_date=7&from_date=2026&to_date=1&to_date=7&to_date=2026")
    shown = page(client, query)
    rows = shown.rows()
    assert len(rows) == 2 and {row[1] for row in rows} == {reference}
    assert "2 events" in shown.text
    exported = csv_rows(client.get(query.replace("/admin/audit?", "/admin/audit.csv?")))
    assert exported[0][:5] == ["When (UK time)", "Who", "Their e-mail", "Case", "Action"]
    assert sorted(row[0] for row in exported[1:]) == ["2026-07-01 00:30:00", "2026-07-01 13:00:00"]


def test_a_filter_that_cannot_be_right_says_so(client, login, seed):
    login(client, Role.administrator)
    shown = page(client, "/admin/audit?case=EH000/00/99999")
    assert shown.title.startswith("Error:") and "No case has this reference" in shown.errors()[0]
    shown = page(client, "/admin/audit?from_date=2&from_date=7&from_date=2026&to_date=1&to_date=7&to_date=2026")
    assert "The last day must be the same as or after the first day" in shown.errors()
    assert shown.rows() == []  # nothing is shown for a filter that is wrong


def test_the_log_is_paged_newest_first(app, client, login, seed):
    add_events(app, audit_log.PAGE_SIZE + 5, action="seeded event")
    login(client, Role.administrator)
    first = page(client, "/admin/audit?action=seeded+event")
    assert len(first.rows()) == audit_log.PAGE_SIZE and "page 1 of 2" in first.text
    assert first.rows()[0][5] == f"event {audit_log.PAGE_SIZE + 4}"
    next_link = first.one(".govuk-pagination__next a")["href"]
    second = page(client, next_link)
    assert "action=seeded+event" in next_link and len(second.rows()) == 5
    assert second.rows()[-1][5] == "event 0" and "page 2 of 2" in second.text


def test_the_export_is_audited_and_formula_cells_are_text(app, client, login, seed):
    add_events(app, 1, action="seeded event")
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "seeded event")).one()
        event.detail = '=HYPERLINK("http://evil.example")'
        db.session.commit()
    login(client, Role.administrator)
    rows = csv_rows(client.get("/admin/audit.csv?action=seeded+event"))
    assert rows[1][6] == "'=HYPERLINK(\"http://evil.example\")"
    with app.app_context():
        exported = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "exported audit log")).one()
        assert exported.detail == "action: seeded event"


def test_only_administrators_read_or_export_the_service_wide_log(client, login, seed):
    for role in (Role.tribunal_officer, Role.send_officer, Role.legal_reviewer, Role.send_manager):
        login(client, role)
        assert client.get("/admin/audit").status_code == 403
        assert client.get("/admin/audit.csv").status_code == 403
