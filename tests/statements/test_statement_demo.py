from bundler.demo.statements import seed_statement
from bundler.drafting.markup import referenced_keys
from bundler.extensions import db
from bundler.models import Case, Role, User
from bundler.services.statements import workflow


def test_demo_statement_cites_three_documents_and_is_seeded_once(app, seed, documents):
    with app.app_context():
        case = db.session.get(Case, seed.own_case_id)
        users = {role: db.session.get(User, user_id) for role, user_id in seed.user_ids.items()}
        seed_statement(case, users)
        seed_statement(case, users)
        statement = workflow.current_statement(case)
        cited = referenced_keys(statement.latest.parts["response"])
        assert sorted(cited) == sorted(str(doc_id) for doc_id in documents.values())
        assert statement.state.value == "draft" and statement.created_by_id == seed.user_ids[Role.tribunal_officer]
        assert db.session.query(type(statement)).filter_by(case_id=case.id).count() == 1


def test_demo_chronology_holds_past_evidenced_events_only(app, seed, documents, tmp_path):
    # The demo's timetable (directions, the hearing, "Tribunal decision expected") never reaches the chronology.
    from datetime import datetime

    from bundler.dates import page_date, today
    from bundler.demo.directions import seed_timetable
    from bundler.services.statements import rendering

    from ..drafting.conftest import docx_text

    with app.app_context():
        case = db.session.get(Case, seed.own_case_id)
        users = {role: db.session.get(User, user_id) for role, user_id in seed.user_ids.items()}
        seed_timetable(case, users)
        seed_statement(case, users)
        statement = workflow.current_statement(case)
        rendering.render_file(statement, "docx", tmp_path / "demo.docx")
        registered = page_date(case.registration_date)
    text = docx_text(tmp_path / "demo.docx")
    chronology = text.split("The chronology of the case is as follows:")[1].split("The decision under appeal")[0]
    assert f"{registered}: The Tribunal registered the appeal." in chronology
    for absent in ("expected", "(due)", "hearing", "direction"):
        assert absent not in chronology.lower()
    lines = [line for line in chronology.split("\n") if line.strip()]
    assert lines and all(datetime.strptime(line.split(":")[0], "%d %B %Y").date() <= today() for line in lines)
