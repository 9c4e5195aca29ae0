"""The committed calibrated demo year (fixtures/demo-2021) as the tests read it."""

import csv
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo-2021"


def read(name: str) -> list[dict]:
    with (DEMO / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def edited() -> dict[str, dict]:
    return {row.pop("kommunenummer"): row for row in read("responses_edited.csv")}


@pytest.fixture(scope="session")
def raw() -> dict[str, dict]:
    return {row.pop("kommunenummer"): row for row in read("responses_raw.csv")}
