"""The registry: every rule documented and named after its spec id; duplicates refused; helpers for the form."""

import pytest

from questionnaire.rules import KR_PER_INHABITANT_MAX, KR_PER_INHABITANT_MIN, cooperation_population, per_inhabitant
from questionnaire.rules.registry import WARNING, all_rules, cross_unit_rules, rule, unit_rules

SPEC_RULES = {f"EQ-{n:02d}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 19, 20, 21)} | {
    f"PR-{n:02d}" for n in range(1, 12)
}


def test_every_computable_spec_rule_is_registered():
    assert SPEC_RULES <= {r.id for r in all_rules()}


def test_rules_needing_outside_data_are_left_out():
    assert not {"EQ-15", "EQ-16", "EQ-17", "EQ-18", "EQ-22"} & {r.id for r in all_rules()}


@pytest.mark.parametrize("registered", all_rules(), ids=lambda r: r.id)
def test_rule_is_documented(registered, q2021):
    assert registered.doc.startswith(registered.id)
    assert str(registered.title) and str(registered.suggested_fix)
    known = set(q2021.variables) | set(q2021.questions)
    assert registered.variables and set(registered.variables) <= known


def test_cross_unit_rules_are_the_ones_needing_other_municipalities():
    assert {r.id for r in cross_unit_rules()} == {"EQ-09", "EQ-10", "EQ-12", "LV-05"}
    assert not {r.id for r in cross_unit_rules()} & {r.id for r in unit_rules()}


def test_it_refuses_a_duplicate_id():
    with pytest.raises(ValueError, match="EQ-06"):
        rule("EQ-06", severity=WARNING, title="again")(lambda values, ref: iter(()))


def test_it_refuses_an_unknown_severity():
    with pytest.raises(ValueError, match="severity"):
        rule("XX-99", severity="fatal", title="bad")(lambda values, ref: iter(()))


def test_eq06_helpers_judge_a_hosts_total_per_cooperation_inhabitant(values_of, references):
    host = values_of(s24_legevakt_parts="B", b_total_net_operating_cost="50000", b_participant_kommune_ids="1804|1875")
    ref = references["1851"]
    assert cooperation_population(host, ref) == 1976 + 52803 + 2708
    assert round(per_inhabitant("b_total_net_operating_cost", host, ref)) == round(50_000_000 / 57487)
    assert KR_PER_INHABITANT_MIN < per_inhabitant("b_total_net_operating_cost", host, ref) < KR_PER_INHABITANT_MAX


def test_per_inhabitant_is_own_population_without_a_list(values_of, references):
    host = values_of(s24_legevakt_parts="B", b_total_net_operating_cost="1976")
    assert cooperation_population(host, references["1851"]) is None
    assert per_inhabitant("b_total_net_operating_cost", host, references["1851"]) == 1000
