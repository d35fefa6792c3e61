"""core.cache.RedisCache: Django's Redis cache with one client kept per pool."""

import pytest
from django.core.cache.backends.redis import RedisCacheClient as DjangoClient

from core.cache import RedisCache

pytestmark = [pytest.mark.services]


def make_cache(url: str) -> RedisCache:
    return RedisCache(url, {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}})


def test_one_client_serves_every_call_where_django_builds_one_each_time(throwaway_redis):
    cache = make_cache(throwaway_redis.url)
    assert cache._cache.get_client(write=True) is cache._cache.get_client("k", write=False)
    stock = DjangoClient([throwaway_redis.url])
    assert stock.get_client(write=True) is not stock.get_client(write=True)

    assert cache.add("drain", 1, 30) is True
    assert cache.add("drain", 1, 30) is False  # SET NX: taken
    cache.set("greeting", {"vi": "Xin chào"}, 30)
    assert cache.get("greeting") == {"vi": "Xin chào"}
    cache.delete("drain")
    assert cache.add("drain", 1, 30) is True


def test_the_kept_client_reconnects_after_redis_comes_back(throwaway_redis):
    import redis

    cache = make_cache(throwaway_redis.url)
    cache.set("before", 1, 30)
    throwaway_redis.stop()
    with pytest.raises(redis.RedisError):
        cache.get("before")
    throwaway_redis.start()
    cache.set("after", 2, 30)  # a new connection from the same pool and client
    assert cache.get("after") == 2
