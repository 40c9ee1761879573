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
