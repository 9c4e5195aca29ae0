"""Every unit rule against the shared vectors (tests/validation/rule_vectors.yaml), through run_unit_rules."""

from collections import defaultdict

import pytest

from questionnaire.rules.registry import make_values, run_unit_rules, unit_rules
from tests.validation.conftest import read_vectors

VECTORS = read_vectors()


def _id(case) -> str:
    return f"{case['rule']}-{case['expect']}-{'|'.join(case.get('variables') or ())}"


@pytest.mark.parametrize("case", VECTORS, ids=[_id(c) for c in VECTORS])
def test_rule_vector(case, q2021, references):
    values = make_values(q2021, {k: str(v) for k, v in case["values"].items() if v not in (None, "")})
    hits = [h for h in run_unit_rules(values, references[case["kommune"]]) if h.rule_id == case["rule"]]
    if case["expect"] == "hit":
        wanted = tuple(case["variables"])
        matching = [h for h in hits if h.variables == wanted]
        assert matching, f"no {case['rule']} hit on {wanted}; got {[h.variables for h in hits]}"
        if "severity" in case:
            assert matching[0].severity == case["severity"]
        assert matching[0].message and matching[0].kommunenummer is None
    else:
        assert hits == [], [h.message for h in hits]


def test_every_unit_rule_has_a_hit_and_a_pass():
    expectations = defaultdict(set)
    for case in VECTORS:
        expectations[case["rule"]].add("hit" if case["expect"] == "hit" else "no_hit")
    missing = {r.id for r in unit_rules() if expectations[r.id] != {"hit", "no_hit"}}
    assert not missing


def test_vectors_name_only_registered_unit_rules():
    assert {c["rule"] for c in VECTORS} <= {r.id for r in unit_rules()}


def test_every_vector_value_is_a_known_variable(q2021):
    unknown = {var for case in VECTORS for var in case["values"] if var not in q2021.variables}
    assert not unknown
