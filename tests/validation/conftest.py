"""Fixtures of the rule tests: the 2021 questionnaire and register without the database, the sample years,
and a survey year in the database."""

import csv
from pathlib import Path

import pytest
import yaml

from kostra.reference.loading import read_register, register_path
from kostra.reference.models import Municipality
from questionnaire.loader import load_definition
from questionnaire.rules.registry import make_references, make_values
from surveys.models import Response, Survey
from surveys.services.years import load_reference_data

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "sample-2021"
VECTORS = Path(__file__).with_name("rule_vectors.yaml")


def read_responses(path: Path) -> dict[str, dict[str, str]]:
    """kommunenummer -> stored texts (blank cells left out) of a responses CSV."""
    with open(path, encoding="utf-8", newline="") as handle:
        return {row.pop("kommunenummer"): {k: v for k, v in row.items() if v != ""} for row in csv.DictReader(handle)}


def read_planted(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_vectors() -> list[dict]:
    return yaml.safe_load(VECTORS.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def q2021():
    return load_definition("legevakt_2021.yaml")


@pytest.fixture(scope="session")
def references():
    """Reference data of every 2021 municipality, from the register file (no database)."""
    rows = read_register(register_path(2021))
    return make_references((r["kommunenummer"], int(r["innbyggere"]), int(r["sentralitet_klasse"])) for r in rows)


@pytest.fixture
def values_of(q2021):
    """Values as rules receive them, from CSV-encoded texts."""

    def make(**texts):
        return make_values(q2021, {k: str(v) for k, v in texts.items() if v not in (None, "")})

    return make


@pytest.fixture
def year_2021(db):
    """The 2021 survey in the database (reloaded if a transactional test flushed it)."""
    if not Survey.objects.filter(year=2021).exists() or not Municipality.objects.filter(year=2021).exists():
        load_reference_data(2021)
    return Survey.objects.get(year=2021)


@pytest.fixture
def submitted(year_2021):
    """Create a submitted response of a municipality with the given texts."""

    def make(number: str, **texts):
        municipality = Municipality.objects.get(year=2021, number=number)
        return Response.objects.create(
            survey=year_2021,
            municipality=municipality,
            raw_values={k: str(v) for k, v in texts.items()},
            status=Response.Status.SUBMITTED,
        )

    return make
