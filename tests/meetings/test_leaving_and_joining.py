"""What leaving and joining a network mean for its meetings.

Someone who leaves or is removed gives up their answers to the meetings ahead, so the waiting list
moves up; someone who joins after a meeting was announced gets that announcement with its .ics.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from mail.models import OutgoingMail
from meetings import services
from meetings.mails import MeetingMail
from meetings.models import Rsvp
from networks import services as network_services
from networks.models import Invitation, JoinRequest, Membership
from tests.factories import MeetingFactory, MembershipFactory, RsvpFactory, UserFactory
from tests.helpers import body_text


def in_days(days):
    return timezone.now() + timedelta(days=days)


def announcements_to(user):
    return OutgoingMail.objects.filter(kind=MeetingMail.ANNOUNCEMENT, recipient=user.email)


def announced_meetings(user):
    return sorted(int(about_id) for about_id in announcements_to(user).values_list("about_id", flat=True))


# --- Leaving --------------------------------------------------------------------------------------


@pytest.fixture
def full_meeting(network, member, facilitator, coordinator):
    """One seat, held by the member; the facilitator waits first, the coordinator second."""
    meeting = MeetingFactory(network=network, starts_at=in_days(10), capacity=1)
    for person in [member, facilitator, coordinator]:
        services.answer_invitation(meeting=meeting, user=person, answer="yes")
    return meeting


def assert_seat_moved_to(meeting, person, still_waiting):
    assert Rsvp.objects.get(meeting=meeting, user=person).waitlisted_at is None
    assert Rsvp.objects.get(meeting=meeting, user=still_waiting).is_waitlisted
    [seat_mail] = OutgoingMail.objects.filter(kind=MeetingMail.SEAT)
    assert seat_mail.recipient == person.email


def test_leaving_frees_the_seat_and_the_first_waiting_gets_it_with_a_mail(
    login, network, full_meeting, member, facilitator, coordinator
):
    response = login(member).post(f"/networks/{network.slug}/leave/")
    assert response.status_code == 302
    assert not Rsvp.objects.filter(user=member).exists()
    assert_seat_moved_to(full_meeting, facilitator, still_waiting=coordinator)


def test_removing_a_member_frees_the_seat_and_keeps_answers_to_meetings_that_started(
    login, network, full_meeting, member, facilitator, coordinator
):
    started = MeetingFactory(network=network, started=True)
    RsvpFactory(meeting=started, user=member, answer="yes")
    maybe_meeting = MeetingFactory(network=network, starts_at=in_days(20))
    services.answer_invitation(meeting=maybe_meeting, user=member, answer="maybe")
    membership = Membership.objects.get(user=member)

    response = login(coordinator).post(f"/networks/{network.slug}/members/{membership.pk}/remove/")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.left_on is not None
    # Answers to what is ahead are gone; the meeting that already started keeps its history.
    assert list(Rsvp.objects.filter(user=member).values_list("meeting", flat=True)) == [started.pk]
    assert_seat_moved_to(full_meeting, facilitator, still_waiting=coordinator)


def test_leaving_from_the_waiting_list_moves_nobody(login, network, full_meeting, facilitator, member, coordinator):
    login(facilitator).post(f"/networks/{network.slug}/leave/")
    assert not Rsvp.objects.filter(user=facilitator).exists()
    assert Rsvp.objects.get(user=member).waitlisted_at is None
    assert Rsvp.objects.get(user=coordinator).is_waitlisted
    assert not OutgoingMail.objects.filter(kind=MeetingMail.SEAT).exists()


def test_last_coordinator_cannot_leave_and_keeps_the_seat(login, network, coordinator):
    meeting = MeetingFactory(network=network, starts_at=in_days(10), capacity=1)
    services.answer_invitation(meeting=meeting, user=coordinator, answer="yes")
    login(coordinator).post(f"/networks/{network.slug}/leave/")
    assert Membership.objects.current().filter(user=coordinator).exists()
    assert Rsvp.objects.get(user=coordinator).answer == "yes"


def test_removed_members_answer_link_no_longer_answers(login, network, full_meeting, member, coordinator):
    link = f"/meetings/answer/{services.rsvp_token(full_meeting, member)}/yes/"
    membership = Membership.objects.get(user=member)
    login(coordinator).post(f"/networks/{network.slug}/members/{membership.pk}/remove/")
    rows = sorted(Rsvp.objects.values_list("user", "answer", "waitlisted_at"))
    for response in [Client().get(link), Client().post(link)]:
        assert response.status_code == 410
        assert "Je bent geen lid (meer) van" in response.text
    assert sorted(Rsvp.objects.values_list("user", "answer", "waitlisted_at")) == rows
    assert not Rsvp.objects.filter(user=member).exists()


# --- Joining --------------------------------------------------------------------------------------


@pytest.fixture
def meetings(network, coordinator):
    """Two meetings ahead, and three that are not: held, cancelled, in progress."""
    ahead = [
        MeetingFactory(network=network, starts_at=in_days(7)),
        MeetingFactory(network=network, starts_at=in_days(40)),
    ]
    MeetingFactory(network=network, starts_at=in_days(-20), held=True)
    MeetingFactory(network=network, starts_at=in_days(14), cancelled=True)
    MeetingFactory(network=network, started=True)
    return sorted(meeting.pk for meeting in ahead)


@pytest.fixture
def invitation(network, coordinator):
    network_services.invite_people(
        network=network, inviter=coordinator, emails=["nieuw@school.example.nl"], role="member"
    )
    return Invitation.objects.get()


def invitation_path(invitation):
    return f"/invitations/{network_services.invitation_token(invitation)}/"


@pytest.mark.smtp
def test_accepting_an_invitation_brings_the_announcements_of_the_meetings_ahead(
    login, meetings, invitation, mail_sink, send_queued_mail
):
    newcomer = UserFactory(email="nieuw@school.example.nl")
    response = login(newcomer).post(invitation_path(invitation), {"school": "", "committed_to_attend": ""})
    assert response.status_code == 302
    assert announced_meetings(newcomer) == meetings
    send_queued_mail()
    received = [m for m in mail_sink.wait_for(len(meetings) + 1) if m["To"] == newcomer.email]
    with_calendar = [m for m in received if any(a.get_content_type() == "text/calendar" for a in m.iter_attachments())]
    assert len(with_calendar) == len(meetings)
    for message in with_calendar:
        assert "/meetings/answer/" in body_text(message)  # with the answer links, like everyone's


def test_registering_through_an_invitation_brings_the_announcements(meetings, invitation):
    response = Client().post(
        invitation_path(invitation),
        {
            "full_name": "Nieuwe Persoon",
            "job_role": "teacher",
            "school": "",
            "password1": "Een-sterk-wachtwoord-9",
            "password2": "Een-sterk-wachtwoord-9",
        },
    )
    assert response.status_code == 302
    newcomer = Membership.objects.get(user__email="nieuw@school.example.nl").user
    assert announced_meetings(newcomer) == meetings


def test_accepted_join_request_brings_the_announcements(login, network, coordinator, meetings):
    person = UserFactory()
    network_services.request_to_join(network=network, user=person, school=None, motivation="")
    join_request = JoinRequest.objects.get()
    response = login(coordinator).post(f"/networks/{network.slug}/requests/{join_request.pk}/accept/")
    assert response.status_code == 302
    assert announced_meetings(person) == meetings


def test_declined_join_request_brings_nothing(login, network, coordinator, meetings):
    person = UserFactory()
    network_services.request_to_join(network=network, user=person, school=None, motivation="")
    join_request = JoinRequest.objects.get()
    login(coordinator).post(f"/networks/{network.slug}/requests/{join_request.pk}/decline/")
    assert not announcements_to(person).exists()


def test_joining_twice_does_not_announce_twice(login, network, coordinator, meetings, invitation):
    newcomer = UserFactory(email="nieuw@school.example.nl")
    network_services.request_to_join(network=network, user=newcomer, school=None, motivation="")
    join_request = JoinRequest.objects.get()
    login(newcomer).post(invitation_path(invitation), {"school": ""})
    # The join request asked before is accepted too: the person is already in, nothing is sent again.
    login(coordinator).post(f"/networks/{network.slug}/requests/{join_request.pk}/accept/")
    assert announcements_to(newcomer).count() == len(meetings)


def test_rejoining_after_leaving_does_not_announce_again(login, network, member, coordinator):
    meeting = services.schedule_meeting(
        network=network,
        planned_by=coordinator,
        title="Start",
        starts_at=timezone.now() + timedelta(days=7),
        ends_at=timezone.now() + timedelta(days=7, hours=2),
        place="Zwolle",
    )
    assert announced_meetings(member) == [meeting.pk]
    login(member).post(f"/networks/{network.slug}/leave/")
    network_services.request_to_join(network=network, user=member, school=None, motivation="")
    services.decide_join_request(join_request=JoinRequest.objects.get(), decided_by=coordinator, accept=True)
    assert announcements_to(member).count() == 1


def test_existing_members_get_nothing_when_someone_joins(login, network, coordinator, member, meetings, invitation):
    newcomer = UserFactory(email="nieuw@school.example.nl")
    before = OutgoingMail.objects.exclude(recipient=newcomer.email).count()
    login(newcomer).post(invitation_path(invitation), {"school": ""})
    assert OutgoingMail.objects.exclude(recipient=newcomer.email).count() == before


def test_member_of_another_network_gets_nothing(network, coordinator, meetings, outsider):
    other = Membership.objects.get(user=outsider).network
    MembershipFactory(network=other, role="coordinator")
    person = UserFactory()
    other.is_listed = True
    other.save(update_fields=["is_listed"])
    network_services.request_to_join(network=other, user=person, school=None, motivation="")
    services.decide_join_request(join_request=JoinRequest.objects.get(), decided_by=coordinator, accept=True)
    assert not announcements_to(person).exists()
