import re

import pytest
from django.db import connection
from django.test import Client
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from kombu.exceptions import OperationalError

from mail import outbox
from mail import tasks as mail_tasks
from mail.models import OutgoingMail
from members import services, tasks
from members.mails import MemberMail
from members.models import PasswordResetRequest
from tests.factories import UserFactory
from tests.helpers import body_text

RESET = "/account/password-reset/"
SENT = "/account/password-reset/sent/"


def reset_link(message):
    return re.search(r"http://testserver(/account/password-reset/\S+/\S+/)", body_text(message)).group(1)


def main_content(response):
    return re.search(r"<main.*</main>", response.text, re.DOTALL).group(0)


@pytest.mark.smtp
def test_member_resets_password_through_the_link_in_the_mail(client, member, mail_sink, send_queued_mail):
    response = client.post(RESET, {"email": member.email.upper()})
    assert response.status_code == 302
    assert response["Location"] == SENT
    assert send_queued_mail() == 1

    [message] = mail_sink.wait_for(1)
    assert message["To"] == member.email
    assert message["Subject"] == "Kies een nieuw wachtwoord voor het leernetwerkenportaal"
    assert message.get_body(preferencelist=("html",)) is not None

    form_page = client.get(reset_link(message), follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Nieuw-wachtwoord-2026", "new_password2": "Nieuw-wachtwoord-2026"},
    )
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.check_password("Nieuw-wachtwoord-2026")

    # The link works once.
    again = client.get(reset_link(message), follow=True)
    assert not again.context["validlink"]
    assert "Deze link werkt niet meer" in again.text


def test_reset_mail_is_in_the_recipients_language(client, db, send_queued_mail, mailoutbox):
    user = UserFactory(language="en")
    client.post(RESET, {"email": user.email})
    send_queued_mail()
    [message] = mailoutbox
    assert message.subject == "Choose a new password for the learning networks portal"
    assert "Hello" in message.body


def test_unknown_address_gets_the_same_page_and_no_mail(client, db, member, send_queued_mail):
    known = client.post(RESET, {"email": member.email}, follow=True)
    unknown = client.post(RESET, {"email": "niemand@school.example.nl"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain == [(SENT, 302)]
    assert main_content(known) == main_content(unknown)
    send_queued_mail()
    assert OutgoingMail.objects.filter(recipient="niemand@school.example.nl").count() == 0
    assert not PasswordResetRequest.objects.exists()  # the typed address is not kept


def request_work(client, email, monkeypatch, django_capture_on_commit_callbacks):
    """What the reset page does for one address: its SQL (statement and table), the templates it
    renders and the tasks it hands to the broker."""
    published = []
    monkeypatch.setattr(tasks.send_password_reset, "delay", lambda *args: published.append("send_password_reset"))
    monkeypatch.setattr(
        mail_tasks.send_outgoing_mails, "apply_async", lambda *args, **kwargs: published.append("send_outgoing_mails")
    )
    templates = []

    def rendered(sender, template, **kwargs):
        templates.append(template.name)

    template_rendered.connect(rendered)
    try:
        with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
            response = client.post(RESET, {"email": email})
    finally:
        template_rendered.disconnect(rendered)
    assert response["Location"] == SENT
    statements = [
        (query["sql"].split()[0], re.findall(r'(?:FROM|INTO|UPDATE) "(\w+)"', query["sql"])[:1]) for query in queries
    ]
    return statements, templates, published


def test_the_reset_page_does_the_same_work_whether_or_not_the_account_exists(
    db, member, monkeypatch, django_capture_on_commit_callbacks
):
    """The response time must not tell whether an address has an account: the page does the same
    queries, renders the same templates and publishes the same task either way (no mail is rendered
    in the request)."""
    known = request_work(Client(), member.email, monkeypatch, django_capture_on_commit_callbacks)
    unknown = request_work(Client(), "niemand@school.example.nl", monkeypatch, django_capture_on_commit_callbacks)
    assert known == unknown
    _statements, templates, published = known
    assert published == ["send_password_reset"]
    assert not any(name.startswith("emails/") for name in templates)
    assert OutgoingMail.objects.count() == 0  # the worker looks the account up and queues the mail


def test_many_requests_for_one_address_send_at_most_three_mails(client, member, send_queued_mail):
    for _ in range(6):
        assert client.post(RESET, {"email": member.email})["Location"] == SENT
    assert send_queued_mail() == 3
    assert OutgoingMail.objects.filter(kind=MemberMail.PASSWORD_RESET).count() == 3


def test_a_malformed_address_gets_a_message_and_sends_nothing(client, db):
    response = client.post(RESET, {"email": "geen adres"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not OutgoingMail.objects.exists()


@pytest.mark.smtp
def test_when_redis_is_down_at_commit_the_sweeper_sends_the_mail_later(
    client, member, monkeypatch, mail_sink, django_capture_on_commit_callbacks, caplog
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1. Connection refused.")

    monkeypatch.setattr(tasks.send_password_reset, "delay", broker_down)
    monkeypatch.setattr(mail_tasks.send_outgoing_mails, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESET, {"email": member.email})
    assert response.status_code == 302  # the person is not bothered with our outage
    assert PasswordResetRequest.objects.count() == 1
    assert "the sweeper will answer it" in caplog.text

    with django_capture_on_commit_callbacks(execute=True):
        tasks.sweep_password_reset_requests()  # beat runs it every minute
    assert not PasswordResetRequest.objects.exists()
    mail = OutgoingMail.objects.get()
    assert mail.status == OutgoingMail.Status.QUEUED
    assert "the sweeper will send them" in caplog.text

    assert outbox.sweep() == [mail.pk]
    outbox.deliver(mail.pk)
    [message] = mail_sink.wait_for(1)
    assert Client().get(reset_link(message), follow=True).context["validlink"]


def test_a_request_answered_twice_sends_one_mail(member, client):
    client.post(RESET, {"email": member.email})
    request_id = PasswordResetRequest.objects.get().pk
    services.answer_password_reset_request(request_id=request_id)
    services.answer_password_reset_request(request_id=request_id)  # the task and the sweeper
    assert OutgoingMail.objects.count() == 1
