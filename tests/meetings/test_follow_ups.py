"""The follow-up after a held meeting: the day after its end, to those recorded as present, with the
notes (confidential ones only counted), the homework and a link to the evaluation; the notes request to
the facilitator, repeated once after three days; the evaluation reminder once, a week after. Nothing
outside the fourteen days after the end, and nothing twice, however often the task runs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from leernetwerk.secret_paths import redact_secret_paths
from mail import preferences
from mail.models import DigestItem, Heartbeat, OutgoingMail
from meetings import follow_ups, tasks
from meetings.mails import MeetingMail
from meetings.models import EvaluationResponse, FollowUp
from networks.models import Membership
from tests.factories import MembershipFactory, NoteFactory, UserFactory
from tests.helpers import held_meeting, present

FOLLOW_UP = MeetingMail.FOLLOW_UP
NOTES_REQUEST = MeetingMail.NOTES_REQUEST
REMINDER = MeetingMail.EVALUATION_REMINDER


@pytest.fixture(autouse=True)
def tasks_run_at_once(monkeypatch):
    """The hourly task hands each meeting to a task of its own; here that one runs at once, in the test."""
    monkeypatch.setattr(tasks.send_follow_up, "delay", lambda *args, **kwargs: tasks.send_follow_up(*args, **kwargs))


@pytest.fixture
def absent(network):
    return MembershipFactory(network=network, user__full_name="Sanne Absent").user


@pytest.fixture
def meeting(network, coordinator, facilitator, member, absent):
    """Ended 25 hours ago; the coordinator and the member were there, the other member was not."""
    meeting = held_meeting(network, ended_ago=timedelta(hours=25), homework="Lees het artikel over feedback.")
    present(meeting, coordinator, member)
    present(meeting, absent, came=False)
    return meeting


def recipients(kind, meeting=None):
    rows = OutgoingMail.objects.filter(kind=kind)
    return sorted(rows.values_list("recipient", flat=True))


def emails(*users):
    return sorted(user.email for user in users)


def test_nothing_is_sent_before_the_day_after_the_end(network, member):
    meeting = held_meeting(network, ended_ago=timedelta(hours=23))
    present(meeting, member)
    assert meeting.pk not in follow_ups.meetings_due()
    follow_ups.send_follow_up(meeting.pk)  # even when asked directly
    assert not FollowUp.objects.exists()
    assert not OutgoingMail.objects.exists()


def test_the_day_after_only_those_present_get_the_follow_up(meeting, coordinator, member, absent):
    tasks.send_follow_ups()
    assert recipients(FOLLOW_UP) == emails(coordinator, member)
    assert FollowUp.objects.get(meeting=meeting).sent_at is not None
    assert Heartbeat.objects.filter(name="send_follow_ups").exists()


def test_people_who_left_or_were_deactivated_get_nothing(meeting, coordinator, member, network):
    gone = MembershipFactory(network=network)
    deactivated = MembershipFactory(network=network, user=UserFactory(is_active=False))
    present(meeting, gone.user, deactivated.user)
    Membership.objects.filter(pk=gone.pk).update(left_on=timezone.localdate())
    tasks.send_follow_ups()
    assert recipients(FOLLOW_UP) == emails(coordinator, member)


def test_nothing_is_sent_fourteen_days_after_the_end(network, member, facilitator):
    meeting = held_meeting(network, ended_ago=timedelta(days=14, hours=1))
    present(meeting, member)
    assert meeting.pk not in follow_ups.meetings_due()
    tasks.send_follow_ups()
    follow_ups.send_follow_up(meeting.pk)
    assert not OutgoingMail.objects.exists()


def test_a_meeting_recorded_late_still_gets_its_follow_up_within_the_window(network, member):
    meeting = held_meeting(network, ended_ago=timedelta(days=10))
    present(meeting, member)
    tasks.send_follow_ups()
    assert recipients(FOLLOW_UP) == [member.email]
    # ... but not the evaluation reminder in the same breath: that waits three days after the follow-up.
    assert recipients(REMINDER) == []


def test_planned_and_cancelled_meetings_get_no_follow_up(network, member):
    for status in ("planned", "cancelled"):
        meeting = held_meeting(network, ended_ago=timedelta(days=2), status=status, cancel_reason="Ziek")
        present(meeting, member)
        follow_ups.send_follow_up(meeting.pk)
    assert not OutgoingMail.objects.exists()


def test_the_follow_up_has_the_notes_the_homework_and_a_personal_evaluation_link(
    meeting, member, send_queued_mail, mailoutbox, client
):
    NoteFactory(meeting=meeting, title="Verslag van de intervisie", author=member)
    NoteFactory(meeting=meeting, title="Casus van Jan", is_confidential=True, author=member)
    tasks.send_follow_ups()
    row = OutgoingMail.objects.get(kind=FOLLOW_UP, recipient=member.email)
    assert "/meetings/evaluation/" not in row.body_text  # the outbox keeps no link that works
    send_queued_mail()
    mail = next(m for m in mailoutbox if m.to == [member.email])
    assert mail.subject.startswith("Na de bijeenkomst: Strategisch HRM Noordwest")
    assert "Verslag van de intervisie" in mail.body
    assert "Casus van Jan" not in mail.body and "Casus van Jan" not in mail.alternatives[0][0]
    assert "1 vertrouwelijke aantekening" in mail.body
    assert "Lees het artikel over feedback." in mail.body
    link = next(line for line in mail.body.splitlines() if "/meetings/evaluation/" in line).strip()
    path = link.removeprefix("http://testserver")
    page = client.get(path)
    assert page.status_code == 200
    assert "Hoe was de bijeenkomst?" in page.text
    assert not EvaluationResponse.objects.exists()


def test_who_evaluated_already_gets_the_follow_up_without_the_link(meeting, member, send_queued_mail, mailoutbox):
    EvaluationResponse.objects.create(meeting=meeting, user=member)
    tasks.send_follow_ups()
    send_queued_mail()
    mine = next(m for m in mailoutbox if m.to == [member.email])
    others = [m for m in mailoutbox if m.to != [member.email] and m.subject.startswith("Na de bijeenkomst")]
    assert "/meetings/evaluation/" not in mine.body
    assert others and all("/meetings/evaluation/" in m.body for m in others)


def test_without_notes_the_facilitator_is_asked_and_once_more_after_three_days(meeting, facilitator):
    tasks.send_follow_ups()
    assert recipients(NOTES_REQUEST) == [facilitator.email]
    tasks.send_follow_ups()
    assert OutgoingMail.objects.filter(kind=NOTES_REQUEST).count() == 1
    FollowUp.objects.filter(meeting=meeting).update(notes_requested_at=timezone.now() - timedelta(days=3, minutes=1))
    tasks.send_follow_ups()
    assert sorted(OutgoingMail.objects.filter(kind=NOTES_REQUEST).values_list("occasion", flat=True)) == [
        "first",
        "repeat",
    ]
    FollowUp.objects.filter(meeting=meeting).update(notes_requested_at=timezone.now() - timedelta(days=6))
    tasks.send_follow_ups()
    assert OutgoingMail.objects.filter(kind=NOTES_REQUEST).count() == 2  # repeated once, never more


def test_the_request_is_not_repeated_once_the_notes_are_there(meeting, member, facilitator):
    tasks.send_follow_ups()
    NoteFactory(meeting=meeting, author=member)
    FollowUp.objects.filter(meeting=meeting).update(notes_requested_at=timezone.now() - timedelta(days=4))
    tasks.send_follow_ups()
    assert OutgoingMail.objects.filter(kind=NOTES_REQUEST).count() == 1
    assert FollowUp.objects.get(meeting=meeting).notes_request_repeated_at is None


def test_notes_written_in_time_mean_no_request(meeting, member):
    NoteFactory(meeting=meeting, author=member, is_confidential=True)
    tasks.send_follow_ups()
    assert not OutgoingMail.objects.filter(kind=NOTES_REQUEST).exists()
    assert FollowUp.objects.get(meeting=meeting).notes_requested_at is None


def test_without_a_facilitator_the_coordinators_are_asked(network, coordinator, member):
    meeting = held_meeting(network, ended_ago=timedelta(hours=30))
    present(meeting, member)
    tasks.send_follow_ups()
    assert recipients(NOTES_REQUEST) == [coordinator.email]


def test_the_notes_request_reads_well(meeting, facilitator, send_queued_mail, mailoutbox):
    tasks.send_follow_ups()
    send_queued_mail()
    mail = next(m for m in mailoutbox if m.to == [facilitator.email])
    assert mail.subject.startswith("Aantekeningen gevraagd: Strategisch HRM Noordwest")
    assert f"/meetings/{meeting.pk}/notes/new/" in mail.body


def test_the_evaluation_reminder_goes_once_a_week_after_to_those_present_who_did_not_answer(
    network, coordinator, member, absent, send_queued_mail, mailoutbox
):
    meeting = held_meeting(network, ended_ago=timedelta(days=7, hours=1))
    present(meeting, coordinator, member)
    present(meeting, absent, came=False)
    NoteFactory(meeting=meeting, author=member)
    FollowUp.objects.create(meeting=meeting, sent_at=timezone.now() - timedelta(days=6))
    EvaluationResponse.objects.create(meeting=meeting, user=coordinator)
    tasks.send_follow_ups()
    tasks.send_follow_ups()
    assert recipients(REMINDER) == [member.email]
    assert recipients(FOLLOW_UP) == []  # stamped as sent: not again
    send_queued_mail()
    mail = next(m for m in mailoutbox if m.to == [member.email])
    assert mail.subject.startswith("Hoe was het? Strategisch HRM Noordwest")
    assert "/meetings/evaluation/" in mail.body
    assert FollowUp.objects.get(meeting=meeting).evaluation_reminded_at is not None
    assert meeting.pk not in follow_ups.meetings_due()


def test_no_evaluation_reminder_before_a_week(meeting):
    tasks.send_follow_ups()
    FollowUp.objects.filter(meeting=meeting).update(sent_at=timezone.now() - timedelta(days=5))
    tasks.send_follow_ups()
    assert not OutgoingMail.objects.filter(kind=REMINDER).exists()


def test_running_everything_twice_sends_nothing_twice(meeting, coordinator, member, facilitator):
    tasks.send_follow_ups()
    first = OutgoingMail.objects.count()
    FollowUp.objects.filter(meeting=meeting).delete()  # as if the stamp was lost: the outbox still says no
    tasks.send_follow_ups()
    tasks.send_follow_ups()
    assert OutgoingMail.objects.count() == first == 3  # two follow-ups and one notes request
    assert FollowUp.objects.count() == 1


def test_follow_ups_switched_off_or_in_the_digest(meeting, coordinator, member, facilitator):
    preferences.set_delivery(user=member, topic="follow_ups", delivery="off")
    preferences.set_delivery(user=coordinator, topic="follow_ups", delivery="digest")
    tasks.send_follow_ups()
    assert recipients(FOLLOW_UP) == []
    item = DigestItem.objects.get(kind=FOLLOW_UP)
    assert item.user == coordinator
    assert item.path == meeting.get_absolute_url()
    assert "/meetings/evaluation/" not in item.line + item.path  # a digest never carries a secret link
    assert FollowUp.objects.get(meeting=meeting).sent_at is not None


def test_the_evaluation_link_is_kept_out_of_logs():
    assert redact_secret_paths("GET /meetings/evaluation/WzEsMl0:abc:def/") == "GET /meetings/evaluation/[redacted]/"
    assert redact_secret_paths("GET /meetings/12/evaluation/") == "GET /meetings/12/evaluation/"
    assert "abc" not in redact_secret_paths("/account/login/?next=%2Fmeetings%2Fevaluation%2Fabc%2F")
