"""Disclosure control of published tables: amounts from fewer than DISCLOSURE_MIN_UNITS municipalities."""

from surveys.tables.ch3 import TABLE_3_1
from surveys.tables.ch6 import TABLE_6_4
from surveys.tables.disclosure import disclose
from tests.surveys.tables.factories import kommune


def _participants(make_year, *populations):
    return make_year(
        *(
            kommune(f"{i:04d}", population, s24_legevakt_parts="C", c_net_operating_cost=str(population // 10))
            for i, population in enumerate(populations, start=1)
        )
    )


def test_a_mean_of_fewer_than_three_municipalities_is_withheld_but_its_count_is_shown(make_year):
    # Under 2 000: 4; 2 000 - 4 999: 4; 5 000 - 9 999: 2; 10 000+: 3
    year = _participants(make_year, 1000, 1100, 1200, 1300, 3000, 3100, 3200, 3300, 6000, 6100, 12000, 13000, 14000)
    public = disclose(TABLE_6_4.compute(year), min_units=3)
    assert [row[0] for row in public["values"]] == [13, 4, 4, 2, 3]
    assert [row[1] is None for row in public["values"]] == [False, False, False, True, True]
    # The smallest other group (10 000+) is withheld too: otherwise Totalt and the other groups would give
    # the 5 000 - 9 999 mean.
    assert public["suppressed"][3] == [False, True] and public["suppressed"][4] == [False, True]
    assert "units" not in public


def test_two_withheld_groups_need_no_complementary_suppression(make_year):
    year = _participants(make_year, 1000, 1100, 1200, 3000, 3100, 6000, 6100, 12000, 13000, 14000)
    public = disclose(TABLE_6_4.compute(year), min_units=3)
    assert [row[1] for row in public["suppressed"]] == [False, False, True, True, False]


def test_the_threshold_is_a_setting(make_year, settings):
    year = _participants(make_year, 1000, 1100, 1200, 3000, 3100, 3200, 6000, 6100, 12000, 13000, 14000)
    settings.DISCLOSURE_MIN_UNITS = 1
    assert not any(any(row) for row in disclose(TABLE_6_4.compute(year))["suppressed"])
    settings.DISCLOSURE_MIN_UNITS = 4
    assert [row[1] for row in disclose(TABLE_6_4.compute(year))["suppressed"]] == [False, True, True, True, True]


def test_counts_and_percentages_of_municipalities_are_never_withheld(make_year):
    year = make_year(kommune("0001", 1_000, s24_legevakt_parts="D"))
    public = disclose(TABLE_3_1.compute(year), min_units=3)
    assert public["values"][4] == [1, 100]
    assert not any(any(row) for row in public["suppressed"])
