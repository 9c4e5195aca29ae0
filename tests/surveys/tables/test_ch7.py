"""Chapter 7: Part E answers (7.1-7.4) and the editors' coding of årsverk comments (7.5-7.7)."""

import pytest

from surveys.tables.ch7 import TABLE_7_1, TABLE_7_2, TABLE_7_3, TABLE_7_4, TABLE_7_5, TABLE_7_6, TABLE_7_7
from tests.surveys.tables.factories import kommune, values

N = None
NULL_5 = [N] * 5
E = ("e_hours_from_systems", "e_hours_not_discretionary", "e_split_onsite_backup")
E += ("e_split_own_residents", "e_split_own_contribution")


def _e(*answers):
    return {var: answer for var, answer in zip(E, answers, strict=True) if answer}


@pytest.fixture
def part_e(make_year):
    return make_year(
        kommune("0001", 1_000, centrality=6, s24_legevakt_parts="A", **_e("ja", "nei", "", "ja", "ja")),
        kommune("0002", 1_500, centrality=6, s24_legevakt_parts="A|C", **_e("ja", "ja", "nei", "", "nei")),
        kommune("0003", 3_000, centrality=5, s24_legevakt_parts="B", **_e("nei", "nei", "nei", "nei", "")),
        kommune("0004", 60_000, centrality=1, s24_legevakt_parts="C"),
        kommune("0005", 8_000, centrality=4, s24_legevakt_parts="D", **_e("ja", "ja", "ja", "ja", "ja")),
    )


def test_table_7_1_yes_no_and_not_answered_rounded_each_on_its_own(part_e):
    assert values(TABLE_7_1, part_e) == [
        [60, 20, 20],
        [40, 40, 20],
        [20, 40, 40],
        [40, 20, 40],
        [40, 20, 40],
    ]


def test_table_7_2_yes_by_size_with_non_respondents_in_the_denominator(part_e):
    assert values(TABLE_7_2, part_e) == [
        [60, 40, 20, 40, 40],
        [100, 50, 0, 50, 50],
        [0, 0, 0, 0, 0],
        [100, 100, 100, 100, 100],
        NULL_5,
        NULL_5,
        [0, 0, 0, 0, 0],
    ]


def test_table_7_3_yes_by_centrality(part_e):
    assert values(TABLE_7_3, part_e) == [
        [60, 40, 20, 40, 40],
        [0, 0, 0, 0, 0],
        NULL_5,
        NULL_5,
        [100, 100, 100, 100, 100],
        [0, 0, 0, 0, 0],
        [100, 50, 0, 50, 50],
    ]


def test_table_7_4_yes_by_overlapping_parts(part_e):
    assert values(TABLE_7_4, part_e) == [
        [60, 40, 20, 40, 40],
        [100, 50, 0, 50, 50],  # Del A: 0001, 0002
        [0, 0, 0, 0, 0],  # Del B: 0003
        [50, 50, 0, 0, 0],  # Del C: 0002, 0004
    ]


def _part_a(with_codes: bool):
    def codes(**by_var):
        return by_var if with_codes else {}

    return (
        kommune(  # reported årsverk: "can" whatever the code (I-11)
            "0001",
            1_000,
            s24_legevakt_parts="A",
            a_variant="ordinaer",
            a_fast_ansatte_used="ja",
            a_fast_ansatte_count="3",
            a_fast_ansatte_arsverk="2.5",
            a_fastleger_used="ja",
            a_andre_leger_used="ja",
            codes=codes(
                a_fast_ansatte_arsverk_comment="cannot",
                a_fastleger_arsverk_comment="can",
                a_andre_leger_arsverk_comment="cannot",
            ),
        ),
        kommune(
            "0002",
            1_000,
            s24_legevakt_parts="A",
            a_variant="ordinaer",
            a_fast_ansatte_used="ja",
            a_fast_ansatte_count="2",
            a_fastleger_used="ja",
            a_andre_leger_used="nei",
            codes=codes(a_fast_ansatte_arsverk_comment="cannot", a_fastleger_arsverk_comment="unclear"),
        ),
        kommune(  # årsverk stored but hidden (count 0): the code decides
            "0003",
            1_000,
            s24_legevakt_parts="A",
            a_variant="ordinaer",
            a_fast_ansatte_used="ja",
            a_fast_ansatte_count="0",
            a_fast_ansatte_arsverk="1.0",
            a_fastleger_used="ja",
            codes=codes(a_fast_ansatte_arsverk_comment="can"),
        ),
        kommune(
            "0004",
            1_000,
            s24_legevakt_parts="A",
            a_variant="ordinaer",
            a_fast_ansatte_used="ja",
            a_fast_ansatte_count="1",
            a_fastleger_used="ja",
            codes=codes(a_fastleger_arsverk_comment="cannot"),
        ),
        kommune(  # not using the group: not a member of the row, whatever is stored
            "0005",
            1_000,
            s24_legevakt_parts="A",
            a_variant="ordinaer",
            a_fast_ansatte_used="nei",
            a_fast_ansatte_arsverk="4.0",
            a_fastleger_used="nei",
            codes=codes(a_fast_ansatte_arsverk_comment="can"),
        ),
    )


def test_table_7_5_members_split_by_editor_codes_and_reported_arsverk(make_year):
    result = TABLE_7_5.compute(make_year(*_part_a(with_codes=True)))
    assert result["N"] == 5
    assert result["values"] == [
        [4, 2, 1, 1],  # fast ansatte: 0001 reported, 0003 can; 0002 cannot; 0004 uncoded
        [4, 1, 1, 2],  # fastleger: 0001 can; 0004 cannot; 0002 unclear and 0003 uncoded
        [1, 0, 1, 0],  # andre leger: 0001 cannot
    ]


def test_table_7_5_defaults_without_editor_input(make_year):
    assert values(TABLE_7_5, make_year(*_part_a(with_codes=False))) == [[4, 1, 0, 3], [4, 0, 0, 4], [1, 0, 0, 1]]


def test_table_7_6_part_b(make_year):
    year = make_year(
        kommune(
            "0001",
            3_000,
            s24_legevakt_parts="B",
            b_fast_ansatte_used="ja",
            b_fast_ansatte_count="2",
            b_fast_ansatte_arsverk="1.0",
            b_fastleger_used="ja",
            codes={"b_fastleger_arsverk_comment": "cannot"},
        ),
        kommune(
            "0002",
            3_000,
            s24_legevakt_parts="B",
            b_fast_ansatte_used="ja",
            b_fast_ansatte_count="1",
            b_andre_leger_used="ja",
            codes={"b_fast_ansatte_arsverk_comment": "can"},
        ),
    )
    result = TABLE_7_6.compute(year)
    assert result["N"] == 2
    assert result["values"] == [[2, 2, 0, 0], [1, 0, 1, 0], [1, 0, 0, 1]]


def test_table_7_7_part_c_uses_codes_only(make_year):
    year = make_year(
        kommune(
            "0001",
            3_000,
            s24_legevakt_parts="C",
            c_fast_ansatte_used="ja",
            c_fast_ansatte_count="2",
            c_fastleger_used="ja",
            codes={"c_fast_ansatte_arsverk_comment": "can"},
        ),
        kommune(
            "0002",
            3_000,
            s24_legevakt_parts="C",
            c_fast_ansatte_used="ja",
            c_andre_leger_used="ja",
            codes={"c_fast_ansatte_arsverk_comment": "cannot", "c_andre_leger_arsverk_comment": "unclear"},
        ),
    )
    result = TABLE_7_7.compute(year)
    assert result["N"] == 2
    assert result["values"] == [[2, 1, 1, 0], [1, 0, 0, 1], [1, 0, 0, 1]]
