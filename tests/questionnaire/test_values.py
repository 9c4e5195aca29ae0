"""The type table's problem(): why a stored text is invalid in itself, with the definition file's ranges."""

import pytest
from django.utils import translation

from questionnaire.values import MAX_DIGITS, problem


@pytest.mark.parametrize(
    ("var_id", "text", "reason"),
    [
        ("a_fast_ansatte_arsverk", "999999999999999999999999999.5", "above the highest allowed value 9999"),
        ("a_fast_ansatte_arsverk", "9" * (MAX_DIGITS + 1) + ".5", f"more than {MAX_DIGITS} digits"),
        ("a_fast_ansatte_arsverk", "2.55", "more than 1 decimal(s)"),
        ("a_fastleger_count", "100000", "above the highest allowed value 99999"),
        ("b_participant_count", "357", "above the highest allowed value 356"),
        ("b_participant_contribution_counts_vakter", "357", "above the highest allowed value 356"),
        ("a_net_operating_cost", "10000000000", "above the highest allowed value 9999999999"),
        ("a_fastleger_count", "-1", "below the lowest allowed value 0"),
    ],
)
def test_a_value_outside_its_range_is_a_problem(questionnaire, var_id, text, reason):
    with translation.override("en"):  # the reasons' msgids are English (the import's contract)
        assert problem(questionnaire.variables[var_id], text) == reason


@pytest.mark.parametrize(
    ("var_id", "text"),
    [
        ("a_fast_ansatte_arsverk", "9999"),
        ("a_fastleger_count", "99999"),
        ("a_net_operating_cost", "-12"),  # income above costs happens (PR-10 asks)
        ("b_total_net_operating_cost", "134110000"),  # entered in kroner: gets in, and EQ-06 catches it
    ],
)
def test_values_inside_the_range_are_valid(questionnaire, var_id, text):
    assert problem(questionnaire.variables[var_id], text) is None
