"""Those who look after a region see, on its page, the phase and the health of each network with its
reasons; members and outsiders see the phase only. The health of all the region's networks costs the
same few queries however many networks there are."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import AttendanceFactory, MeetingFactory, MembershipFactory, NetworkFactory
from tests.networks.test_query_counts import queries


def fading(network):
    """Three held meetings with fewer people each time, and nothing planned after them."""
    members = [MembershipFactory(network=network) for _ in range(4)]
    for weeks_ago, present in ((12, 4), (10, 3), (9, 1)):
        starts_at = timezone.now() - timedelta(weeks=weeks_ago)
        meeting = MeetingFactory(
            network=network, held=True, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2)
        )
        for index, membership in enumerate(members):
            AttendanceFactory(meeting=meeting, membership=membership, present=index < present)


@pytest.mark.parametrize(
    ("persona", "sees_health"), [("regional_coordinator", True), ("staff", True), ("member", False)]
)
def test_region_page_shows_health_to_those_who_look_after_the_region(
    request, login, network, everyone, persona, sees_health
):
    fading(network)
    page = login(request.getfixturevalue(persona)).get(f"/regions/{network.region.slug}/").content.decode()
    assert "In oprichting" in page
    assert ("Gezondheid:" in page) is sees_health
    assert ("De opkomst daalt" in page) is sees_health


def test_region_health_costs_the_same_queries_for_two_and_for_eight_networks(login, network, regional_coordinator):
    client = login(regional_coordinator)
    path = f"/regions/{network.region.slug}/"
    fading(network)
    small = queries(client, path)
    for _ in range(6):
        fading(NetworkFactory(region=network.region))
    assert queries(client, path) == small
