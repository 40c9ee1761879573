"""The dates the product shows, one style for each place a date is shown, and "today" in England.

The tribunal's days and its 5pm deadlines are England's, whatever zone the server runs in.
"""
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

ENGLAND = ZoneInfo("Europe/London")


def now() -> datetime:
    """The time in England, aware of its zone."""
    return datetime.now(ENGLAND)


def today() -> date:
    """The date in England."""
    return now().date()


def page_date(value: date | None) -> str:
    """'27 March 2026': on the web pages and in the documents the product writes (statement, working document)."""
    return f"{value.day} {value:%B %Y}" if value else ""


def page_time(value: datetime | None) -> str:
    """'27 March 2026 at 14:05' on the web pages, in England's time (stored as UTC, an hour behind in summer)."""
    if not value:
        return ""
    local = value.replace(tzinfo=UTC).astimezone(ENGLAND)
    return f"{page_date(local)} at {local:%H:%M}"


def index_date(value: date) -> str:
    """'27 Mar 2026': in the hearing bundle's cover, index and bookmarks, where the columns are narrow."""
    return f"{value.day} {value:%b %Y}"
