"""iCalendar feeds of deadlines, for subscribing in Outlook. Only case references go in, never a child's name."""
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from .items import TimetableItem


def ics_feed(name: str, items: list[TimetableItem]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//bundler//SEND Tribunal deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = datetime.now(UTC)
    for item in items:
        event = Event()
        event.add("uid", f"{item.uid}@bundler")
        event.add("dtstamp", stamp)
        # All-day events: the act is due by 5pm on the day, which the description says.
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(days=1))
        # No state ("(Overdue)") in the summary: a subscribed calendar shows it long after it stops being true.
        event.add("summary", f"{item.case.reference}: {item.title}")
        event.add("description", " ".join(part for part in (item.explanation, item.flag) if part))
        calendar.add_component(event)
    return calendar.to_ical()
