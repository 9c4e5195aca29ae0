"""Headline figures, and the de-duplicated number of fastleger in legevakt (questionnaire.md EQ-11)."""

from surveys.tables.summary import display, fastleger_in_legevakt, summary
from tests.surveys.tables.factories import kommune


def _year(make_year):
    return make_year(
        # The same GPs in A and C: 5 + 4 = 9, but only 6 have a GP contract -> 6
        kommune(
            "0001",
            1_000,
            s24_legevakt_parts="A|C",
            a_variant="kun_daglegevakt",
            a_fastleger_used="ja",
            a_fastleger_count="5",
            c_fastleger_used="ja",
            c_fastleger_count="4",
            s22_doctors_with_gp_contract="6",
        ),
        kommune(
            "0002",
            3_000,
            s24_legevakt_parts="B",
            b_fastleger_used="ja",
            b_fastleger_count="10",
            b_staffing_challenges="ja",
            s22_doctors_with_gp_contract="20",
        ),
        # Count hidden (group not used): 0
        kommune(
            "0003",
            1_200,
            s24_legevakt_parts="A",
            a_variant="ordinaer",
            a_fastleger_used="nei",
            a_fastleger_count="3",
            s22_doctors_with_gp_contract="4",
        ),
        # No number of GP contracts: the sum over parts stands -> 7
        kommune("0004", 5_000, s24_legevakt_parts="C", c_fastleger_used="ja", c_fastleger_count="7"),
        register_only=(kommune("0005", 900),),
    )


def test_fastleger_are_capped_by_gp_contracts_per_municipality(make_year):
    assert fastleger_in_legevakt(_year(make_year)) == (6 + 10 + 0 + 7, 6 + 20 + 4)


def test_headline_figures_with_percentages(make_year):
    figures = {f["key"]: f for f in display(summary(_year(make_year)))}
    assert (figures["responding"]["count"], figures["responding"]["base"], figures["responding"]["percent"]) == (
        4,
        5,
        80,
    )
    assert (figures["part_a"]["count"], figures["part_a"]["percent"]) == (2, 50)
    assert (figures["a_daytime_only"]["count"], figures["a_daytime_only"]["base"]) == (1, 2)
    assert (figures["cooperation"]["count"], figures["cooperation"]["percent"]) == (3, 75)  # B or C
    assert (figures["combination"]["count"], figures["challenges"]["count"]) == (1, 1)
    assert (figures["fastleger"]["count"], figures["fastleger"]["base"], figures["fastleger"]["percent"]) == (
        23,
        30,
        77,
    )
