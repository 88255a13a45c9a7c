"""The Redis cache (common/cache.py): one client per connection pool, and a cache that works as Django's."""

from django.core.cache import cache


def test_one_client_serves_every_call():
    client = cache._cache.get_client("a")
    assert cache._cache.get_client("b", write=True) is client
    cache.set("common-cache-test", {"a": 1}, 10)
    assert cache.get("common-cache-test") == {"a": 1}
    assert cache._cache.get_client("c") is client
    cache.delete("common-cache-test")
