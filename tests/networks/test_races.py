"""Two people doing the same thing at the same moment get a message, not an error page.

The deterministic tests hold another transaction's row uncommitted until this one has looked (and
found nothing) and waits at the unique index; then that row commits. That is the moment a check
before the write cannot see, which parallel requests hit now and then.
"""

import threading
import time
from functools import partial

import pytest
from django.db import connection, transaction

from mail.models import OutgoingMail
from meetings import services as meeting_services
from networks import services
from networks.mails import NetworkMail
from networks.models import Invitation, JoinRequest, Membership, Network
from tests.factories import NetworkFactory, RegionFactory, ThemeFactory, UserFactory
from tests.helpers import start_form

pytestmark = pytest.mark.django_db(transaction=True)

SAME_NAME = "Deze regio heeft al een netwerk met deze naam."


def _wait_until_a_query_waits_for_a_lock():
    with connection.cursor() as cursor:
        for _ in range(1000):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError("no query waited for the uncommitted row")


class CommittedWhenAwaited:
    """Runs `change` in another connection's transaction and commits it once a query waits for it."""

    def __init__(self, change):
        self.change = change
        self.started = threading.Event()
        self.errors = []
        self.thread = threading.Thread(target=self._run)

    def _run(self):
        try:
            with transaction.atomic():
                self.change()
                self.started.set()
                _wait_until_a_query_waits_for_a_lock()
        except Exception as error:  # reported by the test thread
            self.errors.append(error)
        finally:
            self.started.set()
            connection.close()

    def __enter__(self):
        self.thread.start()
        assert self.started.wait(10)
        return self

    def __exit__(self, *exc_info):
        self.thread.join(15)
        assert not self.errors, self.errors


@pytest.fixture
def theme(db):
    return ThemeFactory()


def test_creation_that_races_past_the_check_gets_the_forms_message(login, staff, region, theme):
    client = login(staff)
    with CommittedWhenAwaited(lambda: NetworkFactory(name="Lerende cultuur Noordwest", region=region)):
        response = client.post("/networks/new/", start_form(region, theme))
    assert response.status_code == 200
    assert SAME_NAME in response.text
    assert Network.objects.count() == 1


def test_same_address_taken_in_another_region_at_that_moment_gives_the_next_address(login, staff, region, theme):
    other_region = RegionFactory(name="Zuid", slug="zuid")
    client = login(staff)
    with CommittedWhenAwaited(
        lambda: NetworkFactory(name="Lerende cultuur Noordwest", slug="lerende-cultuur-noordwest", region=other_region)
    ):
        response = client.post("/networks/new/", start_form(region, theme))
    assert response.status_code == 302
    assert Network.objects.get(region=region).slug == "lerende-cultuur-noordwest-2"


def test_six_parallel_creations_of_one_name_give_one_network_and_five_messages(login, staff, region, theme):
    clients = [login(staff) for _ in range(6)]
    start = threading.Barrier(len(clients))
    responses, errors = [], []

    def create(client):
        try:
            start.wait()
            responses.append(client.post("/networks/new/", start_form(region, theme)))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert not errors, errors
    assert sorted(response.status_code for response in responses) == [200] * 5 + [302]
    assert all(SAME_NAME in response.text for response in responses if response.status_code == 200)
    assert Network.objects.count() == 1
    assert Membership.objects.filter(role="coordinator").count() == 1


@pytest.fixture
def invited_and_asking(coordinator, network):
    """Someone with a pending invitation who also asked to join."""
    person = UserFactory()
    invitation = Invitation.objects.create(network=network, email=person.email, role="member", invited_by=coordinator)
    join_request = JoinRequest.objects.create(network=network, user=person, motivation="Graag!")
    return person, invitation, join_request


def assert_one_membership_and_both_accepted(network, person, invitation, join_request):
    assert Membership.objects.current().filter(network=network, user=person).count() == 1
    join_request.refresh_from_db()
    invitation.refresh_from_db()
    assert (join_request.status, invitation.status) == ("accepted", "accepted")


def test_request_accepted_while_the_person_accepts_an_invitation_makes_one_membership(
    login, coordinator, network, invited_and_asking
):
    person, invitation, join_request = invited_and_asking
    accept_invitation = partial(meeting_services.accept_network_invitation, invitation=invitation, user=person)

    with CommittedWhenAwaited(accept_invitation):
        response = login(coordinator).post(f"/networks/{network.slug}/requests/{join_request.pk}/accept/")

    assert response.status_code == 302
    assert_one_membership_and_both_accepted(network, person, invitation, join_request)
    assert OutgoingMail.objects.filter(kind=NetworkMail.JOIN_DECISION, recipient=person.email).exists()


def test_joining_twice_at_once_through_the_network_services_makes_one_membership(
    coordinator, network, invited_and_asking
):
    # The services themselves, without the network lock that the meeting services take first.
    person, invitation, join_request = invited_and_asking

    with CommittedWhenAwaited(partial(services.accept_invitation, invitation=invitation, user=person)):
        services.decide_join_request(join_request=join_request, decided_by=coordinator, accept=True)

    assert_one_membership_and_both_accepted(network, person, invitation, join_request)
