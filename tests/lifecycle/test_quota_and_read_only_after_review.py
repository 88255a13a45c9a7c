"""Rules an outside review of the lifecycle found unguarded: the quota counts meetings planned before support, a
stopped network is read-only everywhere, a released facilitator frees their seats, health edges, links of
deactivated accounts."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from lifecycle import links, services
from lifecycle.models import View
from meetings import services as meeting_services
from meetings.models import Meeting, Rsvp
from metrics import health
from networks import services as network_services
from networks.models import Invitation, JoinRequest, Membership, Network
from tests.factories import AttendanceFactory, MeetingFactory, MembershipFactory, NoteFactory, UserFactory
from tests.lifecycle.conftest import COORDINATOR, hold, hold_supported, plan


def phase_of(network):
    return Network.objects.values_list("phase", flat=True).get(pk=network.pk)


@pytest.fixture
def members(coordinator, facilitator, member):
    return [coordinator, facilitator, member]


@pytest.fixture
def stopped(network, members, coordinator):
    held = hold(plan(network, coordinator), coordinator)
    services.stop(network=network, by=coordinator, actors=COORDINATOR, reason="Uitgedoofd")
    network.refresh_from_db()
    return network, held


# --- The quota --------------------------------------------------------------------------------------


def test_meetings_held_in_the_supported_phase_count_even_when_planned_while_forming(network, members, coordinator):
    # Plan five meetings ahead while forming, then start support: the facilitator guides all five.
    planned = [plan(network, coordinator, days=7 * (i + 1)) for i in range(5)]
    services.start_support(network=network, by=coordinator, actors=COORDINATOR)
    for meeting in planned:
        hold(meeting, coordinator)
    # Issue 13: "In the facilitated phase each held meeting counts against the network's quota".
    assert phase_of(network) == "deciding"


def test_a_sixth_facilitated_meeting_is_refused_when_five_were_planned_while_forming(network, members, coordinator):
    for i in range(5):
        plan(network, coordinator, days=7 * (i + 1))
    services.start_support(network=network, by=coordinator, actors=COORDINATOR)
    network.refresh_from_db()
    with pytest.raises(ValidationError):
        plan(network, coordinator, days=60)


# --- A stopped network is read-only -------------------------------------------------------------------


def test_a_stopped_network_refuses_editing_a_note(stopped, member):
    _network, held = stopped
    note = NoteFactory(meeting=held, author=member, title="Verslag", body="Oud")
    with pytest.raises(ValidationError):
        meeting_services.edit_note(note=note, editor=member, title="Verslag", body="Nieuw", is_confidential=False)
    note.refresh_from_db()
    assert note.body == "Oud"


def test_a_stopped_network_refuses_an_old_invitation(network, members, coordinator):
    network_services.invite_people(
        network=network, inviter=coordinator, emails=["nieuw@school.example.nl"], role="member"
    )
    invitation = Invitation.objects.get(network=network)
    services.stop(network=network, by=coordinator, actors=COORDINATOR, reason="Uitgedoofd")
    newcomer = UserFactory(email="nieuw@school.example.nl")
    with pytest.raises(ValidationError):
        meeting_services.accept_network_invitation(invitation=invitation, user=newcomer)
    assert not Membership.objects.filter(network=network, user=newcomer).exists()


def test_a_stopped_network_does_not_resend_an_invitation(network, members, coordinator):
    network_services.invite_people(
        network=network, inviter=coordinator, emails=["nieuw@school.example.nl"], role="member"
    )
    invitation = Invitation.objects.get(network=network)
    services.stop(network=network, by=coordinator, actors=COORDINATOR, reason="Uitgedoofd")
    with pytest.raises(ValidationError):
        network_services.resend_invitation(invitation=invitation)


def test_a_stopped_network_does_not_accept_an_old_join_request(network, members, coordinator, outsider):
    request = network_services.request_to_join(network=network, user=outsider, school=None, motivation="Graag")
    services.stop(network=network, by=coordinator, actors=COORDINATOR, reason="Uitgedoofd")
    with pytest.raises(ValidationError):
        meeting_services.decide_join_request(join_request=request, decided_by=coordinator, accept=True)
    assert not Membership.objects.filter(network=network, user=outsider).exists()
    assert JoinRequest.objects.get(pk=request.pk).status == "pending"


def test_a_stopped_network_takes_no_attendance(network, members, coordinator):
    ended = MeetingFactory(network=network, ended=True)  # ended, its attendance not yet recorded
    services.stop(network=network, by=coordinator, actors=COORDINATOR, reason="Uitgedoofd")
    with pytest.raises(ValidationError):
        meeting_services.record_attendance(meeting=ended, recorded_by=coordinator, present_membership_ids=[])
    assert Meeting.objects.get(pk=ended.pk).status == "planned"


# --- Roles after the phase ----------------------------------------------------------------------------


def test_a_released_facilitator_gives_up_their_seat_to_who_waited(facilitated, coordinator, facilitator, member):

    hold_supported(facilitated, coordinator, 5)
    facilitated.refresh_from_db()
    assert facilitated.phase == "deciding"
    meeting = plan(facilitated, coordinator, days=30)
    Meeting.objects.filter(pk=meeting.pk).update(capacity=1)
    meeting.refresh_from_db()
    meeting_services.answer_invitation(meeting=meeting, user=facilitator, answer="yes")
    meeting_services.answer_invitation(meeting=meeting, user=member, answer="yes")
    assert Rsvp.objects.get(meeting=meeting, user=member).is_waitlisted
    services.record_outcome(
        network=facilitated, by=coordinator, actors=COORDINATOR, outcome="continue", facilitation="member"
    )
    # The facilitator left (like meetings.services.end_membership): their answer goes, the seat moves up.
    assert not Rsvp.objects.filter(meeting=meeting, user=facilitator).exists()
    assert not Rsvp.objects.get(meeting=meeting, user=member).is_waitlisted


# --- Mail links ---------------------------------------------------------------------------------------


def test_view_link_of_a_deactivated_account_changes_nothing(deciding, member):
    membership = Membership.objects.get(network=deciding, user=member)
    member.is_active = False
    member.save(update_fields=["is_active"])
    path = links.view_path(membership=membership.pk, choice="stop")
    response = Client().post(path, {"choice": "stop"})
    assert response.status_code == 410
    assert not View.objects.filter(membership=membership).exists()


# --- Health -------------------------------------------------------------------------------------------


def test_no_next_meeting_fires_when_the_only_planned_meeting_lies_in_the_past(network, coordinator):
    last = (timezone.now() - timedelta(weeks=30)).replace(minute=0, second=0, microsecond=0)
    MeetingFactory(network=network, held=True, starts_at=last)
    # Planned for two weeks after it, never held or cancelled: nothing is planned ahead.
    MeetingFactory(network=network, starts_at=last + timedelta(weeks=2))
    found = health.for_networks([network.pk])[network.pk]
    assert health.NO_NEXT_MEETING in found.reasons


def test_committed_away_does_not_count_members_who_joined_after_the_last_meeting(network):
    old = [MembershipFactory(network=network, committed_to_attend=True) for _ in range(2)]
    meeting = MeetingFactory(network=network, held=True)
    for membership in old:
        AttendanceFactory(meeting=meeting, membership=membership, present=True)
    for _ in range(3):  # joined today, after the meeting: they could not have come
        MembershipFactory(network=network, committed_to_attend=True)
    found = health.for_networks([network.pk])[network.pk]
    assert health.COMMITTED_AWAY not in found.reasons
