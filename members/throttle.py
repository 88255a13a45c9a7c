"""Counting failed attempts in the cache (Redis), per account and per client address.

Keys hold a hash, never an address in clear: Redis contents end up in dumps and logs.
"""

import hashlib
import logging

import redis
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)
CACHE_ERRORS = (redis.RedisError, OSError)


def client_address(request):
    if settings.USE_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _key(action, kind, value):
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"throttle:{action}:{kind}:{digest}"


class Throttle:
    """At most `per_account` attempts for one account and `per_address` from one address per window."""

    def __init__(self, action, *, per_account, per_address, window):
        self.action = action
        self.per_account = per_account
        self.per_address = per_address
        self.window = window

    def _keys(self, request, account):
        return [
            (_key(self.action, "account", account), self.per_account),
            (_key(self.action, "address", client_address(request)), self.per_address),
        ]

    # Without Redis the counters are unknown. Refusing every login would lock everyone out for the
    # length of an outage, so the throttle steps aside (and says so in the log) until Redis is back.

    def is_blocked(self, request, account):
        keys = self._keys(request, account)
        try:
            counts = cache.get_many([key for key, _limit in keys])
        except CACHE_ERRORS as error:
            logger.warning("Throttle %s not checked, cache unavailable: %s", self.action, error)
            return False
        return any(counts.get(key, 0) >= limit for key, limit in keys)

    def record(self, request, account):
        try:
            for key, _limit in self._keys(request, account):
                # add() starts the window on the first attempt; incr() leaves its expiry alone.
                if not cache.add(key, 1, self.window):
                    try:
                        cache.incr(key)
                    except ValueError:  # expired between add() and incr()
                        cache.add(key, 1, self.window)
        except CACHE_ERRORS as error:
            logger.warning("Throttle %s not counted, cache unavailable: %s", self.action, error)

    def forget_account(self, account):
        try:
            cache.delete(_key(self.action, "account", account))
        except CACHE_ERRORS as error:
            logger.warning("Throttle %s not reset, cache unavailable: %s", self.action, error)


def login_throttle():
    return Throttle(
        "login",
        per_account=settings.LOGIN_THROTTLE_PER_ACCOUNT,
        per_address=settings.LOGIN_THROTTLE_PER_ADDRESS,
        window=settings.LOGIN_THROTTLE_WINDOW,
    )


def password_reset_throttle():
    # Reset mails are not free for the recipient: a few per hour is plenty for a person.
    return Throttle("password-reset", per_account=3, per_address=20, window=60 * 60)
