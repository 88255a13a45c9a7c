"""One read for "the current membership of person P in network N", which services, permissions and the
network querysets all use: by network or by its id, never a membership that ended."""

from networks.models import Membership, Network
from tests.factories import MembershipFactory, NetworkFactory


def test_current_membership_is_found_by_network_or_by_its_id(network, member):
    membership = Membership.objects.get(user=member, network=network)
    assert list(Membership.objects.current_of(member, network)) == [membership]
    assert list(Membership.objects.current_of(member, network.pk)) == [membership]


def test_a_membership_that_ended_is_not_current_but_the_new_one_after_rejoining_is(network):
    left = MembershipFactory(network=network, joined_on="2025-09-01", left_on="2025-12-01")
    person = left.user
    assert not Membership.objects.current_of(person, network).exists()
    again = MembershipFactory(network=network, user=person)
    assert list(Membership.objects.current_of(person, network)) == [again]


def test_membership_of_another_network_or_person_does_not_count(network, member, outsider):
    elsewhere = NetworkFactory(region=network.region)
    assert not Membership.objects.current_of(member, elsewhere).exists()
    assert not Membership.objects.current_of(outsider, network).exists()
    # The networks a person belongs to are read through the same question.
    assert list(Network.objects.of_member(member)) == [network]
