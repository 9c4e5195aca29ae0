"""Fixtures of the save tests: a second member of the reporter's municipality, signed in on a client of its own."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from surveys.models import Membership


@pytest.fixture
def colleague(kommune):
    user = get_user_model().objects.create_user("colleague", password="pw-for-tests-123")
    Membership.objects.create(user=user, municipality_number=kommune.number)
    return user


@pytest.fixture
def colleague_client(colleague):
    other = Client()
    other.force_login(colleague)
    return other
