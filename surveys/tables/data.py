"""The year's data as the tables read it: one row per municipality, decoded values with routing applied.

Built column by column over all responses at once instead of response by response (Questionnaire.shown costs
about a millisecond per response): each distinct stored text of a variable is decoded once, and each distinct
condition of the questionnaire is evaluated once per distinct value of the variable it reads, by the very
Condition object the forms use. The result is the same as `shown_values` for every response
(tests/surveys/tables/test_data.py checks that on the sample year).
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from kostra.reference.groups import SIZE_GROUPS
from questionnaire.conditions import Condition
from questionnaire.schema import Questionnaire
from questionnaire.values import decode

MUNICIPALITY_COLUMNS = ("name", "population", "centrality_class")


def map_distinct(values: np.ndarray, function: Callable[[Any], Any], dtype=object) -> np.ndarray:
    """`function` applied to every element, computed once per distinct value (None included)."""
    codes, uniques = pd.factorize(values)
    results = np.empty(len(uniques) + 1, dtype=dtype)
    for i, unique in enumerate(uniques):
        results[i] = function(unique)
    results[-1] = function(None)  # code -1: blank
    return results[codes]


def _decoder(var) -> Callable[[Any], Any]:
    def decode_or_blank(text):
        if text is None or text == "":
            return None
        try:
            return decode(var, text)
        except (ValueError, ArithmeticError):
            return None  # as decode_all: a value that does not parse cannot count

    return decode_or_blank


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


@dataclass
class YearData:
    """Municipalities (rows) with their register data, routed values and editor codes, as numpy arrays."""

    questionnaire: Questionnaire | None
    numbers: np.ndarray
    names: np.ndarray
    population: np.ndarray
    centrality: np.ndarray
    values: Mapping[str, np.ndarray] = field(default_factory=dict, repr=False)
    codes: Mapping[str, np.ndarray] = field(default_factory=dict, repr=False)
    register: "YearData | None" = field(default=None, repr=False)
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        return len(self.numbers)

    @cached_property
    def size_group(self) -> np.ndarray:
        """Index 0-5 of the size group (G5): lower bound inclusive, upper bound exclusive."""
        bounds = np.array([lower for lower, _label in SIZE_GROUPS])
        return np.searchsorted(bounds, self.population, side="right") - 1

    def everyone(self) -> np.ndarray:
        return np.ones(self.n, dtype=bool)

    def value(self, var: str) -> np.ndarray:
        """Routed decoded values of `var` (None = blank or hidden); an unknown id is an error."""
        if self.questionnaire is None or var not in self.questionnaire.variables:
            raise KeyError(f"{var} is not a variable of the questionnaire")
        found = self.values.get(var)
        return found if found is not None else np.full(self.n, None, dtype=object)

    def _cached(self, key: tuple, compute: Callable[[], np.ndarray]) -> np.ndarray:
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def answer(self, var: str, code: str) -> np.ndarray:
        """The answer is `code` (yes_no: 'ja' / 'nei'; choice: the option code)."""
        return self._cached(("answer", var, code), lambda: np.asarray(self.value(var) == code, dtype=bool))

    def yes(self, var: str) -> np.ndarray:
        return self.answer(var, "ja")

    def present(self, var: str) -> np.ndarray:
        return self._cached(("present", var), lambda: ~pd.isna(self.value(var)))

    def blank(self, var: str) -> np.ndarray:
        return ~self.present(var)

    def ticked(self, var: str) -> np.ndarray:
        """A checkbox cell is ticked (blank, 0 and hidden are not)."""
        return self._cached(("ticked", var), lambda: self.value(var).astype(bool))

    def chosen(self, var: str, code: str) -> np.ndarray:
        """`code` is among the options ticked in a multi_choice answer."""
        return self._cached(
            ("chosen", var, code),
            lambda: map_distinct(self.value(var), lambda v: v is not None and code in v, dtype=bool),
        )

    def n_chosen(self, var: str) -> np.ndarray:
        return self._cached(("n_chosen", var), lambda: map_distinct(self.value(var), lambda v: len(v or ()), int))

    def code(self, var: str) -> np.ndarray:
        """Editor codes on `var` (None = uncoded)."""
        self.value(var)  # refuse unknown ids here too
        found = self.codes.get(var)
        return found if found is not None else np.full(self.n, None, dtype=object)

    def coded(self, var: str, code: str) -> np.ndarray:
        return self._cached(("coded", var, code), lambda: np.asarray(self.code(var) == code, dtype=bool))

    def cell(self, question: str, *, row: str, column: str | None = None, block: str | None = None) -> str:
        """The id of a matrix cell, looked up in the loaded matrix (never built by concatenation)."""
        return self.questionnaire.questions[question].matrix.cell_id(row, column, block)


def _register_arrays(municipalities: pd.DataFrame) -> dict[str, np.ndarray]:
    return {
        "numbers": municipalities.index.to_numpy(dtype=object),
        "names": municipalities["name"].to_numpy(dtype=object),
        "population": municipalities["population"].to_numpy(dtype=np.int64),
        "centrality": municipalities["centrality_class"].to_numpy(dtype=np.int64),
    }


def build(
    questionnaire: Questionnaire,
    texts: pd.DataFrame,
    municipalities: pd.DataFrame,
    codes: Iterable[tuple[str, str, str]] = (),
) -> YearData:
    """YearData of the responses `texts` (index: kommunenummer; columns: variable ids; stored text values).

    `municipalities` is the register of the year (index: kommunenummer; columns: name, population,
    centrality_class); every municipality in it forms the register of Tables 2.1 and 2.2. `codes` are editor
    codes as (kommunenummer, variable, code). Columns that are not variables of the questionnaire are ignored.
    """
    texts = texts.sort_index()
    numbers = texts.index.astype(str)
    unknown = sorted(set(numbers) - set(municipalities.index))
    if unknown:
        raise ValueError(f"not in the register: {', '.join(unknown[:5])}")
    n = len(numbers)
    decoded = {}
    for var_id in texts.columns:
        var = questionnaire.variables.get(var_id)
        if var is not None:
            decoded[var_id] = map_distinct(texts[var_id].to_numpy(dtype=object), _decoder(var))
    position = {number: i for i, number in enumerate(numbers)}
    code_arrays: dict[str, np.ndarray] = {}
    for number, variable, code in codes:
        if number in position:
            code_arrays.setdefault(variable, np.full(n, None, dtype=object))[position[number]] = code
    register = YearData(questionnaire, **_register_arrays(municipalities.sort_index()))
    return YearData(
        questionnaire,
        **_register_arrays(municipalities.loc[numbers]),
        values=route(questionnaire, decoded, n),
        codes=code_arrays,
        register=register,
    )


def register_frame(year: int) -> pd.DataFrame:
    """The municipality register of `year` from the database, in the shape `build` takes."""
    from kostra.reference.models import Municipality

    rows = Municipality.objects.filter(year=year).values_list("number", *MUNICIPALITY_COLUMNS)
    frame = pd.DataFrame(list(rows), columns=["number", *MUNICIPALITY_COLUMNS])
    return frame.set_index("number")


def load_year(survey) -> YearData:
    """The tables' data of a survey: edited values of every response submitted at least once (G1, G2)."""
    from surveys.models import EditorCode

    responses = (
        survey.responses.filter(first_submitted_at__isnull=False)
        .select_related("municipality")
        .prefetch_related("corrections")
    )
    records = {r.municipality.number: r.edited_values() for r in responses}
    texts = pd.DataFrame(list(records.values()), index=pd.Index(list(records), dtype=object), dtype=object)
    codes = EditorCode.objects.filter(response__survey=survey, response__first_submitted_at__isnull=False).values_list(
        "response__municipality__number", "variable", "code"
    )
    return build(survey.questionnaire, texts, register_frame(survey.year), codes)
