from datetime import date

import pytest

from bundler import dates
from bundler.services.directions import records


@pytest.fixture
def on_day(monkeypatch):
    """on_day(d): the app's "today" becomes `d` (before 5pm unless `after_5pm`), so urgency does not depend on the
    clock."""
    def set_today(day: date, after_5pm: bool = False):
        monkeypatch.setattr(dates, "today", lambda: day)
        monkeypatch.setattr(records, "past_5pm", lambda: after_5pm)
    return set_today
