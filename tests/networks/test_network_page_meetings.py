"""The meetings on the network page: each once, with its state in words, and "no meeting planned"
only when nothing is ahead."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.template.defaultfilters import date
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from tests.factories import MeetingFactory

NONE_PLANNED = "Er is nog geen bijeenkomst gepland."


def meeting_in(network, starts_in, **fields):
    """A meeting in Zwolle that starts `starts_in` from now (a negative timedelta: in the past)."""
    return MeetingFactory(network=network, place="Zwolle", starts_at=timezone.now() + starts_in, **fields)


def long_date(meeting):
    with translation.override("nl"):
        return date(timezone.localtime(meeting.starts_at), "l j F Y, H:i")


def listed(page, meeting):
    """The list items on the page that link to the meeting, as text without tags."""
    items = re.findall(r"<li[^>]*>(.*?)</li>", page.text, re.DOTALL)
    return [
        " ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items if f'href="/meetings/{meeting.pk}/"' in item
    ]


@pytest.fixture
def meetings(network):
    return {
        "held": meeting_in(network, timedelta(days=-30), held=True, title="Startbijeenkomst"),
        "not_recorded": meeting_in(network, timedelta(days=-10), title="Casusbespreking"),
        "in_progress": meeting_in(network, timedelta(hours=-1), title="Intervisie nu"),
        "cancelled": meeting_in(network, timedelta(days=7), cancelled=True, title="Afgelaste"),
        "upcoming": meeting_in(network, timedelta(days=21), title="Terugblik"),
    }


def test_each_meeting_is_listed_once_with_its_state(login, member, meetings):
    page = login(member).get(f"/networks/{meetings['held'].network.slug}/")
    expected = {
        "held": "Gehouden",
        "not_recorded": "Gehouden",
        "in_progress": "Nu bezig",
        "cancelled": "Afgelast",
        "upcoming": "Aankomend",
    }
    for key, label in expected.items():
        items = listed(page, meetings[key])
        assert len(items) == 1, (key, items)
        assert items[0].endswith(label), (key, items)


def test_meeting_in_progress_is_not_also_an_earlier_meeting(login, network, member):
    now = meeting_in(network, timedelta(minutes=-30), title="Nu bezig")
    page = login(member).get(f"/networks/{network.slug}/")
    assert [m.pk for m in page.context["meetings_ahead"]] == [now.pk]
    assert page.context["earlier_meetings"] == []
    assert NONE_PLANNED not in page.text


def test_cancelled_future_meeting_stays_visible_as_cancelled(login, network, member):
    cancelled = meeting_in(network, timedelta(days=5), cancelled=True, title="Gaat niet door")
    page = login(member).get(f"/networks/{network.slug}/")
    assert listed(page, cancelled) == [f"{long_date(cancelled)}: Gaat niet door · Zwolle Afgelast"]
    # Nothing that takes place is ahead, so the page still says so.
    assert NONE_PLANNED in page.text


def test_none_planned_only_when_nothing_is_ahead(login, network, member):
    client = login(member)
    meeting_in(network, timedelta(days=-20), held=True)
    assert NONE_PLANNED in client.get(f"/networks/{network.slug}/").text
    meeting_in(network, timedelta(days=20))
    assert NONE_PLANNED not in client.get(f"/networks/{network.slug}/").text


def test_meeting_list_queries_do_not_grow_with_the_number_of_meetings(login, network, member):
    client = login(member)
    path = f"/networks/{network.slug}/"
    client.get(path)
    meeting_in(network, timedelta(days=3))
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    for number in range(2, 30):
        meeting_in(network, timedelta(days=10 * (number - 15)), held=True)
    with CaptureQueriesContext(connection) as many:
        client.get(path)
    assert len(many) == len(few)
