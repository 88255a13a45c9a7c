"""The outbox: rows first, one mail per (kind, object, occasion, recipient), claimed once, retried
on transient SMTP errors, swept when forgotten. Mail goes over real SMTP to the sink of `make test`
(the tests marked `smtp`) or to small SMTP servers started here that answer with errors."""

import re
import smtplib
import socket
import threading
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone

from mail import heartbeats, outbox
from mail.models import OutgoingMail
from tests.factories import UserFactory
from tests.helpers import body_text, queue_reset_mail


class RefusingHandler:
    """An SMTP server that answers every recipient with one fixed reply."""

    def __init__(self, reply):
        self.reply = reply

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return self.reply


@pytest.fixture
def smtp_answering(settings):
    controllers = []

    def start(reply):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        controller = Controller(RefusingHandler(reply), hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port

    yield start
    for controller in controllers:
        controller.stop()


def make_due(mail):
    OutgoingMail.objects.filter(pk=mail.pk).update(next_attempt_at=timezone.now())


def test_queueing_the_same_mail_twice_keeps_one_row_and_sends_once(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        first = queue_reset_mail(member, occasion="a")
        second = queue_reset_mail(member, occasion="a")
    assert first.pk == second.pk
    assert OutgoingMail.objects.count() == 1
    assert len(callbacks) == 1


def test_a_new_occasion_is_a_new_mail(member):
    queue_reset_mail(member, occasion="a")
    queue_reset_mail(member, occasion="b")
    assert OutgoingMail.objects.count() == 2


def test_mail_is_rendered_in_the_recipients_language(db):
    dutch = queue_reset_mail(UserFactory(language="nl"))
    english = queue_reset_mail(UserFactory(language="en"))
    assert dutch.language == "nl" and dutch.subject.startswith("Kies een nieuw wachtwoord")
    assert english.language == "en" and english.subject.startswith("Choose a new password")
    assert "<html" in english.body_html and "Hello" in english.body_text


@pytest.mark.smtp
def test_deliver_sends_text_and_html_with_a_stable_message_id(member, mail_sink):
    mail = queue_reset_mail(member)
    outbox.deliver(mail.pk)
    [message] = mail_sink.wait_for(1)
    assert message["To"] == member.email
    assert message["Message-ID"] == f"<outbox-{mail.pk}.{int(mail.created_at.timestamp())}@leernetwerk.local>"
    assert "/account/password-reset/x/y/" in body_text(message)
    assert message.get_body(preferencelist=("html",)).get_content().lstrip().startswith("<!doctype html>")
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.SENT
    assert mail.sent_at is not None
    assert mail.attempts == 1


@pytest.mark.smtp
def test_each_mail_has_a_random_mime_boundary_of_its_own(member, mail_sink):
    # Drawn by the outbox, not by the email package (which compiles a new expression per mail to search
    # the text for its boundary): 128 random bits, so no text contains it and no two mails share it.
    first, second = queue_reset_mail(member, occasion="first"), queue_reset_mail(member, occasion="second")
    outbox.deliver_many([first.pk, second.pk])
    boundaries = {message.get_boundary() for message in mail_sink.wait_for(2)}
    assert len(boundaries) == 2
    assert all(re.fullmatch(r"=_[0-9a-f]{32}", boundary) for boundary in boundaries)


@pytest.mark.smtp
def test_attachments_travel_with_the_mail(member, mail_sink):
    ics = {"filename": "x.ics", "mimetype": "text/calendar", "content": "BEGIN:VCALENDAR"}
    mail = queue_reset_mail(member, attachments=[ics])
    outbox.deliver(mail.pk)
    [message] = mail_sink.wait_for(1)
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "x.ics"
    assert attachment.get_content_type() == "text/calendar"


@pytest.mark.smtp
def test_delivering_twice_sends_once(member, mail_sink):
    mail = queue_reset_mail(member)
    outbox.deliver(mail.pk)
    outbox.deliver(mail.pk)
    assert len(mail_sink.wait_for(1)) == 1
    mail.refresh_from_db()
    assert mail.attempts == 1


@pytest.mark.smtp
@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_for_one_row_send_one_mail(mail_sink, monkeypatch):
    # The four threads are the workers here: the real worker that other tests start must not get the task.
    monkeypatch.setattr(outbox, "dispatch", lambda mail_id: None)
    mail = queue_reset_mail(UserFactory())
    start = threading.Barrier(4)

    def worker():
        start.wait()
        try:
            outbox.deliver(mail.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(mail_sink.wait_for(1)) == 1
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (OutgoingMail.Status.SENT, 1)


def test_a_missing_row_is_ignored(db):
    outbox.deliver(123456789)


@pytest.mark.smtp
def test_a_refused_connection_never_fails_a_mail_it_waits_longer_each_time(member, settings, mail_sink):
    real_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there
    mail = queue_reset_mail(member)
    outbox.deliver(mail.pk)
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.QUEUED
    assert mail.attempts == 1
    assert mail.last_error.startswith(outbox.SERVER_UNUSABLE) and "ConnectionRefusedError" in mail.last_error
    first_wait = mail.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < first_wait <= timedelta(minutes=1)

    outbox.deliver(mail.pk)  # not due yet: nothing happens
    mail.refresh_from_db()
    assert mail.attempts == 1

    make_due(mail)
    outbox.deliver(mail.pk)
    mail.refresh_from_db()
    assert mail.attempts == 2
    assert mail.next_attempt_at - timezone.now() > timedelta(minutes=4)

    # An outage longer than all the attempts a mail has: it is the server's fault, not the mail's.
    for _ in range(settings.MAIL_MAX_ATTEMPTS + 2):
        make_due(mail)
        outbox.deliver(mail.pk)
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.QUEUED
    assert timedelta(minutes=59) < mail.next_attempt_at - timezone.now() <= timedelta(hours=1)
    assert mail_sink.messages() == []

    settings.EMAIL_PORT = real_port  # the server is back
    make_due(mail)
    outbox.deliver(mail.pk)
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.SENT
    assert len(mail_sink.messages()) == 1


def test_a_4xx_reply_is_transient(member, smtp_answering):
    smtp_answering("451 4.3.0 Mailbox temporarily unavailable")
    mail = queue_reset_mail(member)
    outbox.deliver(mail.pk)
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.QUEUED
    assert "451" in mail.last_error


def test_a_5xx_reply_fails_at_once(member, smtp_answering):
    smtp_answering("550 5.1.1 No such user")
    mail = queue_reset_mail(member)
    outbox.deliver(mail.pk)
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.FAILED
    assert mail.attempts == 1
    assert "550" in mail.last_error


@pytest.mark.smtp
def test_after_a_transient_failure_the_retry_reaches_the_sink(member, settings, mail_sink):
    real_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1
    mail = queue_reset_mail(member)
    outbox.deliver(mail.pk)
    settings.EMAIL_PORT = real_port
    make_due(mail)
    assert outbox.sweep() == [mail.pk]
    outbox.deliver(mail.pk)
    assert len(mail_sink.wait_for(1)) == 1
    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.last_error) == (OutgoingMail.Status.SENT, 2, "")


def test_sweep_lists_due_rows_only(member):
    due = queue_reset_mail(member, occasion="due")
    later = queue_reset_mail(member, occasion="later")
    sent = queue_reset_mail(member, occasion="sent")
    OutgoingMail.objects.filter(pk=later.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=5))
    OutgoingMail.objects.filter(pk=sent.pk).update(status=OutgoingMail.Status.SENT, sent_at=timezone.now())
    assert outbox.sweep() == [due.pk]


@pytest.mark.smtp
def test_sweep_puts_back_a_row_whose_worker_died(member, mail_sink):
    mail = queue_reset_mail(member)
    long_ago = timezone.now() - outbox.STALE_CLAIM_AFTER - timedelta(seconds=1)
    OutgoingMail.objects.filter(pk=mail.pk).update(status=OutgoingMail.Status.SENDING, claimed_at=long_ago, attempts=1)
    assert outbox.sweep() == [mail.pk]
    outbox.deliver(mail.pk)
    assert len(mail_sink.wait_for(1)) == 1


def test_sweep_leaves_a_fresh_claim_alone(member):
    mail = queue_reset_mail(member)
    OutgoingMail.objects.filter(pk=mail.pk).update(status=OutgoingMail.Status.SENDING, claimed_at=timezone.now())
    assert outbox.sweep() == []


def test_a_stale_claim_past_the_attempt_cap_is_marked_failed(member, settings):
    mail = queue_reset_mail(member)
    long_ago = timezone.now() - outbox.STALE_CLAIM_AFTER - timedelta(seconds=1)
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=OutgoingMail.Status.SENDING, claimed_at=long_ago, attempts=settings.MAIL_MAX_ATTEMPTS
    )
    assert outbox.sweep() == []
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.FAILED


def test_the_database_refuses_a_sent_row_without_sent_time(member):
    from django.db import IntegrityError, transaction

    mail = queue_reset_mail(member)
    with pytest.raises(IntegrityError), transaction.atomic():
        OutgoingMail.objects.filter(pk=mail.pk).update(status=OutgoingMail.Status.SENT)


@pytest.mark.expected_error_log
def test_an_unexpected_error_fails_the_row_and_is_logged(member, monkeypatch, caplog):
    mail = queue_reset_mail(member)
    monkeypatch.setattr(outbox, "_send_over_smtp", lambda mail, smtp: 1 / 0)
    outbox.deliver(mail.pk)
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.FAILED
    assert "ZeroDivisionError" in mail.last_error
    assert any(record.levelname == "ERROR" for record in caplog.records)


class _RefusingLogin:
    """A connection whose server refuses the portal's login, as with a wrong password in EMAIL_URL."""

    def open(self):
        raise smtplib.SMTPAuthenticationError(535, b"5.7.8 Authentication credentials invalid")

    def close(self):
        pass


@pytest.mark.expected_error_log  # a refusal needs someone to mend the settings: it is logged as an error
def test_a_mail_server_refusing_the_portal_holds_every_mail_and_says_so(member, client, monkeypatch):
    heartbeats.record("sweep_outbox")
    mails = [queue_reset_mail(member, occasion=str(n)) for n in range(3)]
    monkeypatch.setattr(outbox, "get_connection", _RefusingLogin)
    outbox.deliver_many([mail.pk for mail in mails])
    for mail in mails:
        mail.refresh_from_db()
        assert mail.status == OutgoingMail.Status.QUEUED, "a refused login is no reason to give up a mail"
        assert mail.last_error.startswith(outbox.SERVER_UNUSABLE) and "535" in mail.last_error
        assert timedelta(minutes=4) < mail.next_attempt_at - timezone.now() <= outbox.REFUSED_BY_SERVER_RETRY
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded" and health.json()["mail"] == "waiting"

    monkeypatch.undo()  # the password is mended
    for mail in mails:
        make_due(mail)
    outbox.deliver_many([mail.pk for mail in mails])
    assert OutgoingMail.objects.filter(pk__in=[m.pk for m in mails], status=OutgoingMail.Status.SENT).count() == 3
    assert client.get("/healthz").json()["mail"] == "ok"
