"""The condition language evaluates the spec's examples and refuses anything else."""

from decimal import Decimal

import pytest

from questionnaire.conditions import ConditionSyntaxError, parse_condition


@pytest.mark.parametrize(
    ("source", "env", "expected"),
    [
        ("'A' in s24_legevakt_parts", {"s24_legevakt_parts": ("A", "C")}, True),
        ("'B' in s24_legevakt_parts", {"s24_legevakt_parts": ("A", "C")}, False),
        ("'A' in s24_legevakt_parts", {}, False),  # blank: never shown
        ("a_variant == 'ordinaer'", {"a_variant": "ordinaer"}, True),
        ("a_fastleger_used == 'ja'", {"a_fastleger_used": "nei"}, False),
        ("a_fast_ansatte_count > 0", {"a_fast_ansatte_count": 3}, True),
        ("a_fast_ansatte_count > 0", {"a_fast_ansatte_count": 0}, False),
        ("a_fast_ansatte_count > 0", {}, False),
        ("b_participant_count >= 1", {"b_participant_count": 1}, True),
        ("x != 'ja'", {}, True),
        ("a_staff_time_fastleger_natt", {"a_staff_time_fastleger_natt": True}, True),
        ("a_staff_time_fastleger_natt", {"a_staff_time_fastleger_natt": False}, False),
        ("not ('A' in p) and q == 'ja'", {"p": ("B",), "q": "ja"}, True),
        ("'annet' not in c", {"c": ("vakter",)}, True),
        ("x > 1.5", {"x": Decimal("1.6")}, True),
    ],
)
def test_it_evaluates(source, env, expected):
    assert parse_condition(source)(env) is expected


@pytest.mark.parametrize(
    "source",
    ["__import__('os').system('true')", "x.y == 1", "f(x)", "x[0] == 1", "lambda: 1", "x if y else z", "x + 1 > 2"],
)
def test_it_refuses_anything_outside_the_whitelist(source):
    with pytest.raises(ConditionSyntaxError):
        parse_condition(source)


def test_it_reports_the_names_it_reads():
    assert parse_condition("'A' in parts and count > 0").names == {"parts", "count"}
