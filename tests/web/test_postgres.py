"""The migrations up and down on PostgreSQL (DATABASE_URL takes any SQLAlchemy URL), from an empty database; with
BUNDLER_TEST_DATABASE=postgresql every other test runs on PostgreSQL too. Skipped without PostgreSQL."""
import flask_migrate
import pytest

from bundler import create_app
from bundler.extensions import db
from bundler.models import Role

from ..conftest import TEST_DATABASE, seed_people_and_cases
from ..helpers import page


@pytest.fixture
def postgres_url(postgres_cluster):
    """An empty database of its own on the session's cluster."""
    postgres_cluster.execute("CREATE DATABASE migrations_check")
    yield postgres_cluster.url("migrations_check")
    postgres_cluster.execute("DROP DATABASE migrations_check WITH (FORCE)")


@pytest.mark.slow
def test_migrations_and_case_pages_work_on_postgresql(postgres_url, tmp_path, monkeypatch):
    monkeypatch.setenv("BUNDLER_INSTANCE", str(tmp_path))
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "DATABASE_URL": postgres_url})
    with app.app_context():
        flask_migrate.upgrade()
        seed = seed_people_and_cases()
        db.session.remove()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(seed.user_ids[Role.tribunal_officer])
    assert client.get(f"/cases/{seed.own_case_id}").status_code == 200
    assert client.get(f"/cases/{seed.other_case_id}").status_code == 404
    assert "EH123/25/00001" in page(client, "/cases/", query_string={"q": "OF NORTH"}).text
    assert "viewed" in page(client, f"/cases/{seed.own_case_id}/audit").texts("tbody td")
    with app.app_context():
        flask_migrate.downgrade(revision="base")
        db.engine.dispose()


def test_the_suite_runs_on_the_database_it_was_asked_for(app):
    """BUNDLER_TEST_DATABASE=postgresql puts every `app` on PostgreSQL (CI runs the suite both ways)."""
    with app.app_context():
        assert db.engine.dialect.name == TEST_DATABASE
