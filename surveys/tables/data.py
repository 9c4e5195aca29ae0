"""The year's data as the tables read it: one row per municipality, decoded values with routing applied.

Built column by column over all responses at once instead of response by response (Questionnaire.shown costs
about a millisecond per response): each distinct stored text of a variable is decoded once, and each distinct
condition of the questionnaire is evaluated once per distinct value of the variable it reads
(questionnaire/routing.py: `route`, checked against the per-response `shown_values` on the sample year).
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from kostra.reference.groups import SIZE_GROUPS
from questionnaire.routing import map_distinct, route
from questionnaire.schema import Questionnaire
from questionnaire.values import aggregable, decode

MUNICIPALITY_COLUMNS = ("name", "population", "centrality_class")


LEFT_OUT = object()  # a stored text the tables cannot count: it does not parse, or is too large to add up


def _decoder(var) -> Callable[[Any], Any]:
    def decode_or_left_out(text):
        if text is None or text == "":
            return None
        try:
            value = decode(var, text)
        except (ValueError, ArithmeticError):
            return LEFT_OUT  # as decode_all: a value that does not parse cannot count
        return value if aggregable(value) else LEFT_OUT

    return decode_or_left_out


@dataclass(frozen=True)
class LeftOut:
    """A response's stored value that the tables counted as blank because it cannot be aggregated."""

    number: str
    variable: str
    text: str


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
    left_out: tuple[LeftOut, ...] = ()  # values no table counts, one finding per response and variable
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
    decoded, left_out = {}, []
    for var_id in texts.columns:
        var = questionnaire.variables.get(var_id)
        if var is not None:
            stored = texts[var_id].to_numpy(dtype=object)
            column = map_distinct(stored, _decoder(var))
            odd = np.fromiter((value is LEFT_OUT for value in column), dtype=bool, count=n)
            for i in odd.nonzero()[0]:  # one response's odd value must not break a table
                left_out.append(LeftOut(str(numbers[i]), var_id, str(stored[i])))
                column[i] = None
            decoded[var_id] = column
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
        left_out=tuple(left_out),
    )


def register_frame(year: int) -> pd.DataFrame:
    """The municipality register of `year` from the database, in the shape `build` takes."""
    from kostra.reference.models import Municipality

    rows = Municipality.objects.filter(year=year).values_list("number", *MUNICIPALITY_COLUMNS)
    frame = pd.DataFrame(list(rows), columns=["number", *MUNICIPALITY_COLUMNS])
    return frame.set_index("number")


def load_year(survey) -> YearData:
    """The tables' data of a survey: edited values (last submission and corrections) of every response submitted
    at least once (G1, G2); a draft never reaches them."""
    from surveys.models import EditorCode
    from surveys.services.edited import edited_texts

    responses = survey.responses.filter(first_submitted_at__isnull=False)
    numbers = dict(responses.values_list("pk", "municipality__number"))
    records = {numbers[pk]: texts for pk, texts in edited_texts(responses).items()}
    texts = pd.DataFrame(list(records.values()), index=pd.Index(list(records), dtype=object), dtype=object)
    codes = EditorCode.objects.filter(response__survey=survey, response__first_submitted_at__isnull=False).values_list(
        "response__municipality__number", "variable", "code"
    )
    return build(survey.questionnaire, texts, register_frame(survey.year), codes)
