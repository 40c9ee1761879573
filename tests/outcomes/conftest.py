from datetime import date

import pytest

from bundler import dates
from bundler.services.directions import records


@pytest.fixture
def on_day(monkeypatch):
    """on_day(d): the app's "today" becomes `d` (before 5pm)."""
    def set_today(day: date):
        monkeypatch.setattr(dates, "today", lambda: day)
        monkeypatch.setattr(records, "past_5pm", lambda: False)
    return set_today


