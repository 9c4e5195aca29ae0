"""The register reproduces the report's Tables 2.1 and 2.2 (counts exactly, populations within ±29)."""

import json
from collections import defaultdict
from pathlib import Path

import pytest

from kostra.reference.groups import SIZE_GROUPS, size_group
from kostra.reference.loading import RegisterError, load_register, read_register
from kostra.reference.models import Municipality

PUBLISHED = {
    t["table"]: t for t in json.loads((Path(__file__).parents[1] / "data" / "published_ch2-4.json").read_text())
}
TOLERANCE = 29  # the documented register differences (shared data README, section 2)


def _by(key):
    counts, people = defaultdict(int), defaultdict(int)
    for m in Municipality.objects.filter(year=2021):
        counts[key(m)] += 1
        people[key(m)] += m.population
    return counts, people


@pytest.mark.django_db
def test_migration_loads_356_municipalities():
    assert Municipality.objects.filter(year=2021).count() == 356


@pytest.mark.django_db
def test_size_groups_reproduce_table_2_1():
    table = PUBLISHED["2.1"]
    counts, people = _by(lambda m: SIZE_GROUPS[m.size_group][1])
    rows = dict(zip(table["rows"], table["values"], strict=True))
    assert sum(counts.values()) == rows["Hele landet"][1] == 356
    for label, (population, count) in rows.items():
        if label == "Hele landet":
            continue
        assert counts[label] == count, label
        assert abs(people[label] - population) <= TOLERANCE, label


@pytest.mark.django_db
def test_centrality_classes_reproduce_table_2_2():
    table = PUBLISHED["2.2"]
    counts, people = _by(lambda m: m.centrality_class)
    national = table["values"][0]
    assert sum(people.values()) == national[0]
    for label, (population, count) in zip(table["rows"][1:], table["values"][1:], strict=True):
        klass = int(label.split()[0])  # rows read "1 Mest sentrale kommuner" ... "6 Minst sentrale kommuner"
        assert counts[klass] == count, label
        assert abs(people[klass] - population) <= TOLERANCE, label


def test_size_group_bounds_are_lower_inclusive():
    assert size_group(1_999) == 0
    assert size_group(2_000) == 1
    assert size_group(49_999) == 4
    assert size_group(50_000) == 5


def test_register_errors_name_row_and_column(tmp_path):
    bad = tmp_path / "kommuner_2030.csv"
    bad.write_text(
        "kommunenummer,kommunenavn,fylkesnummer,fylkesnavn,innbyggere,sentralitet_klasse,sentralitet_indeks\n"
        "0301,Oslo,03,Oslo,many,1,1000\n",
        encoding="utf-8",
    )
    with pytest.raises(RegisterError, match="row 2, column innbyggere"):
        read_register(bad)


@pytest.mark.django_db
def test_a_later_year_brings_its_own_register(tmp_path):
    path = tmp_path / "kommuner_2024.csv"
    path.write_text(
        "kommunenummer,kommunenavn,fylkesnummer,fylkesnavn,innbyggere,sentralitet_klasse,sentralitet_indeks\n"
        "1508,Ålesund,15,Møre og Romsdal,60000,3,800\n1580,Haram,15,Møre og Romsdal,9000,4,700\n",
        encoding="utf-8",
    )
    assert load_register(2024, path) == 2
    assert Municipality.objects.filter(year=2024).count() == 2
    assert Municipality.objects.filter(year=2021).count() == 356
