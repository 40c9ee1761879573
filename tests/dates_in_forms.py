"""Posting GOV.UK date inputs (the day, month and year boxes share the field's name) from tests."""
from datetime import date


def dated(**days: date | None) -> dict:
    """dated(told_on=date(2025, 12, 23), ...) -> the form fields for each date (None leaves the boxes empty)."""
    return {name: [str(day.day), str(day.month), str(day.year)] if day else ["", "", ""]
            for name, day in days.items()}
