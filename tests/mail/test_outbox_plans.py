"""The outbox's two statements per batch, the claim and "sent", find their rows by primary key, also when
PostgreSQL's statistics date from a moment when nothing waited. With a plain condition on the status it reads them
through the index of waiting mails instead, and so every waiting row for every batch and every mail."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from mail import outbox
from mail.models import OutgoingMail
from members.mails import MemberMail
from tests.factories import UserFactory
from tests.helpers import queue_reset_mail

pytestmark = pytest.mark.django_db


def make_mails(count, about, status, start):
    now = timezone.now()
    return OutgoingMail.objects.bulk_create(
        OutgoingMail(
            kind=MemberMail.PASSWORD_RESET,
            about_type=ContentType.objects.get_for_model(about),
            about_id=str(about.pk),
            occasion=str(start + n),
            recipient=f"lid-{start + n}@school.example.nl",
            language="nl",
            subject="Herinnering",
            body_text="Tekst " * 300,
            status=status,
            sent_at=now if status == OutgoingMail.Status.SENT else None,
        )
        for n in range(count)
    )


def indexes_read(sql, params):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found, nodes = set(), [plan[0]["Plan"]]
    while nodes:
        node = nodes.pop()
        found |= {node["Index Name"]} if "Index Name" in node else set()
        found |= {f"seq scan of {node['Relation Name']}"} if node["Node Type"] == "Seq Scan" else set()
        nodes += node.get("Plans", [])
    return found


@pytest.fixture
def statistics_of_a_quiet_night():
    """The outbox analysed while nothing waited, then a wave of reminders queued."""
    about = UserFactory()
    make_mails(200, about, OutgoingMail.Status.SENT, start=0)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {OutgoingMail._meta.db_table}")
    return make_mails(2000, about, OutgoingMail.Status.QUEUED, start=200)


def test_the_claim_and_sent_find_their_rows_by_primary_key(statistics_of_a_quiet_night):
    primary_key = "members_outgoingmail_pkey"  # the outbox's indexes keep the names of the members app's days
    ids = [mail.pk for mail in statistics_of_a_quiet_night[-50:]]
    now = timezone.now()
    claim = [OutgoingMail.Status.SENDING, now, ids, OutgoingMail.Status.QUEUED, now]
    assert indexes_read(outbox._CLAIM_SQL, claim) == {primary_key}
    assert indexes_read(outbox._SENT_SQL, [OutgoingMail.Status.SENT, now, ids[0], now]) == {primary_key}

    # What these statements are written against: the same with a plain condition on the status.
    plain_claim = outbox._CLAIM_SQL.replace("status = (SELECT %s)", "status = %s")
    assert indexes_read(plain_claim, claim) == {"members_outgoingmail_due"}
    plain_sent = outbox._SENT_SQL.replace("claimed_at = %s", "status = %s")
    sent = [OutgoingMail.Status.SENT, now, ids[0], OutgoingMail.Status.SENDING]
    assert indexes_read(plain_sent, sent) == {"members_outgoingmail_due"}


def test_a_mail_the_sweeper_put_back_while_it_was_sent_counts_as_sent(monkeypatch, mailoutbox):
    """Found by the claim rather than the status, it is not sent a second time after the sweeper's reset."""
    user = UserFactory()
    mail = queue_reset_mail(user)
    send = outbox._send_over_smtp

    def sweeper_resets_it_meanwhile(row, smtp):
        OutgoingMail.objects.filter(pk=row.pk).update(status=OutgoingMail.Status.QUEUED)
        send(row, smtp)

    monkeypatch.setattr(outbox, "_send_over_smtp", sweeper_resets_it_meanwhile)
    assert outbox.deliver_many([mail.pk]) == 1
    mail.refresh_from_db()
    assert (mail.status, len(mailoutbox)) == (OutgoingMail.Status.SENT, 1)
    assert outbox.deliver_many([mail.pk]) == 0
    assert len(mailoutbox) == 1
