"""Jinja filters every area uses, so dates read the same on every page."""
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

UK_TIME = ZoneInfo("Europe/London")


def long_date(value: date | None) -> str:
    """27 March 2026."""
    return f"{value.day} {value:%B %Y}" if value else ""


def date_time(value: datetime | None) -> str:
    """27 March 2026 at 14:05, in UK time (stored as UTC, which is an hour behind in summer)."""
    if not value:
        return ""
    local = value.replace(tzinfo=UTC).astimezone(UK_TIME)
    return f"{long_date(local)} at {local:%H:%M}"


def file_size(size: int | None) -> str:
    """12.3 MB, or 840 KB for a small file (1 MB = 1024 KB, as MAX_UPLOAD_MB counts)."""
    if size is None:
        return ""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"
