"""Telling a database that `bundler db upgrade` has not set up (or not brought up to date) from any other failure,
so a person is told what to run instead of shown a traceback."""
from sqlalchemy.exc import OperationalError, ProgrammingError

UPGRADE_ADVICE = "The database is not set up for this version of bundler: run `bundler db upgrade` first."

# What SQLite and PostgreSQL say when a table or column the code expects is not there.
MISSING_SCHEMA_SIGNS = ("no such table", "no such column", "undefinedtable", "undefinedcolumn",
                        "does not exist")


def is_missing_schema(error: BaseException) -> bool:
    if not isinstance(error, OperationalError | ProgrammingError):
        return False
    text = f"{type(getattr(error, 'orig', None)).__name__} {error}".lower()
    return any(sign in text for sign in MISSING_SCHEMA_SIGNS)
