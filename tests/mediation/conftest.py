from ..directions.conftest import on_day  # noqa: F401  (the app's "today" set by a test)
