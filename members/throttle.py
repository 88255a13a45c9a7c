"""Counting failed attempts in the cache (Redis), per account and per client address.

Keys hold a hash, never an address in clear: Redis contents end up in dumps and logs.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


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

    def is_blocked(self, request, account):
        keys = self._keys(request, account)
        counts = cache.get_many([key for key, _limit in keys])
        return any(counts.get(key, 0) >= limit for key, limit in keys)

    def record(self, request, account):
        for key, _limit in self._keys(request, account):
            # add() starts the window on the first attempt; incr() leaves its expiry alone.
            if not cache.add(key, 1, self.window):
                try:
                    cache.incr(key)
                except ValueError:  # expired between add() and incr()
                    cache.add(key, 1, self.window)

    def forget_account(self, account):
        cache.delete(_key(self.action, "account", account))


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
