"""Finding 1: failed logins lock out a username only for the client address they came from, behind the proxy."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

PROXY = "10.0.0.1"
ATTACKER = "203.0.113.9"
REPORTER_ADDRESS = "198.51.100.7"


def _login(address: str, username: str, password: str, *, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded or address}
    return Client().post(reverse("login"), {"username": username, "password": password}, **headers)


def _signed_in(answer) -> bool:
    return answer.status_code == 302 and answer.url.endswith("/")


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.fixture
def locked_by_attacker(behind_one_proxy, reporter):
    for _ in range(6):
        _login(ATTACKER, "reporter", "wrong-password")
    return reporter


def test_lockout_from_one_address_does_not_stop_the_user_elsewhere(locked_by_attacker):
    assert _signed_in(_login(REPORTER_ADDRESS, "reporter", "pw-for-tests-123"))


def test_repeated_guessing_from_one_address_is_still_throttled(locked_by_attacker):
    assert not _signed_in(_login(ATTACKER, "reporter", "pw-for-tests-123"))


def test_a_forged_forwarded_entry_does_not_escape_the_lockout(locked_by_attacker):
    # The client writes the left part of the header; our proxy appends the address it really saw.
    assert not _signed_in(_login(ATTACKER, "reporter", "pw-for-tests-123", forwarded=f"192.0.2.1, {ATTACKER}"))


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_a_trusted_proxy_the_header_is_ignored(reporter):
    for _ in range(6):
        _login(ATTACKER, "reporter", "wrong-password")
    assert not _signed_in(_login(REPORTER_ADDRESS, "reporter", "pw-for-tests-123"))
