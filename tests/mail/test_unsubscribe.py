"""Unsubscribe links (mail/unsubscribe.py, mail.views.unsubscribe_link): RFC 8058 one-click by POST without
login or CSRF token; GET and HEAD only show the page with one button; a token that was tampered with
changes nothing. Mails of a topic carry the link and the List-Unsubscribe headers; other mails do not."""

import re
from urllib.parse import unquote

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from leernetwerk.secret_paths import REDACTED, redact_secret_paths
from mail import outbox, preferences, unsubscribe
from mail.models import Delivery, OutgoingMail, Preference, Topic
from meetings.mails import MeetingMail
from members import services as member_services
from networks import services as network_services
from tests.factories import MeetingFactory, UserFactory
from tests.helpers import body_text

ONE_CLICK = "List-Unsubscribe=One-Click"
SITE = "https://leernetwerk.example.nl"


def link_of(user, topic=Topic.REMINDERS):
    return unsubscribe.unsubscribe_path(user=user.pk, topic=topic)


def one_click(path):
    """What a mail program sends for RFC 8058: a POST with that body, no cookies, no CSRF token."""
    client = Client(enforce_csrf_checks=True)
    return client.post(path, ONE_CLICK, content_type="application/x-www-form-urlencoded")


def delivery(user, topic=Topic.REMINDERS):
    return preferences.delivery_for(user, topic)


def queue_reminder(user, occasion="r1"):
    meeting = MeetingFactory(network=user.memberships.get().network)
    return outbox.queue_mail(
        kind=MeetingMail.REMINDER,
        recipient=user,
        about=meeting,
        occasion=occasion,
        template="meeting_seat",
        context={"meeting": meeting, "network": meeting.network},
    )


# --- The link --------------------------------------------------------------------------------------


def test_one_click_post_switches_the_topic_off_without_login_or_csrf_token(member):
    response = one_click(link_of(member))
    assert response.status_code == 200
    assert "Je bent afgemeld" in response.text
    assert delivery(member) == Delivery.OFF
    # The other topics stay as they were.
    assert delivery(member, Topic.FOLLOW_UPS) == Delivery.IMMEDIATE
    assert not response.has_header("Location")  # RFC 8058: no redirect


def test_the_button_on_the_page_switches_the_topic_off(member):
    client = Client(enforce_csrf_checks=True)
    path = link_of(member, Topic.EVALUATIONS)
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 200
    assert delivery(member, Topic.EVALUATIONS) == Delivery.OFF
    assert delivery(member, Topic.REMINDERS) == Delivery.IMMEDIATE


def test_posting_twice_is_harmless(member):
    path = link_of(member)
    one_click(path)
    assert one_click(path).status_code == 200
    assert Preference.objects.get(user=member).delivery == Delivery.OFF


@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_opening_the_link_changes_nothing(member, method):
    """Mail scanners open every link; only the button (a POST) unsubscribes."""
    response = getattr(Client(), method)(link_of(member))
    assert response.status_code == 200
    assert not Preference.objects.exists()


def test_the_page_shows_one_button_that_posts_to_the_same_address(member):
    path = link_of(member)
    response = Client().get(path)
    text = response.text
    assert "Afmelden" in text and "Herinneringen vóór een bijeenkomst" in text
    assert member.full_name in text
    main = text.split("<main", 1)[1] if "<main" in text else text
    assert main.count("<button") == 1
    assert main.count('<form method="post"') == 1
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_page_says_when_the_topic_is_already_off(member):
    preferences.set_delivery(user=member, topic=Topic.REMINDERS, delivery=Delivery.OFF)
    assert "Ze staan al uit." in Client().get(link_of(member)).text


def tampered_tokens(member, other):
    token = unsubscribe.make_token(member.pk, Topic.REMINDERS)
    signature = token.rpartition(":")[2]
    # Another person's id with this token's signature, and the right payload with a wrong signature.
    forged_payload = signing.dumps([other.pk, "reminders"], salt="someone-else", compress=True).rpartition(":")[0]
    return [
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        f"{forged_payload}:{signature}",
        signing.dumps([other.pk, "reminders"], salt="someone-else", compress=True),
        signing.dumps([other.pk, "reminders"], salt="mail.unsubscribe", key="not-our-secret-key", compress=True),
        unsubscribe.make_token(member.pk, "newsletters"),  # signed, but no topic of ours
        "not-a-token",
        "x" * 2000,
    ]


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_token_or_one_for_another_person_is_refused_and_changes_nothing(member, coordinator, method):
    for token in tampered_tokens(member, coordinator):
        client = Client(enforce_csrf_checks=True)
        path = reverse("mail:unsubscribe", kwargs={"token": token})
        if method == "post":
            response = client.post(path, ONE_CLICK, content_type="application/x-www-form-urlencoded")
        else:
            response = client.get(path)
        assert response.status_code == 404, token
        assert "Deze link werkt niet" in response.text
    assert not Preference.objects.exists()


def test_a_token_of_a_person_who_is_gone_is_refused(db):
    user = UserFactory()
    path = link_of(user)
    user.delete()
    assert one_click(path).status_code == 404


def test_the_unsubscribe_address_is_redacted_in_logs(member):
    path = link_of(member)
    token = path.rstrip("/").rpartition("/")[2]
    for text in [
        f"GET {path} HTTP/1.1",
        f"POST {SITE}{path} HTTP/1.1",
        f"GET /account/login/?next={path.replace('/', '%2F')} HTTP/1.1",
        f"Not Found: {path}",
    ]:
        redacted = redact_secret_paths(text)
        assert token not in redacted, text
        assert REDACTED in redacted
    assert redact_secret_paths("GET /mail/preferences/ HTTP/1.1") == "GET /mail/preferences/ HTTP/1.1"


def test_django_logs_a_refused_unsubscribe_address_without_its_token(member, caplog):
    token = unsubscribe.make_token(member.pk, Topic.REMINDERS) + "x"
    Client().get(reverse("mail:unsubscribe", kwargs={"token": token}))
    logged = [r.getMessage() for r in caplog.records if r.name == "django.request"]
    assert logged, "Django logs the 404"
    assert all(token not in line for line in logged)
    assert any("/mail/unsubscribe/[redacted]/" in line for line in logged)


# --- The mails ----------------------------------------------------------------------------------------


def headers_and_link(message):
    """(List-Unsubscribe, List-Unsubscribe-Post, the https link in the text body)."""
    text = body_text(message)
    match = re.search(r"https://\S+/mail/unsubscribe/[^/\s]+/", text)
    # Long headers are folded on the way; the value starts after the folding white space.
    header, post = message["List-Unsubscribe"], message["List-Unsubscribe-Post"]
    return header and header.strip(), post and post.strip(), match.group(0) if match else None


@pytest.mark.smtp
def test_a_mail_of_a_topic_carries_the_link_and_both_headers(member, mail_sink, settings):
    settings.SITE_URL = SITE
    settings.MAIL_UNSUBSCRIBE_ADDRESS = "afmelden@leernetwerk.example.nl"
    mail = queue_reminder(member)
    assert "unsubscribe_url" in mail.links
    assert "/mail/unsubscribe/" not in mail.body_text + mail.body_html  # made at send time, not stored
    outbox.deliver(mail.pk)
    [message] = mail_sink.wait_for(1)
    header, post_header, link = headers_and_link(message)
    assert post_header == ONE_CLICK
    assert link is not None and link.startswith(f"{SITE}/mail/unsubscribe/")
    https, mailto = [part.strip().strip("<>") for part in header.split(",")]
    assert https == link
    assert mailto.startswith("mailto:afmelden@leernetwerk.example.nl?subject=unsubscribe%20")
    token = link.rstrip("/").rpartition("/")[2]
    assert unquote(mailto.partition("subject=")[2]) == f"unsubscribe {token}"
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'href="{link}"' in html
    assert f'href="{SITE}/mail/preferences/"' in html
    # The mail program's one-click POST to the https address switches reminders off.
    assert one_click(link.removeprefix(SITE)).status_code == 200
    assert delivery(member) == Delivery.OFF


@pytest.mark.smtp
def test_without_an_unsubscribe_address_the_header_has_only_https(member, mail_sink, settings):
    settings.SITE_URL = SITE
    settings.MAIL_UNSUBSCRIBE_ADDRESS = ""
    outbox.deliver(queue_reminder(member).pk)
    [message] = mail_sink.wait_for(1)
    header, post_header, link = headers_and_link(message)
    assert header == f"<{link}>"
    assert post_header == ONE_CLICK


@pytest.mark.smtp
def test_each_person_gets_their_own_link(member, coordinator, mail_sink, settings):
    settings.SITE_URL = SITE
    meeting = MeetingFactory(network=member.memberships.get().network)
    rows = outbox.queue_many(
        kind=MeetingMail.REMINDER,
        recipients=[member, coordinator],
        about=meeting,
        occasion="r1",
        template="meeting_seat",
        context={"meeting": meeting, "network": meeting.network},
    )
    for row in rows:
        outbox.deliver(row.pk)
    messages = {message["To"]: message for message in mail_sink.wait_for(2)}
    member_link = headers_and_link(messages[member.email])[2]
    coordinator_link = headers_and_link(messages[coordinator.email])[2]
    assert member_link != coordinator_link
    one_click(member_link.removeprefix(SITE))
    assert delivery(member) == Delivery.OFF
    assert delivery(coordinator) == Delivery.IMMEDIATE


@pytest.mark.smtp
def test_invitations_and_password_resets_carry_no_unsubscribe(network, coordinator, member, mail_sink, settings):
    settings.MAIL_UNSUBSCRIBE_ADDRESS = "afmelden@leernetwerk.example.nl"
    member_services.send_password_reset(user=member, occasion="1")
    network_services.invite_people(network=network, inviter=coordinator, emails=["nieuw@school.nl"], role="member")
    ids = list(OutgoingMail.objects.values_list("pk", flat=True))
    assert len(ids) == 2
    for mail_id in ids:
        outbox.deliver(mail_id)
    for message in mail_sink.wait_for(2):
        assert message["List-Unsubscribe"] is None
        assert message["List-Unsubscribe-Post"] is None
        assert "/mail/unsubscribe/" not in body_text(message)
        assert "/mail/unsubscribe/" not in message.get_body(preferencelist=("html",)).get_content()
