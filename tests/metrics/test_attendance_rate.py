"""The attendance rate: of the attendance recorded at held meetings, the share present. The meeting page,
the network page and a region read it from the one definition."""

import pytest

from meetings.models import Meeting
from metrics import registry
from tests.factories import AttendanceFactory, MeetingFactory, MembershipFactory, NetworkFactory


def record(meeting, present, absent):
    for came in [True] * present + [False] * absent:
        AttendanceFactory(meeting=meeting, membership=MembershipFactory(network=meeting.network), present=came)


@pytest.fixture
def history(network):
    """Two held meetings (3 of 4 came, then 1 of 2), and attendance rows on a meeting that is not held,
    which the rate leaves out: 4 of 6, two thirds."""
    first = MeetingFactory(network=network, held=True)
    second = MeetingFactory(network=network, held=True)
    record(first, present=3, absent=1)
    record(second, present=1, absent=1)
    not_held = MeetingFactory(network=network, ended=True)
    record(not_held, present=0, absent=5)
    return first, second


def test_rate_of_a_network_counts_recorded_attendance_of_held_meetings(network, history):
    assert registry.for_object(network, "attendance_rate")["attendance_rate"] == pytest.approx(4 / 6)


def test_rate_of_one_meeting_is_its_share_present(history):
    first, second = history
    assert registry.for_object(first, "attendance_rate")["attendance_rate"] == pytest.approx(3 / 4)
    assert registry.for_object(second, "attendance_rate")["attendance_rate"] == pytest.approx(1 / 2)


def test_rate_of_a_region_and_of_the_country_weigh_every_recorded_person_alike(network, history):
    elsewhere = MeetingFactory(network=NetworkFactory(region=network.region), held=True)
    record(elsewhere, present=2, absent=0)
    assert registry.for_object(network.region, "attendance_rate")["attendance_rate"] == pytest.approx(6 / 8)
    assert registry.overall("attendance_rate")["attendance_rate"] == pytest.approx(6 / 8)


def test_without_recorded_attendance_there_is_no_rate_rather_than_zero(network):
    MeetingFactory(network=network, held=True)
    assert registry.for_object(network, "attendance_rate") == {"attendance_rate": None}
    annotated = registry.annotate(type(network).objects.filter(pk=network.pk), "attendance_rate", "members")
    assert [(n.attendance_rate, n.members) for n in annotated] == [(None, 0)]


def test_meeting_page_shows_the_rate_with_its_definition(login, history, member):
    first, _second = history
    page = login(member).get(f"/meetings/{first.pk}/")
    assert page.context["figures"] == {"attendance_rate": pytest.approx(0.75)}
    assert "Opkomst: 75%" in page.text
    assert "<summary>Hoe tellen we dit?</summary>" in page.text
    assert "Van de mensen op de aanwezigheidslijsten van gehouden bijeenkomsten" in page.text


def test_network_page_shows_the_rate_to_those_inside(login, network, history, member, outsider):
    assert "Opkomst: 67%" in login(member).get(f"/networks/{network.slug}/").text
    assert "Opkomst" not in login(outsider).get(f"/networks/{network.slug}/").text


def test_a_held_meeting_without_attendance_shows_no_rate(login, network, member):
    meeting = MeetingFactory(network=network, held=True)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD
    page = login(member).get(f"/meetings/{meeting.pk}/")
    assert "Opkomst:" not in page.text
