"""The shared condition vectors (tests/questionnaire/condition_vectors.json) through the browser's
evaluator, static/js/form/conditions.js, fed the trees surveys/forms/routing.py puts into the page."""

import json

import pytest

from questionnaire.conditions import parse_condition
from surveys.forms.routing import show_if
from tests.questionnaire.test_condition_vectors import VECTORS

pytestmark = pytest.mark.browser

EVALUATE = """async (vectors) => {
  const { truth } = await import("/static/js/form/conditions.js");
  return vectors.map((v) => truth(v.tree, v.values));
}"""


def test_browser_evaluator_agrees_with_every_vector(page):
    page.goto("/login/")  # any page of ours: the module loads under the site's Content-Security-Policy
    cases = [{"tree": json.loads(show_if([parse_condition(v["condition"])])), "values": v["values"]} for v in VECTORS]
    shown = page.evaluate(EVALUATE, cases)
    pairs = zip(VECTORS, shown, strict=True)
    wrong = [(v["condition"], v["values"], v["shown"]) for v, got in pairs if got != v["shown"]]
    assert wrong == []
    assert len(shown) == len(VECTORS)
