"""The live amount hint judges an amount as rule EQ-06 does: same scale, same limits, on every EQ-06 vector."""

import pytest

from questionnaire.rules.amounts import amount_scale, kr_per_inhabitant
from questionnaire.rules.registry import make_values, run_unit_rules
from surveys.services.entry.amounts import AMOUNT_TOO_HIGH, AMOUNT_TOO_LOW, amount_warning
from tests.validation.conftest import read_vectors

EQ06 = [case for case in read_vectors() if case["rule"] == "EQ-06"]
AMOUNTS = ("a_net_operating_cost", "b_total_net_operating_cost", "c_net_operating_cost", "d_net_operating_cost")


def _hint(case, q2021, references) -> dict[str, str]:
    values = make_values(q2021, {k: str(v) for k, v in case["values"].items() if v not in (None, "")})
    ref = references[case["kommune"]]
    warnings = {}
    for var in AMOUNTS:
        if values.get(var) is None:
            continue
        scale = amount_scale(var, values, ref)
        warnings[var] = amount_warning(kr_per_inhabitant(values[var], scale.population), scale)
    return {var: text for var, text in warnings.items() if text}, values, ref


@pytest.mark.parametrize("case", EQ06, ids=[f"{c['expect']}-{i}" for i, c in enumerate(EQ06)])
def test_the_hint_warns_exactly_where_eq06_hits(case, q2021, references):
    warned, values, ref = _hint(case, q2021, references)
    hits = {h.variables[0] for h in run_unit_rules(values, ref) if h.rule_id == "EQ-06"}
    assert set(warned) == hits
    if case["expect"] == "hit":
        assert set(warned) == set(case["variables"])


def test_the_hint_says_which_way_an_amount_is_off(q2021, references):
    high = next(c for c in EQ06 if c.get("severity") == "error")
    low = next(c for c in EQ06 if c.get("severity") == "warning")
    assert list(_hint(high, q2021, references)[0].values()) == [str(AMOUNT_TOO_HIGH)]
    assert list(_hint(low, q2021, references)[0].values()) == [str(AMOUNT_TOO_LOW)]
