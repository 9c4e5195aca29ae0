"""Fixtures of the workbench tests: submitted responses built from clean rows of the sample year, with errors
planted on top, and the rules run over them as the batch run would."""

import csv
from functools import cache
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from kostra.reference.models import Municipality
from kostra.roles import EDITORS
from surveys.models import Membership, Response
from validation.services import run_rules_for_response

SAMPLE = Path(__file__).resolve().parents[3] / "fixtures" / "sample-2021" / "responses.csv"
# Clean rows of the sample year (no error or warning a reporter must explain), each with only Part A, ordinary.
HAA, HVALER, BAERUM = "1119", "3011", "3024"  # 19 296, 4 741 and 128 982 inhabitants
KRONER_ERROR = {"a_net_operating_cost": "10287000"}  # Hå's 10 287 (1000 kr) typed in kroner: EQ-06 error
PASSWORD = "pw-for-tests-123"


@cache
def sample_row(number: str) -> dict[str, str]:
    with open(SAMPLE, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["kommunenummer"] == number:
                return {k: v for k, v in row.items() if k != "kommunenummer" and v != ""}
    raise KeyError(number)


@pytest.fixture
def submitted(survey_2021):
    """submitted(number, **changes): a submitted response of a clean sample row with `changes` ('' removes)."""

    def make(number: str, **changes) -> Response:
        values = {**sample_row(number), **changes}
        now = timezone.now()
        return Response.objects.create(
            survey=survey_2021,
            municipality=Municipality.objects.get(year=2021, number=number),
            raw_values={k: v for k, v in values.items() if v != ""},
            status=Response.Status.SUBMITTED,
            submitted_at=now,
            first_submitted_at=now,
        )

    return make


@pytest.fixture
def run_rules():
    """Run the rules for responses as on submit; returns them reloaded."""

    def run(*responses):
        for response in responses:
            run_rules_for_response(Response.objects.select_related("survey", "municipality").get(pk=response.pk))
        return [Response.objects.get(pk=r.pk) for r in responses]

    return run


@pytest.fixture
def kroner_error(submitted, run_rules):
    """Hå with a 1000-error in Part A's cost, its flags stored."""
    (response,) = run_rules(submitted(HAA, **KRONER_ERROR))
    return response


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def other_editor(db):
    user = get_user_model().objects.create_user(username="editor2", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=EDITORS)[0])
    return user


@pytest.fixture
def hvaler_reporter(survey_2021):
    user = get_user_model().objects.create_user(username="hvaler", password=PASSWORD)
    Membership.objects.create(user=user, municipality_number=HVALER, is_main_contact=True)
    return user
