"""Reads and changes of what people want to receive (mail.models.Preference)."""

from django.db import transaction
from django.utils import timezone

from .models import DEFAULT_DELIVERY, Delivery, Preference, Topic


def deliveries_for(users, topic):
    """{user id: Delivery} for `users` and one topic, in one query; DEFAULT_DELIVERY where unset."""
    users = list(users)
    chosen = dict(
        Preference.objects.filter(user__in=[u.pk for u in users], topic=topic).values_list("user_id", "delivery")
    )
    return {user.pk: chosen.get(user.pk, DEFAULT_DELIVERY[topic]) for user in users}


def delivery_for(user, topic):
    return deliveries_for([user], topic)[user.pk]


def all_for(user):
    """{Topic: Delivery} for every topic, as the settings page shows them."""
    chosen = dict(Preference.objects.filter(user=user).values_list("topic", "delivery"))
    return {topic: chosen.get(topic, DEFAULT_DELIVERY[topic]) for topic in Topic}


@transaction.atomic
def set_delivery(*, user, topic, delivery):
    """Store how `user` wants the mails of `topic`. Side effects: one Preference row (written or changed)."""
    Topic(topic), Delivery(delivery)  # refuse values that are not ours before they reach the database
    Preference.objects.update_or_create(
        user=user, topic=topic, defaults={"delivery": delivery, "changed_at": timezone.now()}
    )
