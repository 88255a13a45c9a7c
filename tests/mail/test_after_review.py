"""What an outside review of the mail work found, each as the rule it breaks:

- a digest line of a topic switched off, or of a note made confidential, must not go out;
- a reminder mail still in the outbox when its meeting is cancelled or moved must not go out;
- Celery's time limit or an SMTP server that does not answer must not fail mails for good;
- the evaluation figures over all meetings must not reveal the answers of a meeting with fewer than three;
- answers must not be linkable to who answered by their ids;
- meetings planned before reminders existed get their reminders.
"""

import importlib
import smtplib
import uuid
from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.apps import apps
from django.utils import timezone

from mail import digest, outbox, preferences
from mail.mails import MailMail
from mail.models import Delivery, DigestItem, OutgoingMail, Topic
from meetings import reminders, services
from meetings.mails import MeetingMail
from meetings.models import EvaluationAnswer, Reminder, ReminderRule
from metrics import registry
from tests.factories import MeetingFactory, MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def other_member(network):
    return MembershipFactory(network=network, user__full_name="Joris Lid").user


def queued_reminder(meeting, user, reminder):
    return outbox.queue_mail(
        kind=MeetingMail.REMINDER,
        recipient=user,
        about=meeting,
        occasion=reminders.reminder_occasion(reminder),
        template="meeting_seat",
        context={"meeting": meeting, "network": meeting.network},
    )


def test_a_digest_line_of_a_topic_switched_off_since_is_not_sent(network, member, facilitator):
    note_meeting = MeetingFactory(network=network, held=True)
    services.write_note(meeting=note_meeting, author=facilitator, title="Verslag", body="Tekst", is_confidential=False)
    assert DigestItem.objects.filter(user=member, topic=Topic.NEW_NOTES).exists()  # the default: the digest

    preferences.set_delivery(user=member, topic=Topic.NEW_NOTES, delivery=Delivery.OFF)  # the unsubscribe link
    assert digest.send_digest(user_id=member.pk) is None
    assert not OutgoingMail.objects.filter(kind=MailMail.DIGEST).exists()
    assert not DigestItem.objects.filter(user=member).exists()


def test_a_note_made_confidential_takes_back_its_announcement(network, member, facilitator):
    preferences.set_delivery(user=member, topic=Topic.NEW_NOTES, delivery=Delivery.IMMEDIATE)
    digest_reader = other_member(network)
    note_meeting = MeetingFactory(network=network, held=True)
    note = services.write_note(
        meeting=note_meeting, author=facilitator, title="Casus leerling X", body="Tekst", is_confidential=False
    )
    [mail] = OutgoingMail.objects.filter(kind=MeetingMail.NEW_NOTE, user=member)
    assert DigestItem.objects.filter(user=digest_reader).exists()

    services.edit_note(note=note, editor=facilitator, title=note.title, body=note.body, is_confidential=True)
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.WITHDRAWN
    assert not DigestItem.objects.filter(user=digest_reader).exists()
    outbox.deliver(mail.pk)
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.WITHDRAWN  # never sent


def sent_reminder(meeting):
    """The 48-hour reminder of `meeting`, sent for its present start."""
    return Reminder.objects.create(
        meeting=meeting,
        hours_before=48,
        audience=ReminderRule.Audience.NOT_ANSWERED,
        starts_at=meeting.starts_at,
        due_at=timezone.now(),
        status=Reminder.Status.SENT,
    )


def test_reminder_mails_still_queued_are_withdrawn_when_the_meeting_is_cancelled(network, coordinator, member):
    meeting = MeetingFactory(network=network)
    reminder = sent_reminder(meeting)
    mail = queued_reminder(meeting, member, reminder)  # SMTP was down: it still waits
    services.cancel_meeting(meeting=meeting, reason="De spreker is ziek.")
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.WITHDRAWN
    assert OutgoingMail.objects.filter(kind=MeetingMail.CANCELLED, user=member).exists()


def test_reminder_mails_of_the_old_time_are_withdrawn_when_the_meeting_moves(network, coordinator, member):
    meeting = MeetingFactory(network=network)
    reminder = sent_reminder(meeting)
    mail = queued_reminder(meeting, member, reminder)
    services.update_meeting(
        meeting=meeting, starts_at=meeting.starts_at + timedelta(days=1), ends_at=meeting.ends_at + timedelta(days=1)
    )
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.WITHDRAWN
    assert OutgoingMail.objects.filter(kind=MeetingMail.CHANGED, user=member).exists()


class _Connection:
    """An SMTP connection that behaves as told."""

    def __init__(self, open_error=None, send_error=None):
        self.open_error, self.send_error = open_error, send_error

    def open(self):
        if self.open_error:
            raise self.open_error

    def close(self):
        pass

    def send_messages(self, messages):
        if self.send_error:
            raise self.send_error
        return len(messages)


def test_celerys_time_limit_puts_the_unsent_rows_back_as_they_were(network, monkeypatch):
    users = [other_member(network) for _ in range(3)]
    meeting = MeetingFactory(network=network)
    rows = [queued_reminder(meeting, user, Reminder(pk=n)) for n, user in enumerate(users)]
    monkeypatch.setattr(outbox, "get_connection", lambda: _Connection(send_error=SoftTimeLimitExceeded()))
    with pytest.raises(SoftTimeLimitExceeded):
        outbox.deliver_many([row.pk for row in rows])
    for row in rows:
        row.refresh_from_db()
        assert (row.status, row.attempts) == (OutgoingMail.Status.QUEUED, 0)


def test_an_smtp_server_that_does_not_answer_makes_the_whole_batch_wait_once(network, monkeypatch):
    users = [other_member(network) for _ in range(3)]
    meeting = MeetingFactory(network=network)
    rows = [queued_reminder(meeting, user, Reminder(pk=n)) for n, user in enumerate(users)]
    opened = []

    def connection():
        opened.append(1)
        return _Connection(open_error=smtplib.SMTPServerDisconnected("timed out"))

    monkeypatch.setattr(outbox, "get_connection", connection)
    outbox.deliver_many([row.pk for row in rows])
    assert len(opened) == 1  # not one connection timeout per mail
    for row in rows:
        row.refresh_from_db()
        assert (row.status, row.attempts) == (OutgoingMail.Status.QUEUED, 1)
        assert row.next_attempt_at > timezone.now()


def evaluate(meeting, *scores):
    for overall in scores:
        EvaluationAnswer.objects.create(meeting=meeting, overall=overall, useful=overall, will_try=True)


def test_the_figures_over_all_meetings_leave_out_meetings_with_fewer_than_three_answers(network):
    evaluate(MeetingFactory(network=network, held=True), 4, 4, 4)
    evaluate(MeetingFactory(network=network, held=True), 1)  # hidden on its own: must not show in the total
    assert registry.for_object(network, "evaluation_overall")["evaluation_overall"] == pytest.approx(4.0)


def test_answers_carry_no_number_that_follows_the_order_of_answering(network):
    meeting = MeetingFactory(network=network, held=True)
    evaluate(meeting, 3, 4)
    assert all(isinstance(answer.pk, uuid.UUID) for answer in EvaluationAnswer.objects.all())


def test_meetings_planned_before_reminders_existed_get_them(network):
    meeting = MeetingFactory(network=network, starts_at=timezone.now() + timedelta(days=10))
    past_moment = MeetingFactory(network=network, starts_at=timezone.now() + timedelta(days=1))
    NetworkFactory()  # another network, with its own rules
    Reminder.objects.all().delete()
    ReminderRule.objects.all().delete()
    migration = importlib.import_module("meetings.migrations.0006_default_reminder_rules")

    migration.add_default_rules(apps, None)

    assert set(Reminder.objects.filter(meeting=meeting).values_list("status", flat=True)) == {"pending"}
    assert Reminder.objects.filter(meeting=meeting).count() == 2
    week_before = Reminder.objects.get(meeting=past_moment, hours_before=7 * 24)
    assert week_before.status == Reminder.Status.DROPPED  # its moment had passed: never sent late
