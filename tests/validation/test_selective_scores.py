"""The selective-editing score on hand-worked examples (docs/rules.md, "Selective editing").

A small year of thirteen clean sample rows, each reporting only an ordinary Part A with its amount, so every one
is in Table 6.2 (mean net operating cost per inhabitant, unweighted): ten municipalities under 2 000 inhabitants
(row 1) and three of 50 000 or more (row 4, size groups 4 and 5). As in every year, the large municipalities
sit in smaller cells, which is why the same 1000-error weighs more there.
"""

import math

import pandas as pd
import pytest

from kostra.reference.loading import read_register, register_path
from surveys.tables.ch6 import TABLE_6_2
from tests.validation.conftest import SAMPLE, read_responses
from validation.services.priority import (
    EXPLAINED_FACTOR,
    TOLERANCE,
    RuleRecord,
    extremity,
    impact,
    rule_precision,
    suspicion,
)
from validation.services.selective import FlagToScore, score_flags

SMALL = ("1856", "5052", "5044", "5432", "5434", "3823", "1811", "1825", "5026", "1812")  # 469 … 1 981 inhabitants
LARGE = ("3804", "5401", "3024")  # 64 943, 77 544 and 128 982 inhabitants


@pytest.fixture(scope="module")
def year():
    texts = read_responses(SAMPLE / "responses.csv")
    return {number: texts[number] for number in SMALL + LARGE}


@pytest.fixture(scope="module")
def register():
    rows = read_register(register_path(2021))
    frame = pd.DataFrame(
        [(r["kommunenummer"], r["kommunenavn"], int(r["innbyggere"]), int(r["sentralitet_klasse"])) for r in rows],
        columns=["number", "name", "population", "centrality_class"],
    )
    return frame.set_index("number")


def with_kroner_errors(year, *numbers):
    """The year with Part A's amount of `numbers` typed in kroner (1000 times too large)."""
    changed = dict(year)
    for number in numbers:
        changed[number] = {
            **year[number],
            "a_net_operating_cost": str(int(year[number]["a_net_operating_cost"]) * 1000),
        }
    return changed


def kroner_error(key, number, texts):
    """An EQ-06 hit on a's amount typed in kroner, with the rule's suggestion (the amount / 1000)."""
    amount = texts["a_net_operating_cost"]
    return FlagToScore(
        key,
        number,
        "EQ-06",
        "error",
        ("a_net_operating_cost",),
        {"a_net_operating_cost": int(amount) * 1000},
        {"a_net_operating_cost": amount},
    )


def test_rule_precision_is_capped_by_the_hit_rate_and_learns_from_editors():
    assert rule_precision(RuleRecord(hits=3, responses=350)) == 1.0
    # 69 of 350, shrunk with 50 responses at 2 %: (69 + 1) / 400 = 0.175, so at most 0.02 / 0.175
    assert rule_precision(RuleRecord(hits=69, responses=350)) == pytest.approx(0.02 / 0.175)
    # 10 pseudo-flags at that precision plus 5 corrected and 5 confirmed: (10 * 0.1143 + 5) / 20
    assert rule_precision(RuleRecord(hits=69, responses=350, real=5, false_alarms=5)) == pytest.approx(
        (10 * 0.02 / 0.175 + 5) / 20
    )
    # two of a small year's three responses: (2 + 1) / 53, not 2 / 3
    assert rule_precision(RuleRecord(hits=2, responses=3)) == pytest.approx(0.02 / (3 / 53))


def test_suspicion_multiplies_severity_precision_extremity_and_explanation():
    record = RuleRecord(hits=1, responses=350)
    assert suspicion("error", record) == pytest.approx(0.9)
    assert suspicion("warning", record, explained=True, extreme=0.5) == pytest.approx(0.5 * 0.5 * EXPLAINED_FACTOR)


def test_extremity_is_half_at_the_expected_value_and_full_ten_times_off():
    assert extremity(99, 99) == pytest.approx(0.5)
    assert extremity(1099, 109) == pytest.approx(1.0)
    assert extremity(None, 50) == 1.0 and extremity(-5, 50) == 1.0


def test_impact_is_the_largest_move_of_a_cell_relative_to_its_size():
    assert impact({}) == 0
    assert impact({"a": 0.01, "b": -1.0}) == pytest.approx(1 + math.log(1 + 1.0 / TOLERANCE))


def test_a_1000_error_in_a_large_municipality_outranks_one_in_a_small_one(year, register):
    flags = [kroner_error("large", "3024", year["3024"]), kroner_error("small", "1856", year["1856"])]
    scored = score_flags(_q(), with_kroner_errors(year, "3024", "1856"), register, flags, tables=[TABLE_6_2])
    # Row 4, kr per inhabitant: 3804 56 547 000 / 64 943 = 870.7, 5401 540.5, 3024 63 897 000 / 128 982 = 495.4;
    # mean 635.5, published 636. In kroner 3024 has 495 394.7, and the mean is 165 602. The fix moves the
    # published cell from 165 602 to 636: -259.4 times the corrected cell.
    # Row 1: ten rates with mean 1 896.9 (published 1 897); 1856 in kroner (2 547 974 instead of 2 548) makes it
    # 256 440. The fix: (1 897 - 256 440) / 1 897 = -134.2 times the cell.
    large, small = scored["large"], scored["small"]
    assert large.cells["6.2|4|1"] == pytest.approx((636 - 165_602) / 636, rel=1e-4)
    assert small.cells["6.2|1|1"] == pytest.approx((1_897 - 256_440) / 1_897, rel=1e-4)
    assert large.impact == pytest.approx(1 + math.log(1 + 259.38 / TOLERANCE), rel=1e-4)
    assert small.impact == pytest.approx(1 + math.log(1 + 134.18 / TOLERANCE), rel=1e-4)
    assert large.suspicion == small.suspicion
    assert large.score > small.score


def test_an_explained_warning_ranks_below_the_same_unexplained_one(year, register):
    texts = year["1856"]
    flags = [
        FlagToScore(
            key, "1856", "EQ-09", "warning", ("a_net_operating_cost",), {"a_net_operating_cost": 1195}, {}, explained
        )
        for key, explained in (("explained", True), ("unexplained", False))
    ]
    scored = score_flags(_q(), year, register, flags, tables=[TABLE_6_2])
    assert texts["a_net_operating_cost"] == "1195"
    assert scored["unexplained"].score > 0
    assert scored["explained"].score == pytest.approx(EXPLAINED_FACTOR * scored["unexplained"].score, rel=1e-3)


def test_a_flag_whose_value_reaches_no_published_cell_ranks_last(year, register):
    flags = [
        # c_net_operating_cost is hidden (Part C not ticked): whatever it is, no table counts it.
        FlagToScore(
            "unreached",
            "5434",
            "EQ-06",
            "error",
            ("c_net_operating_cost",),
            {"c_net_operating_cost": 5},
            {"c_net_operating_cost": "5000"},
        ),
        FlagToScore("info", "5434", "EQ-10", "info", ("a_net_operating_cost",), {"a_net_operating_cost": 1751}),
        kroner_error("error", "5052", year["5052"]),
    ]
    scored = score_flags(_q(), with_kroner_errors(year, "5052"), register, flags)
    assert scored["unreached"].score == 0 and scored["unreached"].cells == {}
    assert min(scored, key=lambda key: scored[key].score) == "unreached"
    assert scored["info"].score > 0


def _q():
    from questionnaire.loader import load_definition

    return load_definition("legevakt_2021.yaml")
