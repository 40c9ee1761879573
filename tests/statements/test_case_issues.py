"""Issue 11 item 1 and 9, on the case: the extended flag with its sections, the issues in dispute, the appellant, and
the migration of cases saved with the old "extended" appeal type."""
import flask_migrate
from sqlalchemy import select, text

from bundler import create_app
from bundler.extensions import db
from bundler.models import Case, Role

from ..conftest import app_config
from ..web.test_cases import case_form


def test_case_form_keeps_the_appeal_type_and_records_the_flag_and_issues(client, login, app, seed):
    login(client, Role.tribunal_officer)
    response = client.post("/cases/new", data=case_form(seed, appeal_type="contents", issues=["B", "F"],
                                                        extended_sections=["C", "G"],
                                                        appellant_kind="young_person"))
    assert response.status_code == 302
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == "EH936/25/01234"))
        assert (case.appeal_type, case.issues, case.extended_sections, case.appellant_kind) == (
            "contents", ["B", "F"], ["C", "G"], "young_person")
        case_id = case.id
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Contents of the EHC plan (Sections B and/or F), extended to Sections C and G" in page
    assert "100 pages for each party" in page and "unconfirmed" in page  # both figures, flagged


def test_refusal_to_assess_cannot_be_extended(client, login, seed):
    login(client, Role.tribunal_officer)
    page = client.post("/cases/new", data=case_form(seed, extended_sections=["C"])).get_data(as_text=True)
    assert "cannot be extended" in page


def test_migration_turns_an_extended_case_into_its_underlying_type_with_the_flag(tmp_path, monkeypatch):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    app = create_app(app_config(tmp_path, f"sqlite:///{tmp_path / 'old.sqlite'}"))
    with app.app_context():
        flask_migrate.upgrade(revision="7b3e9c1d2f40")
        db.session.execute(text("INSERT INTO team (id, name) VALUES (1, 'T')"))
        for n, appeal_type in enumerate(("extended", "section_i", "cease_to_maintain"), 1):
            db.session.execute(text(
                "INSERT INTO \"case\" (reference, child_name, child_dob, school, appellant_name, representative, "
                "appeal_type, status, team_id, created_at) VALUES (:ref, 'c', '2014-01-01', '', 'a', '', :type, "
                "'registered', 1, '2025-01-01 00:00:00')"), {"ref": f"EH936/25/0000{n}", "type": appeal_type})
        db.session.commit()
        flask_migrate.upgrade()
        rows = {case.reference: (case.appeal_type, case.issues, case.extended_sections)
                for case in db.session.scalars(select(Case))}
        db.engine.dispose()
    assert rows == {"EH936/25/00001": ("contents", ["B", "F"], ["C", "D", "G", "H1", "H2"]),
                    "EH936/25/00002": ("section_i", ["I"], []),
                    "EH936/25/00003": ("cease_to_maintain", [], [])}


def test_the_issues_on_the_case_are_listed_in_its_statement(app, seed, tmp_path):
    from bundler.models import User
    from bundler.services.statements import rendering, workflow

    from ..drafting.conftest import docx_text

    with app.test_request_context():
        case = db.session.get(Case, seed.own_case_id)
        case.issues, case.extended_sections = ["I", "B"], ["H1"]
        statement = workflow.start_draft(case, db.session.get(User, seed.user_ids[Role.tribunal_officer]))
        rendering.render_file(statement, "docx", tmp_path / "s.docx")
    text = docx_text(tmp_path / "s.docx")
    listed = text.split("The issues in this appeal are:\n")[1].split("\n")[:3]
    assert listed[:2] == ["Section B (special educational needs)", "Section I (school or other institution)"]
    assert listed[2].startswith("recommendations (extended appeal) on Section H1")
