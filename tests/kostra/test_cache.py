"""Redis away (a restart): the shared cache answers misses and skips writes, so sessions keep working from the
database."""

import pytest
from django.core.cache import caches
from django.test import Client

DOWN = {
    "CACHES": {
        "default": {
            "BACKEND": "kostra.cache.TolerantRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    },
    "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
}


@pytest.fixture
def cache_down(settings):
    for name, value in DOWN.items():
        setattr(settings, name, value)
    yield caches["default"]


def test_a_cache_that_is_down_misses_and_skips_writes(cache_down):
    cache_down.set("key", "value")
    assert cache_down.get("key", "default") == "default"
    assert cache_down.get_many(["key"]) == {}
    assert cache_down.add("key", "value") is False
    assert cache_down.delete("key") is False


@pytest.mark.django_db
def test_a_reporter_logs_in_and_works_while_the_cache_is_down(cache_down, reporter, kommune):
    client = Client()
    assert client.login(username="reporter", password="pw-for-tests-123")
    assert client.get(f"/skjema/2021/{kommune.number}/").status_code == 200
