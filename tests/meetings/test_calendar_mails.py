"""The mails with calendar files that planning, moving and cancelling a meeting send: to whom, with
which calendar method, UID and sequence, and what arrives over SMTP."""

import pytest
from django.utils import timezone

from mail.models import OutgoingMail
from meetings import services
from tests.factories import MembershipFactory
from tests.helpers import at, calendar_attachments, local_input, meeting_form, uid_of


@pytest.fixture
def members(network, coordinator, facilitator, member):
    """The current members; someone who left the network is there too, and must get nothing."""
    MembershipFactory(network=network, left_on=timezone.localdate(), user__email="oud-lid@school.example.nl")
    return [coordinator, facilitator, member]


@pytest.fixture
def scheduled(network, coordinator, members):
    return services.schedule_meeting(
        network=network,
        planned_by=coordinator,
        title="Intervisie over ontwikkelgesprekken",
        starts_at=at(14),
        ends_at=at(14, 21, 30),
        place="Het Baken, Alkmaar",
        agenda="1. Opening\n2. Casus",
    )


def mails(kind):
    return list(OutgoingMail.objects.filter(kind=kind).order_by("recipient"))


def emails_of(users):
    return sorted(user.email for user in users)


def test_announcement_goes_to_every_current_member_with_a_calendar_file(network, scheduled, members):
    announcements = mails("meeting_announcement")
    assert [mail.recipient for mail in announcements] == emails_of(members)
    uids = set()
    for mail in announcements:
        assert len(mail.attachments) == 1
        ics = mail.attachments[0]["content"]
        assert mail.attachments[0]["mimetype"].startswith("text/calendar")
        for line in ["BEGIN:VEVENT", "METHOD:REQUEST", "TZID=Europe/Amsterdam", "SEQUENCE:0", "STATUS:CONFIRMED"]:
            assert line in ics
        assert "DTSTART;TZID=Europe/Amsterdam:" + at(14).strftime("%Y%m%dT%H%M%S") in ics
        uids.add(uid_of(ics))
        # Network and time in the subject, in Amsterdam time (19:30, which is 17:30 or 18:30 in UTC).
        assert network.name in mail.subject
        assert "19:30" in mail.subject
    assert len(uids) == 1
    assert OutgoingMail.objects.count() == len(members)


@pytest.mark.smtp
def test_announcements_arrive_over_smtp_with_the_calendar_file(scheduled, members, mail_sink, send_queued_mail):
    assert send_queued_mail() == len(members)
    arrived = mail_sink.wait_for(len(members))
    assert sorted(message["To"] for message in arrived) == emails_of(members)
    for message in arrived:
        (attachment,) = calendar_attachments(message)
        content = attachment.get_content()
        assert "BEGIN:VEVENT" in content
        assert "SEQUENCE:0" in content
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"sent"}


def test_changing_only_the_agenda_sends_nothing(login, scheduled, coordinator):
    before = OutgoingMail.objects.count()
    data = meeting_form(scheduled, agenda="1. Opening\n2. Casus\n3. Afsluiting")
    assert login(coordinator).post(f"/meetings/{scheduled.pk}/edit/", data).status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.agenda == "1. Opening\n2. Casus\n3. Afsluiting"
    assert scheduled.sequence == 0
    assert OutgoingMail.objects.count() == before


def test_moving_the_start_sends_a_change_with_a_newer_calendar_sequence(login, scheduled, coordinator, members):
    uid = uid_of(mails("meeting_announcement")[0].attachments[0]["content"])
    data = meeting_form(scheduled, starts_at=local_input(at(14, 20, 0)), ends_at=local_input(at(14, 22, 0)))
    assert login(coordinator).post(f"/meetings/{scheduled.pk}/edit/", data).status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.sequence == 1
    assert scheduled.starts_at == at(14, 20, 0)
    changes = mails("meeting_changed")
    assert [mail.recipient for mail in changes] == emails_of(members)
    for mail in changes:
        ics = mail.attachments[0]["content"]
        assert "SEQUENCE:1" in ics
        assert "METHOD:REQUEST" in ics
        assert uid_of(ics) == uid
        assert "20:00" in mail.subject

    # A second move is a second change, with the next sequence.
    data = meeting_form(scheduled, place="De Populier, Hoorn")
    login(coordinator).post(f"/meetings/{scheduled.pk}/edit/", data)
    assert len(mails("meeting_changed")) == 2 * len(members)
    latest = OutgoingMail.objects.filter(kind="meeting_changed", occasion="2")
    assert all("SEQUENCE:2" in mail.attachments[0]["content"] for mail in latest)


def test_cancelling_queues_a_calendar_cancellation_for_every_member(login, scheduled, coordinator, members):
    uid = uid_of(mails("meeting_announcement")[0].attachments[0]["content"])
    response = login(coordinator).post(f"/meetings/{scheduled.pk}/cancel/", {"reason": "De spreker is ziek."})
    assert response.status_code == 302
    scheduled.refresh_from_db()
    assert (scheduled.status, scheduled.cancel_reason, scheduled.sequence) == ("cancelled", "De spreker is ziek.", 1)
    cancellations = mails("meeting_cancelled")
    assert [mail.recipient for mail in cancellations] == emails_of(members)
    for mail in cancellations:
        ics = mail.attachments[0]["content"]
        for line in ["METHOD:CANCEL", "STATUS:CANCELLED", "SEQUENCE:1"]:
            assert line in ics
        assert uid_of(ics) == uid
        assert "method=CANCEL" in mail.attachments[0]["mimetype"]


@pytest.mark.smtp
def test_cancellation_arrives_over_smtp_with_a_cancelling_calendar_file(
    login, scheduled, coordinator, members, mail_sink, send_queued_mail
):
    send_queued_mail()
    mail_sink.wait_for(len(members))
    mail_sink.clear()
    login(coordinator).post(f"/meetings/{scheduled.pk}/cancel/", {"reason": "De spreker is ziek."})
    assert send_queued_mail() == len(members)
    arrived = mail_sink.wait_for(len(members))
    assert sorted(message["To"] for message in arrived) == emails_of(members)
    for message in arrived:
        (attachment,) = calendar_attachments(message)
        assert "METHOD:CANCEL" in attachment.get_content()
