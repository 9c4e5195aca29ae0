"""Chapter 3: organisation (Figure 3.1, Tables 3.1-3.6), worked out by hand on seven municipalities."""

import pytest

from surveys.tables.ch3 import FIGURE_3_1, TABLE_3_1, TABLE_3_2, TABLE_3_3, TABLE_3_4, TABLE_3_5, TABLE_3_6
from tests.surveys.tables.factories import kommune, values

N = None  # an empty base prints as null (I-13)


@pytest.fixture
def year(make_year):
    return make_year(
        kommune("0001", 1_000, centrality=6, s24_legevakt_parts="A", a_variant="ordinaer"),
        kommune(
            "0002",
            1_500,
            centrality=6,
            s24_legevakt_parts="A|C",
            a_variant="kun_daglegevakt",
            c_cooperation_types="vertskommunesamarbeid|omgang",
        ),
        # Not in C: the stored cooperation type is hidden by the routing and must not count (G2).
        kommune("0003", 3_000, centrality=5, s24_legevakt_parts="B", c_cooperation_types="omgang"),
        kommune("0004", 4_000, centrality=5, s24_legevakt_parts="C", c_cooperation_types="iks_as"),
        kommune("0005", 60_000, centrality=1, s24_legevakt_parts="B|D"),
        # Not in A: the stored a_variant is hidden and makes no Part A ordinary municipality.
        kommune(
            "0006",
            8_000,
            centrality=4,
            s24_legevakt_parts="C|D",
            a_variant="ordinaer",
            c_cooperation_types="vertskommunesamarbeid",
        ),
        kommune("0007", 2_500, centrality=5, s24_legevakt_parts="C"),
    )


def test_figure_3_1_counts_each_organisation_form_and_combinations(year):
    result = FIGURE_3_1.compute(year)
    assert result["N"] == 7
    # A total, A daytime-only, A ordinary, B, C, D, two or more parts
    assert result["values"] == [[2], [1], [1], [2], [4], [2], [3]]


def test_table_3_1_counts_and_percent_of_all_respondents(year):
    # 1/7 = 14.3 -> 14; 2/7 = 28.6 -> 29; 4/7 = 57.1 -> 57; 3/7 = 42.9 -> 43
    assert values(TABLE_3_1, year) == [[1, 14], [1, 14], [2, 29], [4, 57], [2, 29], [3, 43]]


def test_table_3_2_by_centrality_divides_by_every_municipality_of_the_class(year):
    assert values(TABLE_3_2, year) == [
        [14, 14, 29, 57],  # Landet
        [0, 0, 100, 0],  # class 1: 0005 (B|D)
        [N, N, N, N],  # class 2: nobody
        [N, N, N, N],
        [0, 0, 0, 100],  # class 4: 0006 (C|D)
        [0, 0, 33, 67],  # class 5: 0003, 0004, 0007; 1/3 -> 33, 2/3 -> 67
        [50, 50, 0, 50],  # class 6: 0001, 0002
    ]


def test_table_3_3_combinations_by_centrality(year):
    assert values(TABLE_3_3, year) == [[3, 43], [1, 100], [0, N], [0, N], [1, 100], [0, 0], [1, 50]]


def test_table_3_4_part_a_variants_by_size_of_all_municipalities(year):
    assert values(TABLE_3_4, year) == [
        [14, 14],
        [50, 50],  # under 2 000: 0001 ordinary, 0002 daytime-only
        [0, 0],
        [0, 0],  # 0006's hidden a_variant does not count
        [N, N],
        [N, N],
        [0, 0],
    ]


def test_table_3_5_hosts_by_size(year):
    assert values(TABLE_3_5, year) == [[2, 29], [0, 0], [1, 33], [0, 0], [0, N], [0, N], [1, 100]]


def test_table_3_6_part_c_and_cooperation_types_counted_only_in_part_c(year):
    assert values(TABLE_3_6, year) == [
        [57, 29, 14, 14],
        [50, 50, 50, 0],  # 0002 ticked two types
        [67, 0, 0, 33],  # 0003's hidden "omgang" does not count
        [100, 100, 0, 0],
        [N, N, N, N],
        [N, N, N, N],
        [0, 0, 0, 0],
    ]
