"""Capacity and the waiting list: a "yes" beyond the capacity waits, the earliest moves up when a seat
frees (and gets a mail), and a change of capacity moves people only into seats that are free."""

import pytest

from mail.models import OutgoingMail
from meetings import services
from meetings.models import Meeting, Rsvp
from tests.factories import MeetingFactory, MembershipFactory
from tests.helpers import answer, meeting_form


@pytest.fixture
def full_meeting(network, meeting, login):
    """Capacity 2; three participants said yes in turn, so the third waits. Returns their users."""
    Meeting.objects.filter(pk=meeting.pk).update(capacity=2)
    people = [MembershipFactory(network=network).user for _ in range(3)]
    for person in people:
        assert answer(login(person), meeting, "yes").status_code == 302
    return people


def seats(meeting):
    rsvps = Rsvp.objects.filter(meeting=meeting, answer="yes")
    return (
        set(rsvps.filter(waitlisted_at__isnull=True).values_list("user", flat=True)),
        list(rsvps.filter(waitlisted_at__isnull=False).order_by("waitlisted_at").values_list("user", flat=True)),
    )


def test_yes_beyond_the_capacity_waits(login, meeting, full_meeting):
    first, second, third = full_meeting
    assert seats(meeting) == ({first.pk, second.pk}, [third.pk])
    assert Rsvp.objects.get(user=third).waitlisted_at is not None
    page = login(third).get(f"/meetings/{meeting.pk}/")
    assert [r["user_id"] for r in page.context["coming"]] == [first.pk, second.pk]
    assert [r["user_id"] for r in page.context["waiting"]] == [third.pk]
    assert not OutgoingMail.objects.filter(kind="meeting_seat").exists()


@pytest.mark.parametrize("new_answer", ["no", "maybe"])
def test_freed_seat_goes_to_the_one_who_waited(login, meeting, full_meeting, new_answer):
    first, second, third = full_meeting
    assert answer(login(first), meeting, new_answer).status_code == 302
    assert seats(meeting) == ({second.pk, third.pk}, [])
    assert Rsvp.objects.get(user=third).waitlisted_at is None
    assert Rsvp.objects.get(user=first).answer == new_answer
    seat_mail = OutgoingMail.objects.get(kind="meeting_seat")
    assert (seat_mail.user, seat_mail.recipient) == (third, third.email)


def test_waiting_person_who_says_no_just_leaves_the_list(login, network, meeting, full_meeting):
    first, second, third = full_meeting
    fourth = MembershipFactory(network=network).user
    answer(login(fourth), meeting, "yes")
    assert seats(meeting) == ({first.pk, second.pk}, [third.pk, fourth.pk])

    assert answer(login(third), meeting, "no").status_code == 302
    assert seats(meeting) == ({first.pk, second.pk}, [fourth.pk])
    assert Rsvp.objects.get(user=third).waitlisted_at is None
    assert not OutgoingMail.objects.filter(kind="meeting_seat").exists()


def test_saying_yes_again_keeps_the_seat_or_the_place_in_line(login, meeting, full_meeting):
    first, second, third = full_meeting
    answer(login(first), meeting, "yes", comment="Ik neem een collega mee")
    answer(login(third), meeting, "yes", comment="Graag")
    assert seats(meeting) == ({first.pk, second.pk}, [third.pk])
    assert not OutgoingMail.objects.filter(kind="meeting_seat").exists()


def test_raising_the_capacity_gives_the_new_seats_to_the_waiting_list(
    login, network, meeting, coordinator, full_meeting
):
    first, second, third = full_meeting
    meeting.refresh_from_db()
    response = login(coordinator).post(f"/meetings/{meeting.pk}/edit/", meeting_form(meeting, capacity="3"))
    assert response.status_code == 302
    latecomer = MembershipFactory(network=network).user
    answer(login(latecomer), meeting, "yes")
    assert seats(meeting) == ({first.pk, second.pk, third.pk}, [latecomer.pk])


def test_a_lowered_capacity_moves_nobody_up_until_seats_are_free(db, network, coordinator, member, facilitator):
    meeting = MeetingFactory(network=network, title="Vol")
    for person in (coordinator, facilitator):
        services.answer_invitation(meeting=meeting, user=person, answer="yes")
    Meeting.objects.filter(pk=meeting.pk).update(capacity=1)
    waiting = services.answer_invitation(meeting=meeting, user=member, answer="yes")
    assert waiting.is_waitlisted
    services.answer_invitation(meeting=meeting, user=facilitator, answer="no")
    waiting.refresh_from_db()
    assert waiting.is_waitlisted  # one seat taken, capacity one: still full
    services.answer_invitation(meeting=meeting, user=coordinator, answer="no")
    waiting.refresh_from_db()
    assert not waiting.is_waitlisted
