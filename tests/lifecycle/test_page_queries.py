"""The network page stays within five queries in every phase of the lifecycle, for everyone who sees
inside it, and does not grow with the members or the meetings: the supported meetings are counted in
the query that reads the network, the timeline and the health take one query each."""

import pytest

from tests.factories import MembershipFactory
from tests.networks.test_query_counts import queries


@pytest.mark.parametrize("phase", ["facilitated", "deciding", "intending"])
@pytest.mark.parametrize("persona", ["coordinator", "facilitator", "member", "staff"])
def test_network_page_costs_at_most_five_queries_in_every_phase(request, login, everyone, phase, persona):
    network = request.getfixturevalue(phase)
    client = login(request.getfixturevalue(persona))
    path = f"/networks/{network.slug}/"
    small = queries(client, path)
    assert small <= 5
    for _ in range(6):
        MembershipFactory(network=network)
    assert queries(client, path) == small
