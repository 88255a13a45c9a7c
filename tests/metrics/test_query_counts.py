"""Pages that show figures make the same number of queries however many people, schools, networks and
recorded attendance there are: each figure is one subquery, never a query per network or per row."""

import pytest

from tests.factories import AttendanceFactory, MeetingFactory, MembershipFactory, NetworkFactory
from tests.helpers import count_queries


def grow(network, count):
    meeting = MeetingFactory(network=network, held=True)
    for index in range(count):
        membership = MembershipFactory(network=network)
        AttendanceFactory(meeting=meeting, membership=membership, present=index % 2 == 0)
        neighbour = NetworkFactory(region=network.region)
        AttendanceFactory(meeting=MeetingFactory(network=neighbour, held=True))


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("member", "/networks/{slug}/"),
        ("outsider", "/networks/{slug}/"),
        ("member", "/"),
        ("outsider", "/networks/"),
        ("outsider", "/regions/{region}/"),
        ("staff", "/admin/networks/network/"),
    ],
)
def test_pages_with_figures_make_as_many_queries_with_more_data(request, login, network, member, persona, path):
    user = request.getfixturevalue(persona)
    if persona == "staff":
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    client = login(user)
    path = path.format(slug=network.slug, region=network.region.slug)
    grow(network, 2)
    small = count_queries(client, path)
    grow(network, 10)
    assert count_queries(client, path) == small


def test_held_meeting_page_makes_as_many_queries_with_more_attendance(login, network, member):
    meeting = MeetingFactory(network=network, held=True)
    for _ in range(2):
        AttendanceFactory(meeting=meeting)
    client = login(member)
    small = count_queries(client, f"/meetings/{meeting.pk}/")
    for index in range(10):
        AttendanceFactory(meeting=meeting, present=index % 3 == 0)
    assert count_queries(client, f"/meetings/{meeting.pk}/") == small
