"""The shared condition vectors (condition_vectors.json) through the server's evaluator; the browser's evaluator
runs the same file in tests/browser/test_condition_vectors.py."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from questionnaire.conditions import parse_condition

VECTORS = json.loads((Path(__file__).parent / "condition_vectors.json").read_text(encoding="utf-8"))["vectors"]


def decoded(values: dict) -> dict:
    """JSON answers as surveys/questionnaire/values.py decodes stored texts: decimals as Decimal, lists as tuples."""
    out = {}
    for name, value in values.items():
        if isinstance(value, float):
            value = Decimal(str(value))
        elif isinstance(value, list):
            value = tuple(value)
        out[name] = value
    return out


@pytest.mark.parametrize("vector", VECTORS, ids=[f"{v['condition']} {v['values']}" for v in VECTORS])
def test_server_evaluator_agrees_with_the_vector(vector):
    assert parse_condition(vector["condition"])(decoded(vector["values"])) is vector["shown"]


def test_the_vectors_cover_every_operator():
    sources = " ".join(v["condition"] for v in VECTORS)
    for token in ("==", "!=", " < ", "<=", " > ", ">=", " in ", " not in ", " and ", " or ", "not "):
        assert token in sources, token
    assert {v["shown"] for v in VECTORS} == {True, False}
