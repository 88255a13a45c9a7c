import re

from kombu.exceptions import OperationalError

from members import outbox, tasks
from members.models import OutgoingMail
from tests.conftest import body_text
from tests.factories import UserFactory

RESET = "/account/password-reset/"
SENT = "/account/password-reset/sent/"


def reset_link(message):
    return re.search(r"http://testserver(/account/password-reset/\S+/\S+/)", body_text(message)).group(1)


def main_content(response):
    return re.search(r"<main.*</main>", response.text, re.DOTALL).group(0)


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


def test_reset_mail_is_in_the_recipients_language(client, db, mail_sink, send_queued_mail):
    user = UserFactory(language="en")
    client.post(RESET, {"email": user.email})
    send_queued_mail()
    [message] = mail_sink.wait_for(1)
    assert message["Subject"] == "Choose a new password for the learning networks portal"
    assert "Hello" in body_text(message)


def test_unknown_address_gets_the_same_page_and_no_mail(client, db, member):
    known = client.post(RESET, {"email": member.email}, follow=True)
    unknown = client.post(RESET, {"email": "niemand@school.example.nl"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain == [(SENT, 302)]
    assert main_content(known) == main_content(unknown)
    assert OutgoingMail.objects.filter(recipient="niemand@school.example.nl").count() == 0


def test_many_requests_for_one_address_send_at_most_three_mails(client, member):
    for _ in range(6):
        assert client.post(RESET, {"email": member.email})["Location"] == SENT
    assert OutgoingMail.objects.filter(kind=OutgoingMail.Kind.PASSWORD_RESET).count() <= 3


def test_a_malformed_address_gets_a_message_and_sends_nothing(client, db):
    response = client.post(RESET, {"email": "geen adres"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not OutgoingMail.objects.exists()


def test_when_redis_is_down_at_commit_the_sweeper_sends_the_mail_later(
    client, member, monkeypatch, mail_sink, django_capture_on_commit_callbacks, caplog
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1. Connection refused.")

    monkeypatch.setattr(tasks.send_outgoing_mail, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESET, {"email": member.email})
    assert response.status_code == 302  # the person is not bothered with our outage
    mail = OutgoingMail.objects.get()
    assert mail.status == OutgoingMail.Status.QUEUED
    assert "the sweeper will send it" in caplog.text

    assert outbox.sweep() == [mail.pk]
    outbox.deliver(mail.pk)
    assert len(mail_sink.wait_for(1)) == 1
