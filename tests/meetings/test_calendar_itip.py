"""The calendar files in meeting mails are iTIP messages (RFC 5546) that mail clients can act on.

A METHOD:REQUEST needs an ORGANIZER and the recipient as ATTENDEE before Outlook, Gmail or Apple Mail
offer accept/decline, and a METHOD:CANCEL needs the ORGANIZER of the event it removes. Each mail is
checked twice: with libical's own iTIP restriction check (the one the issue ran; `make test` installs
libical3) and with the restriction table of RFC 5546 written out here.
"""

import ctypes
import ctypes.util
import os
import re
from datetime import timedelta
from email.utils import parseaddr

import pytest
from django.conf import settings
from django.utils import timezone
from icalendar import Calendar

from mail.models import OutgoingMail
from meetings import services
from meetings.calendar import meeting_uid

# RFC 5546 3.2.2 (REQUEST) and 3.2.5 (CANCEL) for VEVENT: how often each property may occur.
MANY = None
RESTRICTIONS = {
    "REQUEST": {
        "ATTENDEE": (1, MANY),
        "DTSTAMP": (1, 1),
        "DTSTART": (1, 1),
        "ORGANIZER": (1, 1),
        "SEQUENCE": (0, 1),
        "SUMMARY": (1, 1),
        "UID": (1, 1),
        "DTEND": (0, 1),
        "DURATION": (0, 0),  # DTEND is given; both together are not allowed
        "STATUS": (0, 1),
        "REQUEST-STATUS": (0, 0),
    },
    "CANCEL": {
        "ATTENDEE": (0, MANY),
        "DTSTAMP": (1, 1),
        "ORGANIZER": (1, 1),
        "SEQUENCE": (1, 1),
        "UID": (1, 1),
        "STATUS": (0, 1),
        "REQUEST-STATUS": (0, 0),
    },
}
ALLOWED_STATUS = {"REQUEST": {"TENTATIVE", "CONFIRMED"}, "CANCEL": {"CANCELLED"}}


def in_days(days, hour=15):
    return (timezone.localtime() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def rfc5546_problems(text):
    """What the RFC 5546 restriction table finds wrong in one iTIP message; [] when nothing."""
    calendar = Calendar.from_ical(text)
    method = str(calendar.get("METHOD", ""))
    problems = []
    for name, wanted in (("METHOD", method), ("PRODID", None), ("VERSION", "2.0")):
        if name not in calendar or (wanted is not None and str(calendar[name]) != wanted):
            problems.append(f"VCALENDAR {name}")
    if method not in RESTRICTIONS:
        return [*problems, f"unexpected METHOD {method!r}"]
    events = calendar.walk("VEVENT")
    if len(events) != 1:
        problems.append(f"{len(events)} VEVENTs")
    for event in events:
        for name, (least, most) in RESTRICTIONS[method].items():
            found = event.get(name)
            count = 0 if found is None else len(found) if isinstance(found, list) else 1
            if count < least or (most is not None and count > most):
                problems.append(f"{method} {name}: {count}")
        if "STATUS" in event and str(event["STATUS"]) not in ALLOWED_STATUS[method]:
            problems.append(f"{method} STATUS {event['STATUS']}")
    return problems


def _load_libical():
    path = ctypes.util.find_library("ical") or "libical.so.3"
    try:
        lib = ctypes.CDLL(path)
    except OSError:
        return None
    lib.icalparser_parse_string.restype = ctypes.c_void_p
    lib.icalparser_parse_string.argtypes = [ctypes.c_char_p]
    lib.icalrestriction_check.restype = ctypes.c_int
    lib.icalrestriction_check.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_as_ical_string.restype = ctypes.c_char_p
    lib.icalcomponent_as_ical_string.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_free.argtypes = [ctypes.c_void_p]
    return lib


LIBICAL = _load_libical()


def libical_problems(text):
    """libical's icalrestriction_check: the X-LIC-ERROR lines it adds to the parsed message."""
    component = LIBICAL.icalparser_parse_string(text.encode())
    assert component, "libical could not parse the calendar file"
    try:
        valid = LIBICAL.icalrestriction_check(component)
        checked = re.sub(r"\r?\n[ \t]", "", LIBICAL.icalcomponent_as_ical_string(component).decode())
    finally:
        LIBICAL.icalcomponent_free(component)
    errors = [line for line in checked.splitlines() if line.startswith("X-LIC-ERROR")]
    return errors or ([] if valid else ["icalrestriction_check returned 0"])


@pytest.fixture
def meeting_mails(db, network, coordinator, facilitator, member, mail_sink, send_queued_mail):
    """The announcement, change, cancellation and seat mails of two meetings, as the SMTP sink got them."""
    meeting = services.schedule_meeting(
        network=network, planned_by=coordinator, title="Start", starts_at=in_days(7), ends_at=in_days(7, 17), place="A"
    )
    services.update_meeting(meeting=meeting, place="Het Baken, Alkmaar")
    services.cancel_meeting(meeting=meeting, reason="De zaal is niet beschikbaar")
    full = services.schedule_meeting(
        network=network,
        planned_by=facilitator,
        title="Vol",
        starts_at=in_days(9),
        ends_at=in_days(9, 17),
        place="Zwolle",
        capacity=1,
    )
    services.answer_invitation(meeting=full, user=member, answer="yes")
    services.answer_invitation(meeting=full, user=coordinator, answer="yes")  # waits
    services.answer_invitation(meeting=full, user=member, answer="no")  # the coordinator gets the seat
    kinds = set(OutgoingMail.objects.values_list("kind", flat=True))
    assert kinds >= {"meeting_announcement", "meeting_changed", "meeting_cancelled", "meeting_seat"}
    count = send_queued_mail()
    return {mail.recipient: mail for mail in OutgoingMail.objects.all()}, mail_sink.wait_for(count)


def calendar_parts(message):
    return [part for part in message.walk() if part.get_content_type() == "text/calendar"]


@pytest.mark.smtp
def test_every_calendar_file_in_a_meeting_mail_passes_libical_itip_check(meeting_mails):
    if LIBICAL is None:
        # `make test` installs libical3, so only a quick run of a few tests may go without it.
        (pytest.skip if os.environ.get("QUICK") else pytest.fail)("libical3 is not installed (`make test` installs it)")
    _rows, messages = meeting_mails
    checked = 0
    for message in messages:
        for part in calendar_parts(message):
            assert libical_problems(part.get_content()) == [], (message["Subject"], message["To"])
            checked += 1
    assert checked == 3 * 3 + 3  # announcement, change, cancellation to 3 members; the second announcement


@pytest.mark.smtp
def test_every_calendar_file_in_a_meeting_mail_meets_the_rfc5546_restrictions(meeting_mails):
    _rows, messages = meeting_mails
    methods = []
    for message in messages:
        for part in calendar_parts(message):
            assert rfc5546_problems(part.get_content()) == [], (message["Subject"], message["To"])
            methods.append(str(Calendar.from_ical(part.get_content())["METHOD"]))
    assert sorted(set(methods)) == ["CANCEL", "REQUEST"]


@pytest.mark.smtp
def test_request_names_the_portal_as_organizer_and_the_recipient_as_attendee(meeting_mails, member, coordinator):
    _rows, messages = meeting_mails
    sender_name, sender = parseaddr(settings.DEFAULT_FROM_EMAIL)
    for message in messages:
        for part in calendar_parts(message):
            [event] = Calendar.from_ical(part.get_content()).walk("VEVENT")
            assert str(event["ORGANIZER"]) == f"mailto:{sender}"
            assert event["ORGANIZER"].params["CN"] == sender_name
            assert parseaddr(message["From"])[1] == sender  # the organizer is who sent the mail
            attendee = event["ATTENDEE"]
            assert not isinstance(attendee, list), "one attendee: the recipient, nobody else's address"
            assert str(attendee) == f"mailto:{message['To']}"
            recipient = {member.email: member, coordinator.email: coordinator}.get(message["To"])
            if recipient is not None:
                assert attendee.params["CN"] == recipient.full_name
            assert (attendee.params["PARTSTAT"], attendee.params["RSVP"]) == ("NEEDS-ACTION", "TRUE")


@pytest.mark.smtp
def test_calendar_part_is_sent_with_its_method_and_charset(meeting_mails):
    _rows, messages = meeting_mails
    seen = set()
    for message in messages:
        for part in calendar_parts(message):
            method = str(Calendar.from_ical(part.get_content())["METHOD"])
            assert part.get_param("method") == method
            assert part.get_content_charset() == "utf-8"
            seen.add((message["Subject"].split(":")[0], method))
    assert seen == {("Uitnodiging", "REQUEST"), ("Gewijzigd", "REQUEST"), ("Afgelast", "CANCEL")}


@pytest.mark.smtp
def test_cancellation_keeps_the_uid_and_raises_the_sequence(meeting_mails, member):
    _rows, messages = meeting_mails
    mine = [m for m in messages if m["To"] == member.email]
    events = {}
    for message in mine:
        for part in calendar_parts(message):
            [event] = Calendar.from_ical(part.get_content()).walk("VEVENT")
            events[message["Subject"].split(":")[0]] = event
    uids = {str(events[kind]["UID"]) for kind in ("Uitnodiging", "Gewijzigd", "Afgelast")}
    assert len(uids) == 1
    assert [int(events[kind]["SEQUENCE"]) for kind in ("Gewijzigd", "Afgelast")] == [1, 2]
    assert str(events["Afgelast"]["STATUS"]) == "CANCELLED"


def test_download_and_feed_stay_plain_calendars_without_method_or_people(login, network, member, coordinator):
    meeting = services.schedule_meeting(
        network=network, planned_by=coordinator, title="Start", starts_at=in_days(7), ends_at=in_days(7, 17), place="A"
    )
    client = login(member)
    download = client.get(f"/meetings/{meeting.pk}/calendar.ics")
    feed = client.get(f"/calendar/{member.calendar_token}.ics")
    for response in (download, feed):
        calendar = Calendar.from_ical(response.content)
        assert "METHOD" not in calendar
        [event] = calendar.walk("VEVENT")
        assert str(event["UID"]) == meeting_uid(meeting)
        assert "ORGANIZER" not in event and "ATTENDEE" not in event


def test_each_recipient_gets_a_file_that_names_only_them(db, network, coordinator, facilitator, member):
    services.schedule_meeting(
        network=network, planned_by=coordinator, title="Start", starts_at=in_days(7), ends_at=in_days(7, 17), place="A"
    )
    attendees = {}
    for mail in OutgoingMail.objects.filter(kind="meeting_announcement"):
        [attachment] = mail.attachments
        [event] = Calendar.from_ical(attachment["content"]).walk("VEVENT")
        attendees[mail.recipient] = str(event["ATTENDEE"])
    assert attendees == {user.email: f"mailto:{user.email}" for user in (coordinator, facilitator, member)}
