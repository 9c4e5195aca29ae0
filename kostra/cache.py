"""The shared cache (Redis) as a help, never a single point of failure: while Redis is away (a restart) a read is a
miss and a write is skipped, so sessions (cached_db: written through to the database) and pages keep working
from the database. Redis clients give up within a second instead of hanging a request."""

import logging

from django.core.cache.backends.redis import RedisCache

log = logging.getLogger(__name__)


def _redis_errors() -> tuple[type[Exception], ...]:
    import redis

    return (redis.ConnectionError, redis.TimeoutError)


def _tolerant(name: str, fallback):
    method = getattr(RedisCache, name)

    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except _redis_errors() as exc:
            log.warning("cache unavailable (%s): %s answered from the database", type(exc).__name__, name)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    call.__name__ = name
    return call


class TolerantRedisCache(RedisCache):
    get = _tolerant("get", lambda key, default=None, version=None: default)
    get_many = _tolerant("get_many", {})
    has_key = _tolerant("has_key", False)
    set = _tolerant("set", None)
    add = _tolerant("add", False)
    set_many = _tolerant("set_many", lambda data, *args, **kwargs: list(data))
    touch = _tolerant("touch", False)
    delete = _tolerant("delete", False)
    delete_many = _tolerant("delete_many", None)
