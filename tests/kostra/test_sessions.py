"""With a shared cache (CACHE_URL), sessions are read from Redis and written through to the database: a logout
in one process ends the session for every process."""

import os
import subprocess
import sys

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import Client

REDIS = f"redis://127.0.0.1:6379/{os.environ.get('TEST_REDIS_SESSIONS_DB', '11')}"
SHARED = {
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}},
    "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
}


def _session_settings(cache_url: str | None) -> str:
    """SESSION_ENGINE and the default cache's backend as a fresh process reads them from its environment."""
    env = {k: v for k, v in os.environ.items() if k != "CACHE_URL"}
    if cache_url:
        env["CACHE_URL"] = cache_url
    code = "from django.conf import settings; print(settings.SESSION_ENGINE, settings.CACHES['default']['BACKEND'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "kostra.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_cache_url_moves_sessions_to_the_shared_cache():
    shared = _session_settings(REDIS)
    assert shared == "django.contrib.sessions.backends.cached_db kostra.cache.TolerantRedisCache"
    alone = _session_settings(None)
    assert alone == "django.contrib.sessions.backends.db django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.integration
def test_sessions_in_redis_end_with_a_logout_everywhere(settings, reporter, kommune):
    for name, value in SHARED.items():
        setattr(settings, name, value)
    caches["default"].clear()
    one, other = Client(), Client()
    assert one.login(username="reporter", password="pw-for-tests-123")
    key = one.cookies["sessionid"].value
    other.cookies["sessionid"] = key  # the same browser's next request, answered by another process
    assert caches["default"].get(f"django.contrib.sessions.cached_db{key}") is not None
    assert Session.objects.filter(session_key=key).exists()  # written through
    page = f"/skjema/2021/{kommune.number}/"
    assert other.get(page).status_code == 200
    one.post("/logout/")
    assert other.get(page).status_code == 302  # to the login page
    assert not Session.objects.filter(session_key=key).exists()


# -- sessions of active users slide forward ------------------------------------------------------------------


def _stored_session(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_an_active_users_session_is_renewed_once_it_is_old(client, reporter):
    from django.utils import timezone

    from kostra.sessions import RENEWED_AT

    client.force_login(reporter)
    session = client.session
    session[RENEWED_AT] = 0  # renewed long ago
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + timezone.timedelta(minutes=1)
    )
    client.get("/skjema/")
    stored = _stored_session(client)
    assert stored.expire_date > timezone.now() + timezone.timedelta(hours=7)  # SESSION_COOKIE_AGE ahead again
    assert stored.get_decoded()[RENEWED_AT] > 0


def test_a_recently_renewed_session_is_not_written_on_every_request(client, reporter):
    from kostra.sessions import RENEWED_AT

    client.force_login(reporter)
    client.get("/skjema/")
    first = _stored_session(client)
    client.get("/skjema/")
    again = _stored_session(client)
    assert again.expire_date == first.expire_date  # no write: one per user per RENEW_SECONDS
    assert again.get_decoded()[RENEWED_AT] == first.get_decoded()[RENEWED_AT]
