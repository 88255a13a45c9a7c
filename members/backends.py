"""The person behind a session, read from Redis instead of the database on every page.

Django's `ModelBackend.get_user` costs a query per request. This backend keeps each person's row in the
cache for at most USER_CACHE_SECONDS and forgets it whenever the row is saved or deleted (deactivating
someone, a new password, a changed language), once at once and once after the commit, so a request that
read the old row between the two cannot put it back for longer than that moment. With Redis unreachable
the database answers, as for sessions (members/sessions.py).

Changes made with `QuerySet.update()` bypass the signals: they show after USER_CACHE_SECONDS, or at once
after `forget_cached_user(pk)`.
"""

import logging

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)


def _key(user_id):
    return f"user:{user_id}"


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = cache.get(_key(user_id))
        except Exception:
            logger.warning("User cache unreachable; reading the person from the database", exc_info=True)
            return super().get_user(user_id)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                _cache(user)
            return user
        return user if self.user_can_authenticate(user) else None


def _cache(user):
    try:
        cache.set(_key(user.pk), user, settings.USER_CACHE_SECONDS)
    except Exception:
        logger.warning("User cache unreachable; person not cached", exc_info=True)


def forget_cached_user(user_id):
    try:
        cache.delete(_key(user_id))
    except Exception:
        # A copy left in a Redis that comes back lives at most USER_CACHE_SECONDS.
        logger.warning("User cache unreachable; cached copy of person %s not removed", user_id, exc_info=True)


def forget_on_change(sender, instance, **kwargs):
    forget_cached_user(instance.pk)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: forget_cached_user(instance.pk))
