"""A real `celery worker` process on the real Redis sends outbox mail to the real SMTP sink."""

import re
import time

import pytest
from django.db import transaction
from django.test import Client
from kombu.exceptions import OperationalError

from mail import tasks
from mail.models import OutgoingMail
from members import services
from members.models import PasswordResetRequest
from tests.factories import UserFactory
from tests.helpers import body_text

pytestmark = [pytest.mark.worker, pytest.mark.smtp, pytest.mark.django_db(transaction=True)]


def wait_for_status(mail, status, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        mail.refresh_from_db()
        if mail.status == status:
            return
        time.sleep(0.1)
    raise AssertionError(f"mail {mail.pk} is {mail.status}, expected {status}")


def test_worker_sends_a_committed_outbox_row_to_the_smtp_sink(celery_worker_process, mail_sink):
    user = UserFactory(language="en")
    with transaction.atomic():
        mail = services.send_password_reset(user=user, occasion="1")

    [message] = mail_sink.wait_for(1)
    assert message["To"] == user.email
    assert message["Subject"] == "Choose a new password for the learning networks portal"
    assert "/account/password-reset/" in body_text(message)
    wait_for_status(mail, OutgoingMail.Status.SENT)


def test_worker_answers_the_reset_page_with_a_mail_whose_link_works(celery_worker_process, mail_sink):
    user = UserFactory()
    assert Client().post("/account/password-reset/", {"email": user.email}).status_code == 302

    [message] = mail_sink.wait_for(1)
    assert message["To"] == user.email
    link = re.search(r"http://testserver(/account/password-reset/\S+/\S+/)", body_text(message)).group(1)
    assert Client().get(link, follow=True).context["validlink"]
    assert not PasswordResetRequest.objects.exists()


def test_rolled_back_change_sends_nothing(celery_worker_process, mail_sink):
    user = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.send_password_reset(user=user, occasion="1")
        raise RuntimeError("the change that caused the mail failed")
    assert not OutgoingMail.objects.exists()
    time.sleep(1)
    assert mail_sink.messages() == []


def test_sweeper_task_sends_rows_the_broker_never_saw(celery_worker_process, mail_sink, monkeypatch):
    user = UserFactory()

    def broker_down(*args, **kwargs):
        raise OperationalError("Connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(tasks.send_outgoing_mails, "apply_async", broker_down)
        with transaction.atomic():
            mail = services.send_password_reset(user=user, occasion="1")
    time.sleep(1)
    assert mail_sink.messages() == []

    tasks.sweep_outbox.delay()  # what beat does every minute
    assert len(mail_sink.wait_for(1)) == 1
    wait_for_status(mail, OutgoingMail.Status.SENT)
