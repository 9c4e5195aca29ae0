"""Shared fixtures: the 2021 survey, municipalities, and the three roles (reporter, editor, outsider)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from kostra.reference.models import Municipality
from kostra.roles import ADMINS, EDITORS
from questionnaire.loader import load_definition
from surveys.models import Membership, Response, Survey
from surveys.services.years import load_reference_data


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Tests create many users; a cheap hasher keeps that from dominating the run (never used outside tests)."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def questionnaire():
    """The 2021 questionnaire, loaded from its definition file (no database)."""
    return load_definition("legevakt_2021.yaml")


@pytest.fixture
def survey_2021(db):
    """The 2021 survey; reloaded through the data migration's loader if a flush removed it."""
    if not Survey.objects.filter(year=2021).exists():
        load_reference_data(2021)
    return Survey.objects.get(year=2021)


@pytest.fixture
def kommune(survey_2021):
    return Municipality.objects.get(year=2021, number="4601")


@pytest.fixture
def other_kommune(survey_2021):
    return Municipality.objects.get(year=2021, number="0301")


@pytest.fixture
def response_factory(survey_2021):
    def make(number="4601", **values):
        municipality = Municipality.objects.get(year=2021, number=number)
        return Response.objects.create(survey=survey_2021, municipality=municipality, raw_values=values)

    return make


def _user(username, group=None, superuser=False):
    user = get_user_model().objects.create_user(username=username, password="pw-for-tests-123")
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    if superuser:
        user.is_superuser = user.is_staff = True
        user.save()
    return user


@pytest.fixture
def reporter(kommune):
    user = _user("reporter")
    Membership.objects.create(user=user, municipality_number=kommune.number, is_main_contact=True)
    return user


@pytest.fixture
def outsider(other_kommune):
    user = _user("outsider")
    Membership.objects.create(user=user, municipality_number=other_kommune.number, is_main_contact=True)
    return user


@pytest.fixture
def editor(db):
    return _user("editor", group=EDITORS)


@pytest.fixture
def admin_user(db):
    return _user("admin", group=ADMINS, superuser=True)


@pytest.fixture
def worker(transactional_db):
    """A real Celery worker process over Redis (tests/celery_worker.py); its environment for commands."""
    from tests.celery_worker import run_worker

    yield from run_worker()
