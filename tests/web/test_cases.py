"""The case list, the case page, and adding and changing a case."""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from bundler.extensions import db
from bundler.models import AuditEvent, Case, CaseStatus, Role

from ..helpers import checked, page


def case_form(seed, **changes) -> dict:
    data = {
        "reference": "EH 936/25/01234", "appeal_type": "refusal_to_assess", "status": "registered",
        "team_id": "1", "officer_id": str(seed.user_ids[Role.tribunal_officer]),
        "child_name": "Sam Example", "child_dob": ["27", "3", "2014"], "school": "Hill School",
        "appellant_name": "Pat Example", "representative": "",
        "decision_letter_date": ["2", "6", "2025"], "mediation_certificate_date": ["", "", ""],
        "registration_date": ["1", "9", "2025"], "hearing_date": ["10", "2", "2026"],
    }
    data.update(changes)
    return data


def load_case(app, reference):
    with app.app_context():
        return db.session.scalar(select(Case).where(Case.reference == reference))


def test_case_list_shows_only_the_users_teams_cases(client, login):
    login(client, Role.send_officer)
    shown = page(client, "/cases/")
    assert "EH123/25/00001" in shown.text and "EH123/25/00002" not in shown.text


def test_administrator_case_list_shows_every_team(client, login):
    login(client, Role.administrator)
    shown = page(client, "/cases/")
    assert "EH123/25/00001" in shown.text and "EH123/25/00002" in shown.text


@pytest.mark.parametrize("query, shown", [
    ({"q": "of north"}, {"EH123/25/00001"}),
    ({"q": "00002"}, {"EH123/25/00002"}),
    ({"q": "nobody"}, set()),
    ({"status": "registered"}, {"EH123/25/00001", "EH123/25/00002"}),
    ({"status": "heard"}, set()),
    ({"hearing_from": ["11", "2", "2026"]}, set()),
    ({"hearing_from": ["10", "2", "2026"], "hearing_to": ["10", "2", "2026"]}, {"EH123/25/00001", "EH123/25/00002"}),
    ({"hearing_to": ["9", "2", "2026"]}, set()),
])
def test_case_list_search_and_filters(client, login, query, shown):
    login(client, Role.administrator)
    listing = page(client, "/cases/", query_string=query)
    assert {ref for ref in ("EH123/25/00001", "EH123/25/00002") if ref in listing.text} == shown


def test_case_list_filters_by_officer(client, login, seed):
    login(client, Role.administrator)
    shown = page(client, "/cases/", query_string={"officer": seed.other_team_user_id})
    assert "EH123/25/00002" in shown.text and "EH123/25/00001" not in shown.text


def test_case_list_says_what_to_enter_for_an_impossible_filter_date(client, login):
    login(client, Role.administrator)
    shown = page(client, "/cases/", query_string={"hearing_from": ["31", "2", "2026"]})
    assert "Hearing on or after must be a real date" in shown.text


def test_case_page_shows_the_child_appellant_and_key_dates(client, login, seed):
    login(client, Role.legal_reviewer)
    shown = page(client, f"/cases/{seed.own_case_id}")
    for text in ("EH123/25/00001", "Child of North", "27 March 2014", "Riverside Primary", "A Parent",
                 "Not represented", "Contents of the EHC plan", "2 June 2025", "10 February 2026", "Registered"):
        assert text in shown.text
    assert "Change" not in shown.text  # a legal reviewer reads but does not edit


def test_viewing_a_case_is_audited(client, login, seed, app):
    user_id = login(client, Role.send_officer)
    client.get(f"/cases/{seed.own_case_id}")
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.case_id == seed.own_case_id)).one()
        assert (event.user_id, event.action, event.object_type) == (user_id, "viewed", "Case")


def test_audit_log_page_lists_who_did_what(client, login, seed):
    login(client, Role.send_officer)
    client.get(f"/cases/{seed.own_case_id}")
    login(client, Role.tribunal_officer)
    shown = page(client, f"/cases/{seed.own_case_id}/audit")
    assert "SEND officer North" in shown.text and "viewed" in shown.text


@pytest.mark.parametrize("stored_utc, shown", [
    (datetime(2026, 7, 1, 13, 5), "1 July 2026 at 14:05"),  # British Summer Time: an hour ahead of UTC
    (datetime(2026, 1, 15, 13, 5), "15 January 2026 at 13:05"),
    (datetime(2026, 3, 28, 23, 30), "28 March 2026 at 23:30"),  # the night before the clocks go forward
    (datetime(2026, 3, 29, 23, 30), "30 March 2026 at 00:30"),  # the day after: the UK date has moved on
])
def test_audit_times_are_shown_in_uk_time(client, login, seed, app, stored_utc, shown):
    with app.app_context():
        db.session.add(AuditEvent(case_id=seed.own_case_id, action="viewed", at=stored_utc))
        db.session.commit()
    login(client, Role.tribunal_officer)
    audit_log = page(client, f"/cases/{seed.own_case_id}/audit")
    assert shown in audit_log.texts("tbody td") and "Times are UK time" in audit_log.text


def test_creating_a_case_normalises_the_reference_and_audits_it(client, login, seed, app):
    login(client, Role.tribunal_officer)
    response = client.post("/cases/new", data=case_form(seed))
    case = load_case(app, "EH936/25/01234")
    assert response.status_code == 302 and response.location == f"/cases/{case.id}"
    assert case.child_dob == date(2014, 3, 27) and case.mediation_certificate_date is None
    assert case.status == CaseStatus.registered and case.representative == ""
    with app.app_context():
        assert db.session.scalars(select(AuditEvent.action).where(AuditEvent.case_id == case.id)).all() == ["created"]


@pytest.mark.parametrize("reference", ["EH936/25/1234", "XX936/25/01234", "EH 936-25-01234", "EH  936/25/01234"])
def test_a_reference_not_in_the_tribunals_form_is_refused(client, login, seed, app, reference):
    login(client, Role.tribunal_officer)
    shown = checked(client.post("/cases/new", data=case_form(seed, reference=reference)))
    assert "like EH936/25/01234" in shown.text and shown.select('.govuk-error-summary a[href="#reference"]')
    assert load_case(app, "EH936/25/01234") is None


def test_a_reference_already_used_is_refused(client, login, seed):
    login(client, Role.tribunal_officer)
    shown = checked(client.post("/cases/new", data=case_form(seed, reference="EH123/25/00001")))
    assert "A case with reference EH123/25/00001 already exists" in shown.text


@pytest.mark.parametrize("parts, message", [
    (["31", "2", "2014"], "Child's date of birth must be a real date"),
    (["", "3", "2014"], "Child's date of birth must include a day"),
    (["27", "", ""], "Child's date of birth must include a month and a year"),
    (["27", "3", "14"], "Year must include 4 numbers"),
    (["", "", ""], "Enter the child's date of birth"),
    (["x", "3", "2014"], "must be a real date, using numbers"),
    (["27", "3", "0214"], "Child's date of birth must be between 1900 and 2100"),
])
def test_an_impossible_date_is_refused_with_what_to_enter(client, login, seed, parts, message):
    login(client, Role.tribunal_officer)
    response = client.post("/cases/new", data=case_form(seed, child_dob=parts))
    shown = checked(response)
    assert response.status_code == 200 and message in shown.errors()[0]
    assert shown.select('.govuk-error-summary a[href="#child_dob-day"]')  # lands on the first box to fix
    assert shown.one("#child_dob-day")["value"] == parts[0]  # what was typed is kept


def test_the_date_of_birth_errors_give_the_example_its_hint_gives(client, login, seed):
    login(client, Role.tribunal_officer)
    shown = checked(client.post("/cases/new", data=case_form(seed, child_dob=["31", "2", "2014"])))
    hint = shown.one("#child_dob-hint").get_text(" ", strip=True)
    assert hint == "For example, 27 3 2014"
    assert shown.errors()[0] == "Child's date of birth must be a real date, for example 27 3 2014"
    year = checked(client.post("/cases/new", data=case_form(seed, child_dob=["27", "3", "14"])))
    assert year.errors()[0] == "Year must include 4 numbers, for example 2014"


def test_hearing_before_registration_is_refused(client, login, seed):
    login(client, Role.tribunal_officer)
    shown = checked(client.post("/cases/new", data=case_form(seed, hearing_date=["1", "8", "2025"])))
    assert "Hearing date must be after the registration date" in shown.text


def test_a_date_of_birth_in_the_future_is_refused(client, login, seed, app):
    login(client, Role.tribunal_officer)
    next_year = str(date.today().year + 1)
    no_date = ["", "", ""]
    shown = checked(client.post("/cases/new", data=case_form(seed, child_dob=["1", "1", next_year],
                                                             registration_date=no_date, hearing_date=no_date)))
    assert "Child's date of birth must be in the past" in shown.text
    assert load_case(app, "EH936/25/01234") is None


@pytest.mark.parametrize("field, message", [
    ("child_name", "Enter the child's full name"), ("appellant_name", "Enter the appellant's name")])
def test_a_name_of_only_spaces_is_refused(client, login, seed, app, field, message):
    login(client, Role.tribunal_officer)
    shown = checked(client.post("/cases/new", data=case_form(seed, **{field: "   "})))
    assert message in shown.text
    assert load_case(app, "EH936/25/01234") is None


def test_names_are_kept_without_surrounding_spaces(client, login, seed, app):
    login(client, Role.tribunal_officer)
    client.post("/cases/new", data=case_form(seed, child_name="  Sam Example "))
    assert load_case(app, "EH936/25/01234").child_name == "Sam Example"


def test_officer_must_be_on_the_cases_team(client, login, seed):
    login(client, Role.administrator)
    data = case_form(seed, team_id="1", officer_id=str(seed.other_team_user_id))
    shown = checked(client.post("/cases/new", data=data))
    assert "Select a case officer who is on the North team" in shown.text


def test_team_outside_the_users_teams_cannot_be_chosen(client, login, seed, app):
    login(client, Role.tribunal_officer)
    shown = checked(client.post("/cases/new", data=case_form(seed, team_id="2")))
    assert "Not a valid choice" in shown.text
    assert load_case(app, "EH936/25/01234") is None


def test_changing_a_case_saves_and_audits_which_fields_changed(client, login, seed, app):
    login(client, Role.tribunal_officer)
    data = case_form(seed, reference="EH123/25/00001", status="preparing", representative="SENDIASS")
    response = client.post(f"/cases/{seed.own_case_id}/edit", data=data)
    assert response.location == f"/cases/{seed.own_case_id}"
    case = load_case(app, "EH123/25/00001")
    assert case.status == CaseStatus.preparing and case.representative == "SENDIASS"
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "changed")).one()
    assert "Status" in event.detail and "Appellant's representative" in event.detail


def test_edit_form_is_filled_with_the_case(client, login, seed):
    login(client, Role.tribunal_officer)
    shown = page(client, f"/cases/{seed.own_case_id}/edit")
    assert shown.one("#reference")["value"] == "EH123/25/00001"
    assert shown.one("#child_name")["value"] == "Child of North"
    assert shown.one("#child_dob-day")["value"] == "27"


def test_case_list_links_each_reference_to_its_case(client, login, seed):
    login(client, Role.tribunal_officer)
    shown = page(client, "/cases/")
    assert shown.texts(f'a.govuk-link[href="/cases/{seed.own_case_id}"]') == ["EH123/25/00001"]


def test_names_typed_into_a_case_are_shown_as_text_not_markup(client, login, seed):
    login(client, Role.tribunal_officer)
    data = case_form(seed, child_name='<script>alert("x")</script>')
    client.post("/cases/new", data=data)
    for url in ("/cases/", "/cases/3"):
        shown = page(client, url)
        assert '<script>alert("x")</script>' in shown.text  # inline script would fail page() too


def test_someone_on_no_team_is_told_to_ask_for_one_before_adding_a_case(client, login, seed, app):
    with app.app_context():
        from bundler.models import User
        db.session.get(User, seed.user_ids[Role.tribunal_officer]).teams = []
        db.session.commit()
    login(client, Role.tribunal_officer)
    response = client.get("/cases/new", follow_redirects=True)
    assert "Ask an administrator to add you to a team" in checked(response).text


@pytest.mark.parametrize("role, sees_audit", [(Role.send_officer, False), (Role.legal_reviewer, False),
                                              (Role.tribunal_officer, True), (Role.administrator, True)])
def test_case_navigation_offers_the_audit_log_only_to_those_who_may_read_it(client, login, seed, role, sees_audit):
    login(client, role)
    shown = page(client, f"/cases/{seed.own_case_id}")
    assert (f"/cases/{seed.own_case_id}/audit" in shown.links()) == sees_audit
    current = shown.one('.app-case-nav a[aria-current="page"]')
    assert (current["href"], current.get_text(strip=True)) == (f"/cases/{seed.own_case_id}", "Case details")
