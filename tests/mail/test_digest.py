"""The weekly digest (mail/digest.py, mail.tasks.send_digests / send_digest): one mail per person with
news, listing each waiting item once with its link, in their language; expired items left out; nothing
when nothing is new; safe to run twice."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from mail import digest, outbox, preferences, tasks
from mail.mails import MailMail
from mail.models import Delivery, DigestItem, Heartbeat, OutgoingMail, Topic
from meetings.mails import MeetingMail
from networks import services as network_services
from networks.models import Membership
from tests.factories import MeetingFactory, MembershipFactory, UserFactory
from tests.helpers import body_text


def queue_news(user, meeting, kind=MeetingMail.NEW_NOTE, occasion="n1", expires_at=None):
    """A mail of a topic that `user` gets in the digest: it becomes a DigestItem."""
    return outbox.queue_mail(
        kind=kind,
        recipient=user,
        about=meeting,
        occasion=occasion,
        template="meeting_seat",
        context={"meeting": meeting, "network": meeting.network},
        digest_path=meeting.get_absolute_url(),
        expires_at=expires_at,
    )


@pytest.fixture
def meeting(network):
    return MeetingFactory(network=network, title="Ontwikkelgesprekken")


def test_news_in_the_digest_topic_waits_as_an_item(member, meeting):
    assert queue_news(member, meeting) is None  # new notes go to the digest by default
    item = DigestItem.objects.get()
    assert item.user == member and item.digest is None
    assert item.line.startswith("Er is plek voor je")  # the subject, in the person's language
    assert not OutgoingMail.objects.exists()


def test_send_digest_queues_one_mail_listing_the_items_with_links(member, meeting, settings):
    other = MeetingFactory(network=meeting.network, title="Feedback")
    preferences.set_delivery(user=member, topic=Topic.REMINDERS, delivery=Delivery.DIGEST)
    queue_news(member, meeting)
    queue_news(member, other, kind=MeetingMail.REMINDER, occasion="r1", expires_at=other.starts_at)
    row = digest.send_digest(user_id=member.pk)
    assert row.kind == MailMail.DIGEST
    assert row.topic == "" and row.links == {}  # no topic: the digest itself carries no unsubscribe link
    assert row.recipient == member.email
    year, week, _day = timezone.localdate().isocalendar()
    assert row.occasion == f"{year}-W{week:02d}"
    assert row.subject == f"Leernetwerken: je weekoverzicht (week {week:02d})"
    text = row.body_text
    assert "Deze week zijn er 2 berichten voor je in de leernetwerken:" in text
    for shown in [meeting, other]:
        assert f"{settings.SITE_URL}{shown.get_absolute_url()}" in text
        assert f'href="{settings.SITE_URL}{shown.get_absolute_url()}"' in row.body_html
    # Grouped by topic, in the order of the settings page: reminders before new notes.
    assert text.index("Herinneringen vóór een bijeenkomst") < text.index("Nieuwe verslagen")
    assert set(DigestItem.objects.values_list("digest", flat=True)) == {row.pk}


def test_the_digest_is_in_the_recipients_language(network, meeting):
    english = UserFactory(language="en", full_name="Sam Smith")
    network.memberships.create(user=english)
    queue_news(english, meeting)
    row = digest.send_digest(user_id=english.pk)
    assert row.language == "en"
    assert row.subject.startswith("Learning networks: your weekly digest")
    assert "This week there is 1 item for you" in row.body_text
    assert "Hello Sam," in row.body_text


def test_expired_items_are_left_out(member, meeting):
    queue_news(member, meeting, kind=MeetingMail.NEW_NOTE, occasion="fresh")
    preferences.set_delivery(user=member, topic=Topic.REMINDERS, delivery=Delivery.DIGEST)
    queue_news(
        member, meeting, kind=MeetingMail.REMINDER, occasion="old", expires_at=timezone.now() - timedelta(hours=1)
    )
    row = digest.send_digest(user_id=member.pk)
    assert "Herinneringen" not in row.body_text
    assert "Deze week is er 1 bericht" in row.body_text
    expired = DigestItem.objects.get(occasion="old")
    assert expired.digest is None  # never listed


def test_only_expired_items_send_nothing(member, meeting):
    preferences.set_delivery(user=member, topic=Topic.REMINDERS, delivery=Delivery.DIGEST)
    queue_news(member, meeting, kind=MeetingMail.REMINDER, expires_at=timezone.now() - timedelta(minutes=1))
    assert digest.send_digest(user_id=member.pk) is None
    assert digest.people_with_news() == []
    assert not OutgoingMail.objects.exists()


def test_nothing_new_sends_nothing(member, meeting):
    assert digest.send_digest(user_id=member.pk) is None
    queue_news(member, meeting)
    assert digest.send_digest(user_id=member.pk) is not None
    assert digest.send_digest(user_id=member.pk) is None  # the same items are not listed again
    assert OutgoingMail.objects.count() == 1


def test_news_after_this_weeks_digest_waits_for_next_week(member, meeting):
    queue_news(member, meeting, occasion="a")
    first = digest.send_digest(user_id=member.pk)
    queue_news(member, meeting, occasion="b")
    assert digest.send_digest(user_id=member.pk) is None
    later = DigestItem.objects.get(occasion="b")
    assert later.digest is None
    assert OutgoingMail.objects.get() == first


def test_a_person_gone_or_deactivated_gets_no_digest(member, meeting):
    queue_news(member, meeting)
    assert digest.send_digest(user_id=999_999) is None
    type(member).objects.filter(pk=member.pk).update(is_active=False)
    assert digest.people_with_news() == []
    assert digest.send_digest(user_id=member.pk) is None
    assert not OutgoingMail.objects.exists()


def test_send_digests_writes_a_heartbeat_and_fans_out_one_task_per_person_with_news(
    member, coordinator, facilitator, meeting, monkeypatch
):
    started = []
    monkeypatch.setattr(tasks.send_digest, "delay", started.append)
    queue_news(member, meeting)
    queue_news(member, meeting, occasion="second")
    queue_news(coordinator, meeting)
    preferences.set_delivery(user=facilitator, topic=Topic.REMINDERS, delivery=Delivery.DIGEST)
    queue_news(facilitator, meeting, kind=MeetingMail.REMINDER, expires_at=timezone.now() - timedelta(seconds=1))
    tasks.send_digests()
    assert sorted(started) == sorted([member.pk, coordinator.pk])
    assert Heartbeat.objects.get(name="send_digests").last_run_at > timezone.now() - timedelta(minutes=1)


def test_the_digest_task_queues_and_is_safe_to_run_twice(member, meeting, django_capture_on_commit_callbacks):
    queue_news(member, meeting)
    with django_capture_on_commit_callbacks() as callbacks:
        tasks.send_digest(member.pk)
        tasks.send_digest(member.pk)
    assert OutgoingMail.objects.filter(kind=MailMail.DIGEST).count() == 1
    assert len(callbacks) == 1  # one hand-over to the workers


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_one_digest(network):
    member = UserFactory()
    network.memberships.create(user=member)
    meeting = MeetingFactory(network=network)
    queue_news(member, meeting)
    queue_news(member, meeting, occasion="second")
    outcomes = []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            outcomes.append(digest.send_digest(user_id=member.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len([row for row in outcomes if row is not None]) == 1
    assert OutgoingMail.objects.filter(kind=MailMail.DIGEST).count() == 1
    assert DigestItem.objects.filter(digest__isnull=True).count() == 0


@pytest.mark.smtp
def test_the_digest_arrives_with_its_links(member, meeting, mail_sink, settings):
    queue_news(member, meeting)
    row = digest.send_digest(user_id=member.pk)
    outbox.deliver(row.pk)
    [message] = mail_sink.wait_for(1)
    assert message["To"] == member.email
    assert message["List-Unsubscribe"] is None
    assert f"{settings.SITE_URL}{meeting.get_absolute_url()}" in body_text(message)
    assert f"{settings.SITE_URL}/mail/preferences/" in body_text(message)


def test_news_of_a_network_the_person_left_is_not_listed(member, meeting, network):
    elsewhere = MeetingFactory(title="Elders")
    MembershipFactory(network=elsewhere.network, user=member)
    queue_news(member, meeting)
    queue_news(member, elsewhere, occasion="n2")
    network_services.end_membership(membership=Membership.objects.current().get(user=member, network=network))
    row = digest.send_digest(user_id=member.pk)
    assert "Deze week is er 1 bericht voor je" in row.body_text
    listed = DigestItem.objects.get()  # the stale line is gone, not left waiting
    assert listed.about == elsewhere and listed.digest == row


def test_only_news_of_networks_left_sends_nothing(member, meeting, network):
    queue_news(member, meeting)
    network_services.end_membership(membership=Membership.objects.current().get(user=member, network=network))
    assert digest.send_digest(user_id=member.pk) is None
    assert not DigestItem.objects.exists()
