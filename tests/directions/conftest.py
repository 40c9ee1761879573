from datetime import date

import pytest

from bundler.web.directions import records


@pytest.fixture
def on_day(monkeypatch):
    """on_day(d): the app's "today" becomes `d`, so urgency does not depend on the clock."""
    def set_today(day: date):
        monkeypatch.setattr(records, "today", lambda: day)
    return set_today
