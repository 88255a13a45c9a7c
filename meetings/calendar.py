"""Calendar files (iCalendar, RFC 5545) for meetings, written with the icalendar library.

One UID per meeting for its whole life, SEQUENCE from the meeting row, times with TZID
Europe/Amsterdam (icalendar adds the VTIMEZONE), METHOD:REQUEST for announcements and changes,
METHOD:CANCEL for a cancellation, so calendar programs update the event they already have.
"""

from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def meeting_uid(meeting):
    return f"meeting-{meeting.pk}@{urlsplit(settings.SITE_URL).hostname or 'leernetwerk'}"


def _event(meeting):
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(AMSTERDAM))
    event.add("dtend", meeting.ends_at.astimezone(AMSTERDAM))
    event.add("summary", f"{meeting.network.name}: {meeting.title}")
    event.add("location", meeting.place or meeting.online_url)
    event.add("url", settings.SITE_URL + meeting.get_absolute_url())
    description = [meeting.agenda, meeting.online_url, settings.SITE_URL + meeting.get_absolute_url()]
    event.add("description", "\n\n".join(part for part in description if part))
    if meeting.status == meeting.Status.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def calendar_for(meetings, *, method=None, name=None):
    calendar = Calendar()
    calendar.add("prodid", "-//VO-raad//Leernetwerken//NL")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(_event(meeting))
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()


def meeting_attachment(meeting):
    """The .ics attachment for an announcement, a change or a cancellation of `meeting`."""
    method = "CANCEL" if meeting.status == meeting.Status.CANCELLED else "REQUEST"
    return {
        "filename": "bijeenkomst.ics",
        "mimetype": f"text/calendar; method={method}",
        "content": calendar_for([meeting], method=method),
    }
