"""Chapter 4: personnel groups, head counts, staffing challenges, worked out by hand on six municipalities."""

import pytest

from surveys.tables.ch4 import (
    FIGURE_4_1,
    TABLE_4_1,
    TABLE_4_2,
    TABLE_4_3,
    TABLE_4_4,
    TABLE_4_5,
    TABLE_4_6,
    TABLE_4_7,
    TABLE_4_8,
    TABLE_4_9,
)
from tests.surveys.tables.factories import kommune, values

N = None
NULL_5, NULL_6, NULL_10 = [N] * 5, [N] * 6, [N] * 10


@pytest.fixture
def year(make_year):
    return make_year(
        kommune(
            "0001",
            1_000,
            s24_legevakt_parts="A",
            a_variant="ordinaer",
            a_fast_ansatte_used="ja",
            a_fast_ansatte_count="2",
            a_fast_ansatte_arsverk="1.5",
            a_fastleger_used="ja",
            a_fastleger_count="5",
            a_andre_leger_used="ja",
            a_andre_leger_kinds="lis1|private",
            a_andre_leger_count="3",
            a_sykepleiere_used="nei",
            a_sykepleiere_count="7",  # hidden: the group is not used
            a_annet_helsepersonell_used="ja",
            a_annet_helsepersonell_count="1",
            a_staffing_challenges="ja",
            a_staffing_challenge_groups="fastleger|sykepleiere",
        ),
        kommune(
            "0002",
            1_500,
            s24_legevakt_parts="A|C",
            a_variant="kun_daglegevakt",
            a_fast_ansatte_used="nei",
            a_fastleger_used="ja",
            a_fastleger_count="4",
            a_andre_leger_used="nei",
            a_andre_leger_kinds="lis1",  # hidden
            a_staffing_challenges="nei",
            c_fastleger_used="ja",
            c_fastleger_count="6",
            c_sykepleiere_used="ja",
            c_sykepleiere_count="2",
            c_staffing_challenges="ja",
            c_staffing_challenge_groups="fastleger",
        ),
        kommune(
            "0003",
            3_000,
            s24_legevakt_parts="B",
            b_fast_ansatte_used="ja",
            b_fast_ansatte_count="10",
            b_fast_ansatte_arsverk="7.3",
            b_fastleger_used="ja",
            b_fastleger_count="20",
            b_andre_leger_used="ja",
            b_andre_leger_kinds="fastleger_andre_kommuner|annet",
            b_andre_leger_count="15",
            b_sykepleiere_used="ja",
            b_sykepleiere_count="30",
            b_annet_helsepersonell_used="ja",
            b_annet_helsepersonell_count="4",
            b_staffing_challenges="nei",
        ),
        kommune(
            "0004",
            60_000,
            s24_legevakt_parts="B|D",
            b_fast_ansatte_used="ja",
            b_fast_ansatte_count="0",
            b_fast_ansatte_arsverk="3.0",  # hidden: shown only when the count is above 0
            b_fastleger_used="nei",
            b_staffing_challenges="nei",
            d_doctors_count="16",
            d_purchase_staffing_challenge="ja",
        ),
        kommune(
            "0005",
            4_000,
            s24_legevakt_parts="C",
            c_fast_ansatte_used="ja",
            c_fast_ansatte_count="1",
            c_andre_leger_used="ja",
            c_andre_leger_count="2",
            c_staffing_challenges="ja",
            c_staffing_challenge_groups="annet_helsepersonell|andre_leger",
        ),
        kommune(
            "0006",
            8_000,
            s24_legevakt_parts="D",
            a_fastleger_used="ja",  # hidden: not in A
            d_doctors_count="16",
            d_purchase_staffing_challenge="nei",
        ),
    )


def test_figure_4_1_any_part_counts_a_municipality_once(year):
    # fast ansatte 0001, 0003, 0004, 0005: 4/6 -> 67; fastleger 0001, 0002 (A and C, once), 0003: 50;
    # andre leger 0001, 0003, 0005: 50; sykepleiere 0002 (C), 0003: 2/6 -> 33; annet 0001, 0003: 33
    result = FIGURE_4_1.compute(year)
    assert result["N"] == 6
    assert result["values"] == [[67, 50, 50, 33, 33]]


def test_table_4_1_any_part_by_size(year):
    assert values(TABLE_4_1, year) == [
        [67, 50, 50, 33, 33],
        [50, 100, 50, 50, 50],
        [100, 50, 100, 50, 50],
        [0, 0, 0, 0, 0],  # 0006's hidden a_fastleger_used does not count
        NULL_5,
        NULL_5,
        [100, 0, 0, 0, 0],
    ]


def test_table_4_2_part_a_groups_and_kinds_over_all_part_a_municipalities(year):
    result = TABLE_4_2.compute(year)
    assert result["N"] == 2
    #                  fa  fl  al  komm lis1 fla priv annet syk annet_hp
    national = [50, 100, 50, 0, 50, 0, 50, 0, 0, 50]
    assert result["values"] == [national, national, NULL_10, NULL_10, NULL_10, NULL_10, NULL_10]


def test_table_4_3_part_b(year):
    result = TABLE_4_3.compute(year)
    assert result["N"] == 2
    assert result["values"] == [
        [100, 50, 50, 0, 0, 50, 0, 50, 50, 50],
        NULL_10,
        [100, 100, 100, 0, 0, 100, 0, 100, 100, 100],
        NULL_10,
        NULL_10,
        NULL_10,
        [100, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ]


def test_table_4_4_part_c(year):
    assert values(TABLE_4_4, year) == [
        [50, 50, 50, 50, 0],
        [0, 100, 0, 100, 0],
        [100, 0, 100, 0, 0],
        NULL_5,
        NULL_5,
        NULL_5,
        NULL_5,
    ]


def test_table_4_5_sums_shown_head_counts_per_part_and_arsverk_with_one_decimal(year):
    result = TABLE_4_5.compute(year)
    assert result["N"] is None
    assert [row[0] for row in result["values"]] == [
        2,  # A fast ansatte
        1.5,  # A årsverk
        9,  # A fastleger 5 + 4
        3,  # A andre leger (0002's group is not used)
        0,  # A sykepleiere: 0001's 7 is hidden
        1,
        10,  # B fast ansatte 10 + 0
        7.3,  # B årsverk: 0004's 3.0 is hidden
        20,
        15,
        30,
        4,
        1,  # C
        6,
        2,
        2,
        0,
        32,  # D: plain sum 16 + 16 (I-5)
    ]


def test_table_4_6_challenges_in_any_part_or_part_d_purchase(year):
    # challenges: 0001 (A), 0002 (C), 0004 (D purchase), 0005 (C): 4/6 -> 67
    assert values(TABLE_4_6, year) == [
        [67, 0, 33, 17, 17, 17],
        [100, 0, 100, 0, 50, 0],
        [50, 0, 0, 50, 0, 50],
        [0, 0, 0, 0, 0, 0],
        NULL_6,
        NULL_6,
        [100, 0, 0, 0, 0, 0],
    ]


def test_table_4_7_part_a_challenges_by_size(year):
    row = [50, 0, 50, 0, 50, 0]
    assert values(TABLE_4_7, year) == [row, row, NULL_6, NULL_6, NULL_6, NULL_6, NULL_6]


def test_table_4_8_part_b_ignores_the_part_d_purchase_problem(year):
    zeros = [0] * 6
    assert values(TABLE_4_8, year) == [zeros, NULL_6, zeros, NULL_6, NULL_6, NULL_6, zeros]


def test_table_4_9_part_c(year):
    result = TABLE_4_9.compute(year)
    assert result["N"] == 2
    assert result["values"] == [
        [100, 0, 50, 50, 0, 50],
        [100, 0, 100, 0, 0, 0],
        [100, 0, 0, 100, 0, 100],
        NULL_6,
        NULL_6,
        NULL_6,
        NULL_6,
    ]
