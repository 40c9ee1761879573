"""Telling a database that `bundler db upgrade` has not set up (or not brought up to date) from one that is busy or
out of reach for a moment, so a person is told what to run, or to try again, instead of shown a traceback; and the
engine options that make a lock wait or a lost connection end in that message rather than a hung request."""
from sqlalchemy.exc import OperationalError, ProgrammingError

UNAVAILABLE_TITLE = "The database is busy or cannot be reached just now"
UNAVAILABLE_ADVICE = ("Wait a minute, then try again: what this page was doing has not been saved. If it keeps "
                      "happening, tell the service administrator.")
UPGRADE_ADVICE = "The database is not set up for this version of bundler: run `bundler db upgrade` first."

# What SQLite and PostgreSQL say when a table or column the code expects is not there.
MISSING_SCHEMA_SIGNS = ("no such table", "no such column", "undefinedtable", "undefinedcolumn",
                        "does not exist")


def is_missing_schema(error: BaseException) -> bool:
    if not isinstance(error, OperationalError | ProgrammingError):
        return False
    text = f"{type(getattr(error, 'orig', None)).__name__} {error}".lower()
    return any(sign in text for sign in MISSING_SCHEMA_SIGNS)


def engine_options(url: str, lock_seconds: int) -> dict:
    """Connections checked before use (a database restarted under the pool is reconnected, not an error), and a
    wait for another's lock that ends after `lock_seconds` with an OperationalError."""
    options = {"pool_pre_ping": True}
    if url.startswith("sqlite"):
        options["connect_args"] = {"timeout": lock_seconds}
    elif url.startswith("postgresql"):
        options["connect_args"] = {"options": f"-c lock_timeout={lock_seconds * 1000}"}
    return options
