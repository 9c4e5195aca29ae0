"""Chapter 6: costs. 6.1 is the kept national accounts series; 6.2-6.4 unweighted means per inhabitant."""

from fractions import Fraction

import pytest

from surveys.tables.base import mean_per_inhabitant, published, round_half_away
from surveys.tables.catalogue import computed_tables
from surveys.tables.ch6 import TABLE_6_1, TABLE_6_2, TABLE_6_3, TABLE_6_4
from tests.surveys.tables.factories import kommune


def test_means_are_exact_and_round_half_away_from_zero():
    assert mean_per_inhabitant([3], [2_000]) == 2  # 1.5 kr
    assert mean_per_inhabitant([-3], [2_000]) == -2  # -1.5 kr
    assert mean_per_inhabitant([1, 1, 1], [3, 3, 3]) == 333  # 333.33 kr, no binary rounding drift
    assert mean_per_inhabitant([], []) is None
    assert round_half_away(Fraction(5, 2)) == 3
    assert round_half_away(Fraction(-5, 2)) == -3


def test_table_6_2_part_a_ordinary_whole_day_with_usable_amounts(make_year):
    year = make_year(
        kommune("0001", 1_000, s24_legevakt_parts="A", a_variant="ordinaer", a_net_operating_cost="2000"),
        kommune("0002", 1_500, s24_legevakt_parts="A", a_variant="ordinaer", a_net_operating_cost="1000"),
        # Negative and zero amounts stay in without an editor's mark (I-4).
        kommune("0003", 3_000, s24_legevakt_parts="A", a_variant="ordinaer", a_net_operating_cost="-300"),
        kommune("0004", 30_000, s24_legevakt_parts="A", a_variant="ordinaer", a_net_operating_cost="0"),
        kommune(
            "0005",
            12_000,
            s24_legevakt_parts="A",
            a_variant="ordinaer",
            a_net_operating_cost="6000",
            codes={"a_net_operating_cost": "unusable"},
        ),
        kommune("0006", 8_000, s24_legevakt_parts="A", a_variant="ordinaer"),  # no amount
        kommune("0007", 6_000, s24_legevakt_parts="A|C", a_variant="ordinaer", a_net_operating_cost="5000"),
        kommune("0008", 7_000, s24_legevakt_parts="A", a_variant="kun_daglegevakt", a_net_operating_cost="700"),
        kommune("0009", 9_000, s24_legevakt_parts="A", a_variant="ordinaer", a_net_operating_cost="900"),
    )
    result = TABLE_6_2.compute(year)
    assert result["N"] == 5
    assert result["values"] == [
        [5, 533],  # (2000 + 666.67 - 100 + 0 + 100) / 5 = 533.33
        [2, 1333],  # under 2 000: (2000 + 666.67) / 2
        [1, -100],  # 2 000 - 4 999
        [1, 100],  # 5 000 - 19 999 (merged)
        [1, 0],  # 20 000 or more (merged)
    ]


def test_table_6_3_hosts_own_share_ignores_the_total_amount(make_year):
    year = make_year(
        kommune("0001", 4_000, s24_legevakt_parts="B", b_own_share_net_operating_cost="2000"),
        kommune(
            "0002",
            1_000,
            s24_legevakt_parts="B",
            b_own_share_net_operating_cost="1000",
            b_total_net_operating_cost="9999",
            codes={"b_total_net_operating_cost": "unusable"},  # B-8.1 does not matter (I-10)
        ),
        kommune("0003", 10_000, s24_legevakt_parts="B", b_own_share_net_operating_cost="1500"),
        kommune(
            "0004",
            30_000,
            s24_legevakt_parts="B",
            b_own_share_net_operating_cost="3000",
            codes={"b_own_share_net_operating_cost": "unusable"},
        ),
        kommune("0005", 60_000, s24_legevakt_parts="B|C", b_own_share_net_operating_cost="6000"),
        kommune("0006", 70_000, s24_legevakt_parts="B", b_own_share_net_operating_cost="7000"),
    )
    result = TABLE_6_3.compute(year)
    assert result["N"] == 4
    assert result["values"] == [
        [4, 438],  # (500 + 1000 + 150 + 100) / 4 = 437.5, half up
        [2, 750],  # under 5 000 (merged)
        [1, 150],  # 5 000 - 19 999
        [0, None],  # 20 000 - 49 999: empty
        [1, 100],
    ]


def test_table_6_4_participants_whole_day_whatever_their_cooperation_types(make_year):
    year = make_year(
        kommune(
            "0001",
            1_000,
            s24_legevakt_parts="C",
            c_cooperation_types="vertskommunesamarbeid|omgang",
            c_net_operating_cost="500",
        ),
        kommune("0002", 3_000, s24_legevakt_parts="C", c_net_operating_cost="600"),
        kommune("0003", 6_000, s24_legevakt_parts="C", c_net_operating_cost="1200"),
        kommune("0004", 15_000, s24_legevakt_parts="C", c_net_operating_cost="1500"),
        kommune("0005", 55_000, s24_legevakt_parts="C", c_net_operating_cost="5500"),
        kommune("0006", 1_200, s24_legevakt_parts="C|D", c_net_operating_cost="120"),
        kommune("0007", 1_300, s24_legevakt_parts="C"),
    )
    result = TABLE_6_4.compute(year)
    assert result["N"] == 5
    assert result["values"] == [[5, 220], [1, 500], [1, 200], [1, 200], [2, 100]]


def test_an_amount_hidden_by_the_routing_does_not_count(make_year):
    year = make_year(kommune("0001", 1_000, s24_legevakt_parts="C", a_net_operating_cost="2000"))
    assert TABLE_6_2.compute(year)["values"][0] == [0, None]


def test_table_6_1_is_the_published_accounts_series_and_not_exported(make_year):
    result = TABLE_6_1.compute()
    assert result["N"] is None
    assert result["columns"] == ["2015", "2016", "2017", "2018", "2019", "2020", "2021"]
    assert result["values"] == published()["6.1"]["values"]
    assert TABLE_6_1 not in computed_tables()


@pytest.mark.parametrize("table", [TABLE_6_2, TABLE_6_3, TABLE_6_4], ids=lambda t: t.id)
def test_cost_means_are_amounts_subject_to_disclosure_control(table):
    assert table.sensitive
    assert table.parts_of_total == (1, 2, 3, 4)
