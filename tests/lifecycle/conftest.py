"""Networks in each phase of their lifecycle, moved there through the lifecycle services as the pages
do, and the two steps every lifecycle test repeats: planning a meeting and recording that it was held.

The network of tests/conftest.py has three current members: its coordinator, its facilitator and a
participant (`member`)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lifecycle import services
from lifecycle.rules import Actor
from mail.models import OutgoingMail
from meetings import services as meeting_services
from meetings.models import Meeting
from networks.models import Membership

COORDINATOR = {Actor.COORDINATOR}


def plan(network, by, days=14):
    """Plan the network's next meeting `days` ahead through the meetings service (the lifecycle decides
    whether it is supported)."""
    starts = (timezone.now() + timedelta(days=days)).replace(second=0, microsecond=0)
    return meeting_services.schedule_meeting(
        network=network,
        planned_by=by,
        title="Intervisie",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="Het Baken, Alkmaar",
    )


def hold(meeting, by):
    """Record that `meeting` was held with every current member present (moved into the past first:
    attendance is recorded once a meeting has started)."""
    starts = timezone.now() - timedelta(days=1)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=2))
    present = Membership.objects.current().filter(network=meeting.network_id).values_list("pk", flat=True)
    return meeting_services.record_attendance(meeting=meeting, recorded_by=by, present_membership_ids=list(present))


def hold_supported(network, by, count):
    """Plan and hold `count` meetings one after another."""
    return [hold(plan(network, by), by) for _ in range(count)]


def mails(kind):
    return OutgoingMail.objects.filter(kind=kind)


@pytest.fixture
def members(coordinator, facilitator, member):
    """The three current members of `network`."""
    return [coordinator, facilitator, member]


@pytest.fixture
def facilitated(network, members, coordinator):
    """`network` in its supported phase, nothing planned yet."""
    services.start_support(network=network, by=coordinator, actors=COORDINATOR)
    network.refresh_from_db()
    return network


@pytest.fixture
def deciding(facilitated, coordinator):
    """`network` after its fifth supported meeting: the members are asked whether to continue."""
    hold_supported(facilitated, coordinator, facilitated.supported_meeting_quota)
    facilitated.refresh_from_db()
    assert facilitated.phase == "deciding"
    return facilitated


@pytest.fixture
def intending(deciding, coordinator):
    """`network` intends to continue; its follow-up is due in six months."""
    services.record_outcome(network=deciding, by=coordinator, actors=COORDINATOR, outcome="intend")
    deciding.refresh_from_db()
    return deciding
