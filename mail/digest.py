"""The weekly digest: one mail per person that lists what waited for it.

A mail of a topic that someone wants "in a weekly digest" is not sent: `outbox.queue_many` keeps it as
a DigestItem (one line and a link, in the person's language). Once a week `send_digests` (mail/tasks.py,
scheduled in leernetwerk/celery.py) hands each person with news to `send_digest`, which lists their
waiting items in one mail. Items that expired while they waited (a reminder of a meeting that has
passed) are left out, and so are those an app says no longer concern the person (news of a network they
have left: `register_relevance_check`); a person with nothing new gets nothing.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import outbox, preferences
from .mails import MailMail
from .models import Delivery, DigestItem, OutgoingMail, Topic

# {kind: check}: a check takes the waiting items of its kinds and returns the pks of those still worth
# listing. The apps that queue the news know what makes it stale; this app knows nothing of networks.
_relevance_checks = {}


def register_relevance_check(kinds, check):
    for kind in kinds:
        _relevance_checks[str(kind)] = check


def _no_longer_relevant(items):
    """The pks of `items` that a registered check says to leave out."""
    by_check = {}
    for item in items:
        check = _relevance_checks.get(item.kind)
        if check is not None:
            by_check.setdefault(check, []).append(item)
    gone = set()
    for check, checked in by_check.items():
        kept = check(checked)
        gone |= {item.pk for item in checked if item.pk not in kept}
    return gone


def waiting_items(now=None):
    """Items not listed in a digest yet and not expired at `now`."""
    now = now or timezone.now()
    return DigestItem.objects.filter(digest__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def people_with_news(now=None):
    """Ids of the active people who have waiting, unexpired items."""
    return list(
        waiting_items(now).filter(user__is_active=True).order_by("user_id").values_list("user_id", flat=True).distinct()
    )


def week_of(moment):
    """The ISO week of `moment` in local time, "2025-W07": the occasion of that week's digest."""
    year, week, _weekday = timezone.localtime(moment).isocalendar()
    return f"{year}-W{week:02d}"


def send_digest(*, user_id):
    """Queue the digest of person `user_id` listing their waiting, unexpired items, and tie the items to it.

    Returns the outbox row, or None when nothing is new, the person is gone or deactivated, or this
    week's digest has already been queued (items that came in after it wait for next week's: the
    outbox keeps one digest per person and week). Safe to run twice, also at the same moment: the
    items are locked, and a second run finds them listed.

    Side effects: one OutgoingMail row (after commit, its send task); DigestItem.digest of the listed
    items set to that row.
    """
    person = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if person is None:
        return None
    with transaction.atomic():
        now = timezone.now()
        # Locked, so that a second run waits here and then finds them listed (PostgreSQL rechecks
        # `digest IS NULL` on rows it waited for).
        items = list(waiting_items(now).filter(user=person).select_for_update().order_by("created_at", "pk"))
        # What the person switched off since (an unsubscribe link, the settings page) is not listed either.
        switched_off = [topic for topic, delivery in preferences.all_for(person).items() if delivery == Delivery.OFF]
        DigestItem.objects.filter(pk__in=[item.pk for item in items if item.topic in switched_off]).delete()
        items = [item for item in items if item.topic not in switched_off]
        # Nor news that no longer concerns them (a network they left since).
        stale = _no_longer_relevant(items)
        DigestItem.objects.filter(pk__in=stale).delete()
        items = [item for item in items if item.pk not in stale]
        if not items:
            return None
        occasion = week_of(now)
        already = OutgoingMail.objects.filter(
            kind=MailMail.DIGEST,
            about_type=ContentType.objects.get_for_model(person),
            about_id=str(person.pk),
            occasion=occasion,
        )
        if already.exists():
            return None
        row = outbox.queue_mail(
            kind=MailMail.DIGEST,
            recipient=person,
            about=person,
            occasion=occasion,
            template="mail_digest",
            context={"sections": _sections(items), "count": len(items), "week": occasion.rpartition("W")[2]},
        )
        if row is None:  # inside outbox.suppressed()
            return None
        DigestItem.objects.filter(pk__in=[item.pk for item in items]).update(digest=row)
        return row


def _sections(items):
    """[(topic label, [items])] in the order of Topic; labels stay lazy, so the mail shows them in the
    recipient's language."""
    by_topic = {}
    for item in items:
        by_topic.setdefault(item.topic, []).append(item)
    return [(topic.label, by_topic[topic.value]) for topic in Topic if topic.value in by_topic]
