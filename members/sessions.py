"""Sessions read from Redis and written through to the database, so a page costs no session query.

Django's `cached_db` store already does this, but when Redis is unreachable it answers 500 on a
page whose session is not cached (the `cache.set` after a database read is unguarded) and on
logout (`cache.delete`), and it logs a failed write at ERROR. The database stays the truth: with
Redis down, every call falls back to it and logs a warning, so the portal keeps working, only slower.
"""

import logging

from django.conf import settings
from django.contrib.sessions.backends import cached_db

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            logger.warning("Session cache unreachable; reading the session from the database", exc_info=True)
            return self._load_from_db(cache=False)
        return self._load_from_db(cache=True) if data is None else data

    def _load_from_db(self, *, cache):
        session = self._get_session_from_db()
        if not session:
            return {}
        data = self.decode(session.session_data)
        if cache:
            self._set_in_cache(data, self.get_expiry_age(expiry=session.expire_date))
        return data

    def _set_in_cache(self, data, timeout):
        try:
            self._cache.set(self.cache_key, data, min(timeout, settings.SESSION_CACHE_SECONDS))
        except Exception:
            logger.warning("Session cache unreachable; session kept in the database only", exc_info=True)

    def exists(self, session_key):
        # Asked when a new key is made: the database answers for keys the cache cannot.
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception:
            logger.warning("Session cache unreachable; checking the key in the database", exc_info=True)
        return super(cached_db.SessionStore, self).exists(session_key)

    def save(self, must_create=False):
        super(cached_db.SessionStore, self).save(must_create)
        self._set_in_cache(self._session, self.get_expiry_age())

    def delete(self, session_key=None):
        if session_key is None:
            session_key = self.session_key
        super(cached_db.SessionStore, self).delete(session_key)
        if session_key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception:
            # The database row is gone, so the session has ended; a copy left in a Redis that comes back
            # would outlive it, which is why the cached copy lives at most SESSION_CACHE_SECONDS.
            logger.warning("Session cache unreachable; cached copy of a deleted session not removed", exc_info=True)
