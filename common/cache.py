"""Django's Redis cache, with one Redis client per connection pool instead of a new one per call.

Django makes a `redis.Redis` for every cache call; redis-py fills some 170 reply handlers into each, which
cost more than the GET itself on a page that reads its session and its reader from the cache. A client
is safe to share: each command takes a connection from the pool.
"""

from django.core.cache.backends import redis as django_redis


class _Client(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # id of a connection pool -> its client

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None or client.connection_pool is not pool:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Client
