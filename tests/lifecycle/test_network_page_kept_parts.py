"""The network page keeps its parts per process under a digest of its context (common/fragments.py,
templates/networks/detail.html). Whatever changes, and whoever reads it, each reader must see exactly the page
that would be rendered afresh: here every reader reads the page, one thing changes, and each reader's page from
the kept parts is compared with the same page rendered with nothing kept.

The network is taken through its phases as users take it (tests/lifecycle/conftest.py), and the changes are
made the way the portal's own pages and tasks make them, and also behind their back (an update without
`updated_at`), as an admin or a migration would."""

from datetime import timedelta

from django.core.cache import caches
from django.utils import timezone

from lifecycle import services
from meetings import services as meeting_services
from meetings.models import Meeting
from networks.models import Membership, Network, Region, Theme
from tests.factories import MembershipFactory, UserFactory
from tests.helpers import check_kept_parts_after, check_kept_parts_reused, shown_page

from .conftest import COORDINATOR, hold, plan


def _path(network):
    return f"/networks/{network.slug}/"  # a stopped network is not found by outsiders


def test_a_reader_who_reads_again_gets_the_kept_parts_and_no_new_ones(page_readers, network):
    check_kept_parts_reused(page_readers, _path(network))


def test_every_reader_sees_each_change_at_once_though_the_page_keeps_its_parts(
    page_readers, network, coordinator, facilitator, member
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
        check_kept_parts_after(change, page_readers, _path(network))


def test_the_deciding_phase_and_a_members_view_are_never_shown_from_another_readers_page(
    page_readers, deciding, coordinator, member
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
        check_kept_parts_after(change, page_readers, _path(deciding))


def test_kept_parts_are_used_the_second_time(login, network, coordinator):
    client = login(coordinator)
    shown_page(client, _path(network))
    kept = dict(caches["fragments"]._cache)
    assert any("network_page_head" in key for key in kept)
    # Replace each kept part of the page by a marker: the next page shows the markers, so it was made from them.
    for key in [key for key in kept if "network_page_" in key]:
        caches["fragments"].set(key.split(":", 2)[-1], "<p>KEPT</p>")
    assert shown_page(client, _path(network))[1].count("<p>KEPT</p>") >= 3


def test_a_meeting_that_begins_while_nothing_changes_is_shown_in_progress(
    page_readers, network, coordinator, monkeypatch
):
    # Nothing is saved: only the clock moves on, past the start of the meeting, and then past its end.
    meeting = plan(network, coordinator, days=3)
    real_now = timezone.now

    def clock_at(moment):
        return lambda: monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    check_kept_parts_after(clock_at(meeting.starts_at + timedelta(minutes=10)), page_readers, _path(network))
    assert "Nu bezig" in shown_page(page_readers["coordinator"], _path(network))[1]
    check_kept_parts_after(clock_at(meeting.ends_at + timedelta(minutes=10)), page_readers, _path(network))
    assert "Nu bezig" not in shown_page(page_readers["coordinator"], _path(network))[1]
    monkeypatch.setattr("django.utils.timezone.now", real_now)


def test_in_the_deciding_phase_a_member_with_a_view_also_gets_the_kept_parts(page_readers, deciding, member):
    services.give_view(membership=Membership.objects.get(user=member, network=deciding), choice="continue")
    check_kept_parts_reused(page_readers, _path(deciding))
