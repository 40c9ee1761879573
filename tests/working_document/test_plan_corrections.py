"""Confirming an imported plan (issue 13, "The officer confirms or corrects the import on one page"): besides
rewording items, the officer moves an item the import put in the wrong section, removes one it made by mistake and
adds one it missed, all in one post that works without JavaScript, and the audit log says what was corrected."""
from sqlalchemy import select

from bundler.extensions import db
from bundler.models import AuditEvent, Role
from bundler.models.working_documents import EhcPlan

from ..helpers import page, submit
from .helpers import plan_docx, store_document


def imported_plan(app, client, case_id, tmp_path) -> str:
    with app.app_context():
        document_id = store_document(case_id, plan_docx(tmp_path / "plan.docx"), "EHC plan (final)")
        db.session.commit()
    response = client.post(f"/cases/{case_id}/working-document/plan/import", data={"document": str(document_id)})
    assert response.status_code == 302
    return response.headers["Location"]


def form_of(shown) -> dict[str, list[str]]:
    """What the confirm page posts as it stands: every field with its current value."""
    data: dict[str, list[str]] = {}
    for field in shown.select("form textarea[name]"):
        data.setdefault(field["name"], []).append(field.get_text())
    for field in shown.select("form input[name]"):
        if field.get("type") != "checkbox":
            data.setdefault(field["name"], []).append(field.get("value", ""))
    for choice in shown.select("form select[name]"):
        selected = choice.select_one("option[selected]")
        data[choice["name"]] = [selected["value"] if selected else ""]
    return data


def items_by_section(app, case_id) -> dict[str, list[tuple[str, str, str]]]:
    with app.app_context():
        plan = db.session.scalars(select(EhcPlan).where(EhcPlan.case_id == case_id)).one()
        found: dict[str, list] = {}
        for item in plan.items:
            found.setdefault(item.section, []).append((item.key, item.number, item.text))
        return found | {"confirmed": plan.confirmed, "sections": [s["code"] for s in plan.sections]}


def test_the_officer_moves_removes_and_adds_items_before_confirming(app, client, login, seed, tmp_path):
    login(client, Role.tribunal_officer)
    url = imported_plan(app, client, seed.own_case_id, tmp_path)
    shown = page(client, url)
    assert shown.one("#move-A-01").select_one("option[selected]")["value"] == "A"
    assert shown.select("#remove-E-01") and shown.select("#new-F")
    data = form_of(shown) | {"move-A-01": ["B"], "remove-E-01": ["y"],
                             "new-F": ["A weekly check-in with the SENCo, 15 minutes, reviewed termly"],
                             "move-I-01": ["K"]}
    submit(client, url, data)
    found = items_by_section(app, seed.own_case_id)
    assert found["confirmed"]
    assert [key for key, _, _ in found["B"]] == ["B-01", "B-02", "B-03"]
    assert found["B"][2] == ("B-03", "3", "Sam likes trains.") and "A" not in found and "E" not in found
    assert [key for key, _, _ in found["F"]] == ["F-01", "F-02"]
    assert found["F"][1][2] == "A weekly check-in with the SENCo, 15 minutes, reviewed termly"
    assert found["K"] == [("K-01", "1", "Riverside Primary School")] and "K" in found["sections"]
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "confirmed plan")).one()
    assert {"moved A-01 to Section B as B-03", "removed E-01", "added F-02", "moved I-01 to Section K as K-01"} \
        <= set(event.detail.removeprefix("corrected ").split(", "))


def test_confirming_as_imported_changes_nothing(app, client, login, seed, tmp_path):
    login(client, Role.tribunal_officer)
    url = imported_plan(app, client, seed.own_case_id, tmp_path)
    before = items_by_section(app, seed.own_case_id)
    submit(client, url, form_of(page(client, url)))
    after = items_by_section(app, seed.own_case_id)
    assert after["confirmed"] and {k: v for k, v in after.items() if k != "confirmed"} == \
        {k: v for k, v in before.items() if k != "confirmed"}
