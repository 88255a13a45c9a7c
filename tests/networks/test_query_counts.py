"""The pages of a network issue the same number of SQL queries whatever the number of members,
schools, invitations or requests (the benchmark in bench/ prints the same at 10 and 1,000)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from networks.models import Invitation, JoinRequest
from tests.factories import MembershipFactory, NetworkFactory, UserFactory


def grow(network, count):
    for _ in range(count):
        MembershipFactory(network=network)
        Invitation.objects.create(network=network, email=f"{UserFactory().email}.x")
        JoinRequest.objects.create(network=network, user=UserFactory())
        MembershipFactory(network=NetworkFactory(region=network.region))


def queries(client, path):
    client.get(path)  # the first request of a client loads its session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("coordinator", "/networks/{slug}/"),
        ("coordinator", "/networks/{slug}/members/"),
        ("member", "/networks/{slug}/"),
        ("member", "/"),
        ("outsider", "/networks/{slug}/"),
        ("outsider", "/networks/"),
        ("outsider", "/regions/noordwest/"),
    ],
)
def test_page_queries_do_not_grow_with_the_network(
    request, login, network, coordinator, member, outsider, persona, path
):
    client = login(request.getfixturevalue(persona))
    path = path.format(slug=network.slug)
    grow(network, 3)
    small = queries(client, path)
    grow(network, 12)
    assert queries(client, path) == small


@pytest.mark.parametrize("persona", ["coordinator", "member", "regional_coordinator", "staff", "outsider"])
def test_network_page_costs_at_most_five_queries_for_everyone(request, login, network, everyone, persona):
    # The session from Redis, the user, the network with this person's access in one row, then the page.
    client = login(request.getfixturevalue(persona))
    grow(network, 3)
    assert queries(client, f"/networks/{network.slug}/") <= 5
