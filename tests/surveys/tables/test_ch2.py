"""Tables 2.1 and 2.2 describe the register (every municipality), not only the respondents (I-1)."""

from surveys.tables.ch2 import TABLE_2_1, TABLE_2_2
from tests.surveys.tables.factories import kommune, values


def _year(make_year):
    # Two respond, three are only in the register: the register tables count all five.
    return make_year(
        kommune("0001", 1_999, centrality=6, s24_legevakt_parts="A", a_variant="ordinaer"),
        kommune("0002", 2_000, centrality=5, s24_legevakt_parts="C"),
        register_only=(
            kommune("0003", 49_999, centrality=2),
            kommune("0004", 50_000, centrality=1),
            kommune("0005", 10_000, centrality=3),
        ),
    )


def test_table_2_1_sums_population_and_counts_by_size_with_exclusive_upper_bounds(make_year):
    result = TABLE_2_1.compute(_year(make_year))
    assert result["N"] == 5
    assert result["values"] == [
        [113_998, 5],  # Hele landet
        [1_999, 1],  # Under 2 000
        [2_000, 1],  # 2 000 - 4 999: 2 000 is the lower bound, inclusive
        [0, 0],  # 5 000 - 9 999
        [10_000, 1],
        [49_999, 1],
        [50_000, 1],  # 50 000 eller flere
    ]


def test_table_2_2_by_centrality_class(make_year):
    assert values(TABLE_2_2, _year(make_year)) == [
        [113_998, 5],
        [50_000, 1],
        [49_999, 1],
        [10_000, 1],
        [0, 0],
        [2_000, 1],
        [1_999, 1],
    ]


def test_register_tables_take_labels_and_title_from_the_report(make_year):
    result = TABLE_2_1.compute(_year(make_year))
    assert result["title"].startswith("Befolkning og kommuner for hele landet og etter kommunestørrelse")
    assert result["rows"][0] == "Hele landet"
    assert result["columns"] == ["Befolkning", "Antall kommuner"]
