"""The meetings on the network page: each once, with its state in words, and "no meeting planned"
only when nothing is ahead."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.template.defaultfilters import date
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from meetings.models import Meeting

NONE_PLANNED = "Er is nog geen bijeenkomst gepland."


def make_meeting(network, number, *, starts_in, hours=2, status="planned", title=None):
    starts = timezone.now() + starts_in
    return Meeting.objects.create(
        network=network,
        number=number,
        title=title or f"Bijeenkomst {number}",
        place="Zwolle",
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        status=status,
        cancel_reason="Te weinig aanmeldingen" if status == "cancelled" else "",
    )


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
        "held": make_meeting(network, 1, starts_in=timedelta(days=-30), status="held", title="Startbijeenkomst"),
        "not_recorded": make_meeting(network, 2, starts_in=timedelta(days=-10), title="Casusbespreking"),
        "in_progress": make_meeting(network, 3, starts_in=timedelta(hours=-1), title="Intervisie nu"),
        "cancelled": make_meeting(network, 4, starts_in=timedelta(days=7), status="cancelled", title="Afgelaste"),
        "upcoming": make_meeting(network, 5, starts_in=timedelta(days=21), title="Terugblik"),
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
    now = make_meeting(network, 1, starts_in=timedelta(minutes=-30), title="Nu bezig")
    page = login(member).get(f"/networks/{network.slug}/")
    assert [m.pk for m in page.context["meetings_ahead"]] == [now.pk]
    assert page.context["earlier_meetings"] == []
    assert NONE_PLANNED not in page.text


def test_cancelled_future_meeting_stays_visible_as_cancelled(login, network, member):
    cancelled = make_meeting(network, 1, starts_in=timedelta(days=5), status="cancelled", title="Gaat niet door")
    page = login(member).get(f"/networks/{network.slug}/")
    assert listed(page, cancelled) == [f"{long_date(cancelled)}: Gaat niet door · Zwolle Afgelast"]
    # Nothing that takes place is ahead, so the page still says so.
    assert NONE_PLANNED in page.text


def test_none_planned_only_when_nothing_is_ahead(login, network, member):
    client = login(member)
    make_meeting(network, 1, starts_in=timedelta(days=-20), status="held")
    assert NONE_PLANNED in client.get(f"/networks/{network.slug}/").text
    make_meeting(network, 2, starts_in=timedelta(days=20))
    assert NONE_PLANNED not in client.get(f"/networks/{network.slug}/").text


def test_meeting_list_queries_do_not_grow_with_the_number_of_meetings(login, network, member):
    client = login(member)
    path = f"/networks/{network.slug}/"
    client.get(path)
    make_meeting(network, 1, starts_in=timedelta(days=3))
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    for number in range(2, 30):
        make_meeting(network, number, starts_in=timedelta(days=10 * (number - 15)), status="held")
    with CaptureQueriesContext(connection) as many:
        client.get(path)
    assert len(many) == len(few)
