"""Counting attempts in the cache (Redis), per account and per client address.

Keys hold a hash, never an address in clear: Redis contents end up in dumps and logs.

An attempt is counted before it is checked (INCR first, then compare), so parallel attempts each get
their own number and exactly `limit` of them are let through in a window, however many arrive at once.
"""

import contextlib
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
    """At most `per_account` attempts for one account and `per_address` from one address per window.

    Without Redis the counters are unknown. Refusing every login would lock everyone out for the length
    of an outage, so the throttle steps aside (and says so in the log) until Redis is back. After one
    failed call it makes no more for the same request: each would wait for the Redis timeout again.
    """

    def __init__(self, action, *, per_account, per_address, window):
        self.action = action
        self.per_account = per_account
        self.per_address = per_address
        self.window = window
        self._unavailable = False

    def _keys(self, request, account):
        return [
            (_key(self.action, "account", account), self.per_account),
            (_key(self.action, "address", client_address(request)), self.per_address),
        ]

    def _call(self, what, function, fallback):
        if self._unavailable:
            return fallback
        try:
            return function()
        except CACHE_ERRORS as error:
            self._unavailable = True
            logger.warning("Throttle %s not %s, cache unavailable: %s", self.action, what, error)
            return fallback

    def _hit(self, key):
        # add() starts the window on the first attempt; incr() is Redis's atomic INCR and leaves the
        # expiry alone.
        cache.add(key, 0, self.window)
        try:
            return cache.incr(key)
        except ValueError:  # the window ended between add() and incr()
            cache.add(key, 1, self.window)
            return 1

    def attempt(self, request, account):
        """Count one attempt; False when the account or the address is over its limit."""

        def count():
            counts = [(self._hit(key), limit) for key, limit in self._keys(request, account)]
            return all(number <= limit for number, limit in counts)

        return self._call("checked", count, True)

    def succeeded(self, request, account):
        """The attempt was right: forget the account's count and take the attempt back from the address."""

        def undo():
            account_key, address_key = (key for key, _limit in self._keys(request, account))
            cache.delete(account_key)
            with contextlib.suppress(ValueError):  # its window ended meanwhile
                cache.decr(address_key)

        self._call("reset", undo, None)

    def forget_account(self, account):
        self._call("reset", lambda: cache.delete(_key(self.action, "account", account)), None)


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
