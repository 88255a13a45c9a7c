"""The personal calendar feed (/calendar/<token>.ics) and resetting its secret address.

Calendar programs cannot log in: the token in the address is the only key, so the tests check that it
opens exactly the meetings of the person's current networks, and that a reset closes the old address.
"""

import re
from datetime import datetime, time, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from meetings.calendar import meeting_uid
from meetings.models import Meeting
from members.models import User
from networks.models import Membership
from tests.factories import MeetingFactory, MembershipFactory

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
RESET = "/account/calendar/reset/"
PROFILE = "/account/profile/"


def at(days, hour=15, minute=0):
    return datetime.combine(timezone.localdate() + timedelta(days=days), time(hour, minute), tzinfo=AMSTERDAM)


def meeting_in(network, days, **fields):
    """A meeting from 15:00 to 17:30 Amsterdam time, `days` from today."""
    return MeetingFactory(network=network, starts_at=at(days), ends_at=at(days, 17, 30), **fields)


def feed_path(user):
    return f"/calendar/{user.calendar_token}.ics"


def fetch(user_or_path):
    path = user_or_path if isinstance(user_or_path, str) else feed_path(user_or_path)
    return Client().get(path)


def unfolded(response):
    """The iCalendar text with folded lines joined again (RFC 5545 folds lines at 75 octets)."""
    return re.sub(r"\r\n[ \t]", "", response.content.decode())


def events(response):
    return {str(event["UID"]): event for event in Calendar.from_ical(response.content).walk("VEVENT")}


# --- What the feed holds --------------------------------------------------------------------------


def test_member_feed_has_the_meetings_of_their_network_with_amsterdam_times(network, member):
    meeting = meeting_in(network, 14, title="Intervisie: het goede gesprek")
    response = fetch(member)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=900"
    text = unfolded(response)
    assert "X-WR-CALNAME:Leernetwerken" in text
    assert "DTSTART;TZID=Europe/Amsterdam:" + at(14).strftime("%Y%m%dT%H%M%S") in text
    assert "BEGIN:VTIMEZONE" in text
    assert f"UID:{meeting_uid(meeting)}" in text
    event = events(response)[meeting_uid(meeting)]
    assert str(event["SUMMARY"]) == f"{network.name}: Intervisie: het goede gesprek"
    assert event["DTSTART"].dt == at(14)


def test_feed_never_shows_meetings_of_another_network(network, member, outsider):
    ours = meeting_in(network, 14, title="Onze bijeenkomst")
    theirs = meeting_in(outsider.memberships.get().network, 14, title="Hun bijeenkomst")
    assert set(events(fetch(member))) == {meeting_uid(ours)}
    assert set(events(fetch(outsider))) == {meeting_uid(theirs)}
    assert "Hun bijeenkomst" not in unfolded(fetch(member))


@pytest.mark.parametrize("persona", ["coordinator", "facilitator", "member"])
def test_every_role_gets_the_meetings_of_the_network(request, network, persona):
    meeting = meeting_in(network, 7)
    assert meeting_uid(meeting) in events(fetch(request.getfixturevalue(persona)))


def test_feed_joins_all_networks_of_the_person(network, member):
    second = MembershipFactory(user=member).network
    here, there = meeting_in(network, 7), meeting_in(second, 21)
    assert set(events(fetch(member))) == {meeting_uid(here), meeting_uid(there)}


def test_former_member_gets_no_meetings_of_the_network_they_left(network, member):
    meeting_in(network, -30, held=True)
    meeting_in(network, 14)
    Membership.objects.filter(user=member).update(left_on=timezone.localdate())
    response = fetch(member)
    assert response.status_code == 200
    assert events(response) == {}


def test_cancelled_meetings_stay_in_the_feed_marked_cancelled(network, member):
    planned = meeting_in(network, 14)
    cancelled = meeting_in(network, 21, cancelled=True)
    held = meeting_in(network, -14, held=True)
    found = events(fetch(member))
    assert str(found[meeting_uid(cancelled)]["STATUS"]) == "CANCELLED"
    assert str(found[meeting_uid(planned)]["STATUS"]) == "CONFIRMED"
    assert str(found[meeting_uid(held)]["STATUS"]) == "CONFIRMED"


def test_meetings_older_than_six_months_are_left_out(network, member):
    recent = meeting_in(network, -150, held=True)
    meeting_in(network, -200, held=True)
    assert set(events(fetch(member))) == {meeting_uid(recent)}


def test_feed_of_a_person_without_networks_is_an_empty_calendar(db):
    user = User.objects.create_user("los@school.example.nl", full_name="Los Persoon")
    response = fetch(user)
    assert response.status_code == 200
    assert "BEGIN:VCALENDAR" in unfolded(response)
    assert events(response) == {}


# --- The token is the key -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/calendar/onbekend.ics", "/calendar/" + "x" * 43 + ".ics", "/calendar/%27%20OR%201%3D1.ics"],
)
def test_unknown_or_garbage_token_gets_404(db, member, path):
    assert fetch(path).status_code == 404


def test_deactivated_person_gets_404(member):
    User.objects.filter(pk=member.pk).update(is_active=False)
    assert fetch(member).status_code == 404


def test_feed_needs_no_login_and_takes_no_post(member):
    assert fetch(member).status_code == 200
    assert Client().post(feed_path(member)).status_code == 405


def test_after_a_reset_the_old_address_404s_and_the_new_one_works(network, member, login):
    meeting_in(network, 14)
    old = feed_path(member)
    assert fetch(old).status_code == 200
    response = login(member).post(RESET)
    assert response.status_code == 302
    assert response["Location"] == PROFILE + "#calendar"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Je agenda-adres is gewijzigd. Zet het nieuwe adres in je agendaprogramma; het oude werkt niet meer."
    ]
    member.refresh_from_db()
    assert feed_path(member) != old
    assert fetch(old).status_code == 404
    new = fetch(member)
    assert new.status_code == 200
    assert len(events(new)) == 1


def test_reset_changes_only_the_persons_own_address(member, coordinator, login):
    before = coordinator.calendar_token
    login(member).post(RESET)
    coordinator.refresh_from_db()
    assert coordinator.calendar_token == before


def test_reset_needs_post(member, login):
    token = member.calendar_token
    assert login(member).get(RESET).status_code == 405
    member.refresh_from_db()
    assert member.calendar_token == token


def test_reset_needs_login(member):
    response = Client().post(RESET)
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=" + quote(RESET)
    token = member.calendar_token
    member.refresh_from_db()
    assert member.calendar_token == token


def test_reset_is_protected_against_csrf(member, login):
    client = login(member, enforce_csrf_checks=True)
    token = member.calendar_token
    assert client.post(RESET).status_code == 403
    member.refresh_from_db()
    assert member.calendar_token == token
    # The form on the profile page carries the token and works.
    page = client.get(PROFILE).content.decode()
    csrf = re.search(
        r'action="/account/calendar/reset/">\s*<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"', page
    )
    assert csrf, "the reset form has no CSRF token"
    assert client.post(RESET, {"csrfmiddlewaretoken": csrf.group(1)}).status_code == 302
    member.refresh_from_db()
    assert member.calendar_token != token


# --- The profile page -----------------------------------------------------------------------------


def test_profile_page_shows_the_feed_address_and_the_reset_form(member, login):
    response = login(member).get(PROFILE)
    assert response.status_code == 200
    url = f"http://testserver/calendar/{member.calendar_token}.ics"
    assert response.context["feed_url"] == url
    page = response.content.decode()
    assert re.search(r'<label for="calendar-feed-url"[^>]*>', page)
    assert re.search(rf'<input type="text" id="calendar-feed-url"[^>]*value="{re.escape(url)}"[^>]*readonly', page)
    assert 'action="/account/calendar/reset/"' in page


# --- Queries --------------------------------------------------------------------------------------


def count_queries(path):
    client = Client()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_feed_queries_do_not_grow_with_the_meetings(network, member):
    second = MembershipFactory(user=member).network
    for days in (7, 14):
        meeting_in(network, days)
    few = count_queries(feed_path(member))
    for days in range(21, 77, 7):
        meeting_in(network if days % 2 else second, days)
    assert Meeting.objects.filter(network__memberships__user=member).count() == 10
    assert count_queries(feed_path(member)) == few
    assert few <= 3
