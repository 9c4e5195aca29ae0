"""Routing: which answers count. A hidden answer counts as blank (table-definitions G2).

One walk, two shapes: `shown_values` for one response (Questionnaire.shown, definition order), and `route`
for a whole year at once, column by column, each condition computed once per distinct value of what it reads
(the same Condition objects); tests/surveys/tables/test_data.py checks they agree on every sample response.
"""

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from questionnaire.conditions import Condition
from questionnaire.schema import Questionnaire
from questionnaire.values import decoded


def shown_values(questionnaire: Questionnaire, texts: Mapping[str, str]) -> dict[str, Any]:
    """Decoded values of the shown questions only: a hidden answer counts as blank (table-definitions G2)."""
    values = decoded(questionnaire, texts)
    visible = questionnaire.shown(values)
    return {k: v for k, v in values.items() if k in visible}


def map_distinct(values: np.ndarray, function: Callable[[Any], Any], dtype=object) -> np.ndarray:
    """`function` applied to every element, computed once per distinct value (None included)."""
    codes, uniques = pd.factorize(values)
    results = np.empty(len(uniques) + 1, dtype=dtype)
    for i, unique in enumerate(uniques):
        results[i] = function(unique)
    results[-1] = function(None)  # code -1: blank
    return results[codes]


def _condition_mask(cond: Condition, visible: Mapping[str, np.ndarray], n: int) -> np.ndarray:
    names = sorted(cond.names)
    if not names:
        return np.full(n, bool(cond({})))
    if len(names) == 1:
        (name,) = names
        return map_distinct(visible[name], lambda value: cond({name: value}), dtype=bool)
    keys = np.empty(n, dtype=object)
    keys[:] = list(zip(*(visible[name] for name in names), strict=True))
    return map_distinct(keys, lambda key: cond(dict(zip(names, key or (), strict=False))), dtype=bool)


def route(questionnaire: Questionnaire, decoded: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
    """Decoded values with every hidden answer blanked (table-definitions G2), for all rows at once.

    Same walk as Questionnaire.shown: variables in definition order, each condition reading the values
    already routed; a condition's result depends only on its (earlier) variables, so it is computed once.
    """
    blank = np.full(n, None, dtype=object)
    visible: dict[str, np.ndarray] = {}
    masks: dict[Condition, np.ndarray] = {}
    combined: dict[tuple[Condition, ...], np.ndarray] = {}  # matrix cells share their conditions
    for var in questionnaire.variables.values():
        values = decoded.get(var.id)
        if values is None:
            visible[var.id] = blank  # never answered: blank whatever the routing
            continue
        if var.conditions not in combined:
            shown = np.ones(n, dtype=bool)
            for cond in var.conditions:
                if cond not in masks:
                    masks[cond] = _condition_mask(cond, visible, n)
                shown = shown & masks[cond]
            combined[var.conditions] = shown
        shown = combined[var.conditions]
        visible[var.id] = values if shown.all() else np.where(shown, values, None)
    return visible
