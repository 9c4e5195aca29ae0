"""API fixtures: token clients for the reporter, the outsider and the editor."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from api.tokens import create_token


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()  # throttle counters live in the cache
    yield
    cache.clear()


def token_client(user, name="Fagsystem"):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {create_token(user, name, 30).secret}")
    return client


@pytest.fixture
def reporter_api(reporter):
    return token_client(reporter)


@pytest.fixture
def outsider_api(outsider):
    return token_client(outsider)


@pytest.fixture
def editor_api(editor):
    return token_client(editor, "SSB nedlasting")
