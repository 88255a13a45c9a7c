"""The network page keeps its parts per process under a digest of its context (common/fragments.py,
templates/networks/detail.html). Whatever changes, and whoever reads it, each reader must see exactly the page
that would be rendered afresh: here every reader reads the page, one thing changes, and each reader's page from
the kept parts is compared with the same page rendered with nothing kept.

The network is taken through its phases as users take it (tests/lifecycle/conftest.py), and the changes are
made the way the portal's own pages and tasks make them, and also behind their back (an update without
`updated_at`), as an admin or a migration would."""

import re
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lifecycle import services
from meetings import services as meeting_services
from meetings.models import Meeting
from networks.models import Membership, Network, Region, Theme
from tests.factories import MembershipFactory, UserFactory

from .conftest import COORDINATOR, hold, plan

# Each form's token is the reader's own and new on every page: not part of what is compared.
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def readers(login, network, coordinator, facilitator, member, outsider, staff):
    """Everyone who sees the page differently: each role inside, an outsider, staff, a member who reads it
    in English, and someone who is not logged in."""
    english = MembershipFactory(network=network, user__language="en").user
    return {
        "coordinator": login(coordinator),
        "facilitator": login(facilitator),
        "member": login(member),
        "another member": login(MembershipFactory(network=network).user),  # sees what `member` sees
        "member in English": login(english),
        "outsider": login(outsider),
        "staff": login(staff),
        "anonymous": Client(),
    }


def _page(client, network):
    response = client.get(f"/networks/{network.slug}/")  # a stopped network is not found by outsiders
    return response.status_code, _CSRF.sub('name="csrfmiddlewaretoken" value=""', response.content.decode())


def _check_after(change, readers, network):
    """Every reader reads the page (their parts are kept), `change` happens, and every reader's next page, made
    from whatever is kept (by them or by a reader before them), must equal the page rendered with nothing kept,
    with as many queries: a kept part must not read anything lazily either."""
    for client in readers.values():
        _page(client, network)
    change()
    kept = {name: _counted(client, network) for name, client in readers.items()}
    for name, client in readers.items():
        caches["fragments"].clear()
        assert kept[name] == _counted(client, network), f"{name} saw a kept part that no longer holds"


def _counted(client, network):
    with CaptureQueriesContext(connection) as queries:
        page = _page(client, network)
    return page, len(queries)


def test_a_reader_who_reads_again_gets_the_kept_parts_and_no_new_ones(readers, network):
    for client in readers.values():
        first = _page(client, network)
        kept = len(caches["fragments"]._cache)
        assert _page(client, network) == first
        assert len(caches["fragments"]._cache) == kept, "a key that changes on every request"


def test_every_reader_sees_each_change_at_once_though_the_page_keeps_its_parts(
    readers, network, coordinator, facilitator, member
):
    def update_network(**fields):
        return lambda: Network.objects.filter(pk=network.pk).update(**fields)  # no `updated_at`: behind its back

    changes = [
        update_network(learning_question="Hoe houden we goede docenten vast?"),
        update_network(description="Een nieuwe beschrijving."),
        update_network(working_agreements="We beginnen om vier uur.", roadmap_goal="Minder uitval."),
        update_network(ambition="sector"),
        lambda: Theme.objects.filter(pk=network.theme_id).update(name="Nieuw thema"),
        lambda: Region.objects.filter(pk=network.region_id).update(name="Nieuwe regio"),
        lambda: services.start_support(network=network, by=coordinator, actors=COORDINATOR),
        lambda: plan(network, coordinator),
        lambda: hold(Meeting.objects.filter(network=network).latest("pk"), coordinator),  # one supported held
        lambda: plan(network, coordinator, days=3),
        lambda: meeting_services.cancel_meeting(meeting=plan(network, coordinator, days=20), reason="Ziek."),
        # The clock moves a meeting from upcoming to in progress: its label changes with nothing saved.
        lambda: Meeting.objects.filter(network=network, status="planned").update(
            starts_at=timezone.now() - timedelta(minutes=5), ends_at=timezone.now() + timedelta(hours=1)
        ),
        lambda: MembershipFactory(network=network, user__full_name="Nieuw Lid"),
        lambda: Membership.objects.filter(user=member, network=network).update(committed_to_attend=True),
        lambda: UserFactory._meta.model.objects.filter(pk=facilitator.pk).update(full_name="Andere Naam"),
    ]
    for change in changes:
        _check_after(change, readers, network)


def test_the_deciding_phase_and_a_members_view_are_never_shown_from_another_readers_page(
    readers, deciding, coordinator, member
):
    membership = Membership.objects.get(user=member, network=deciding)
    changes = [
        lambda: services.give_view(membership=membership, choice="continue", comment="Graag door."),
        lambda: services.give_view(membership=membership, choice="stop", comment=""),
        lambda: services.record_outcome(network=deciding, by=coordinator, actors=COORDINATOR, outcome="intend"),
        lambda: services.answer_follow_up(
            network=deciding, by=coordinator, actors=COORDINATOR, continued=False, reason="Het doel is bereikt."
        ),
    ]
    for change in changes:
        _check_after(change, readers, deciding)


def test_kept_parts_are_used_the_second_time(login, network, coordinator):
    client = login(coordinator)
    _page(client, network)
    kept = dict(caches["fragments"]._cache)
    assert any("network_page_head" in key for key in kept)
    # Replace each kept part of the page by a marker: the next page shows the markers, so it was made from them.
    for key in [key for key in kept if "network_page_" in key]:
        caches["fragments"].set(key.split(":", 2)[-1], "<p>KEPT</p>")
    assert _page(client, network)[1].count("<p>KEPT</p>") >= 3


def test_a_meeting_that_begins_while_nothing_changes_is_shown_in_progress(readers, network, coordinator, monkeypatch):
    # Nothing is saved: only the clock moves on, past the start of the meeting, and then past its end.
    meeting = plan(network, coordinator, days=3)
    real_now = timezone.now

    def clock_at(moment):
        return lambda: monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    _check_after(clock_at(meeting.starts_at + timedelta(minutes=10)), readers, network)
    assert "Nu bezig" in _page(readers["coordinator"], network)[1]
    _check_after(clock_at(meeting.ends_at + timedelta(minutes=10)), readers, network)
    assert "Nu bezig" not in _page(readers["coordinator"], network)[1]
    monkeypatch.setattr("django.utils.timezone.now", real_now)


def test_in_the_deciding_phase_a_member_with_a_view_also_gets_the_kept_parts(readers, deciding, member):
    services.give_view(membership=Membership.objects.get(user=member, network=deciding), choice="continue")
    test_a_reader_who_reads_again_gets_the_kept_parts_and_no_new_ones(readers, deciding)
