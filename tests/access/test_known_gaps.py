"""The two routes the issue found outside the tables, and the date boxes a bare POST skipped: what is refused also
changes nothing."""
import pytest

from bundler.extensions import db
from bundler.models import Role
from bundler.models.directions import HolidayOverride
from bundler.models.statements import ReviewComment


@pytest.mark.parametrize("role", [Role.send_officer, Role.tribunal_officer, Role.legal_reviewer])
def test_only_an_administrator_deletes_a_local_holiday(app, client, login, fresh_world, role):
    holiday = fresh_world().shared["holiday"]
    login(client, role)
    assert client.post(f"/deadlines/holidays/{holiday}/delete").status_code == 403
    with app.app_context():
        assert db.session.get(HolidayOverride, holiday) is not None
    login(client, Role.administrator)
    assert client.post(f"/deadlines/holidays/{holiday}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(HolidayOverride, holiday) is None


def test_answering_another_teams_comment_is_not_found_and_changes_nothing(app, client, login, fresh_world):
    world = fresh_world()
    login(client, Role.tribunal_officer)
    url = f"/cases/{world.own['case']}/statement/comments/{world.other['comment']}"
    assert client.post(url, data={"answer": "Done", "resolve": "y"}).status_code == 404
    with app.app_context():
        comment = db.session.get(ReviewComment, world.other["comment"])
        assert (comment.answer, comment.resolved_at) == ("", None)


def test_a_date_form_posted_without_its_boxes_asks_for_the_date(client, login, fresh_world):
    case = fresh_world().own["case"]
    login(client, Role.tribunal_officer)
    response = client.post(f"/cases/{case}/timetable/response/date", data={})
    assert response.status_code == 200
    assert "Enter the date the tribunal" in response.get_data(as_text=True)
