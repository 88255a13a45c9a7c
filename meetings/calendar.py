"""Calendar files (iCalendar, RFC 5545) for meetings, written with the icalendar library.

One UID per meeting for its whole life, SEQUENCE from the meeting row, times with TZID
Europe/Amsterdam (with its VTIMEZONE), METHOD:REQUEST for announcements and changes,
METHOD:CANCEL for a cancellation, so calendar programs update the event they already have.

A file sent with a METHOD is an iTIP message (RFC 5546): it names the portal as ORGANIZER and its one
recipient as ATTENDEE, or mail clients show it as a plain file instead of offering accept/decline and
applying the change. The feed and the download on the meeting page carry no METHOD and no people.
"""

from email.utils import parseaddr
from functools import cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vCalAddress

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
    # The agenda as plain text: calendar programs show DESCRIPTION as it is, Markdown signs and all.
    description = [meeting.agenda_text, meeting.online_url, settings.SITE_URL + meeting.get_absolute_url()]
    event.add("description", "\n\n".join(part for part in description if part))
    if meeting.status == meeting.Status.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def _organizer():
    """The portal's own from address, the same for every mail about a meeting.

    Not the planner: calendar programs apply a change or cancellation only when it comes from the
    organizer of the event they hold, and another coordinator may change or cancel the meeting (or
    the planner may have left) long after it was planned. It is also the mail's From, so clients do
    not flag an organizer who did not send the invitation (we cannot send as the planner), and the
    planner's own copy still offers accept/decline (a client shows none to the organizer). Replies that
    clients send to it are not read: answers count through the links in the mail and the meeting page.
    """
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["CN"] = name or address
    return organizer


def _attendee(user):
    """The one recipient of the mail, asked to answer (PARTSTAT and RSVP are what make clients ask)."""
    attendee = vCalAddress(f"mailto:{user.email}")
    attendee.params.update(
        {
            "CN": user.full_name or user.email,
            "CUTYPE": "INDIVIDUAL",
            "ROLE": "REQ-PARTICIPANT",
            "PARTSTAT": "NEEDS-ACTION",
            "RSVP": "TRUE",
        }
    )
    return attendee


@cache
def _amsterdam_vtimezone():
    """Every time we write is Amsterdam time. Its VTIMEZONE (decades of changes) costs more to build than
    the rest of a file, and mails build one file per recipient: build it once per process."""
    return Timezone.from_tzid("Europe/Amsterdam")


def _calendar(events, *, method=None, name=None):
    calendar = Calendar()
    calendar.add("prodid", "-//VO-raad//Leernetwerken//NL")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add_component(_amsterdam_vtimezone())
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()  # none missing unless someone writes a time in another zone
    return calendar.to_ical().decode()


def calendar_for(meetings, *, name=None):
    """The feed or a download: events to keep, no METHOD, no organizer or attendees."""
    return _calendar([_event(meeting) for meeting in meetings], name=name)


def meeting_attachment(meeting, *, attendee):
    """The .ics attachment of the announcement, change or cancellation of `meeting` sent to the user
    `attendee`: METHOD:REQUEST (or CANCEL once cancelled) with the portal as ORGANIZER and them as ATTENDEE.
    """
    method = "CANCEL" if meeting.status == meeting.Status.CANCELLED else "REQUEST"
    event = _event(meeting)
    event.add("organizer", _organizer())
    event.add("attendee", _attendee(attendee))
    return {
        "filename": "bijeenkomst.ics",
        # The method parameter tells mail clients to treat the part as an invitation (RFC 6047);
        # Django's mail adds charset="utf-8" to every text part.
        "mimetype": f"text/calendar; method={method}",
        "content": _calendar([event], method=method),
    }
