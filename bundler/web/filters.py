"""Jinja filters every area uses, so dates read the same on every page."""
from datetime import date, datetime


def long_date(value: date | None) -> str:
    """27 March 2026."""
    return f"{value.day} {value:%B %Y}" if value else ""


def date_time(value: datetime | None) -> str:
    """27 March 2026 at 14:05 (UTC, as stored)."""
    return f"{long_date(value)} at {value:%H:%M}" if value else ""
