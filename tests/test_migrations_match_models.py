"""`bundler db check` (Alembic's compare of the migrated database with the models) finds nothing to do, on SQLite
and, with BUNDLER_TEST_DATABASE=postgresql, on PostgreSQL: the full-text search objects the migrations make by hand
are not mistaken for tables or indexes the models lack."""


def test_the_migrated_database_matches_the_models(runner):
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
