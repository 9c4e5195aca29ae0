"""Building blocks of the table definitions (table-definitions.md): selections, row groups, statistics, Table.

A table is declared as a base population, rows and columns. A row narrows the base to a group (and may carry a
key the columns read, e.g. a personnel group); a column is a statistic of the municipalities it selects within
the row. Every cell is therefore `stat(row ∧ column, row)`, which also tells the drill-down which
municipalities are behind it. Titles and labels come from the published tables (published/*.json).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from surveys.tables.data import YearData

PUBLISHED_DIR = Path(__file__).parent / "published"
PUBLISHED_FILES = ("ch2-4.json", "ch5.json", "ch6-7.json")

# A selection: the municipalities (boolean mask over YearData rows) that satisfy something, given a row's key.
Selection = Callable[[YearData, Any], np.ndarray]


@cache
def published() -> dict[str, dict]:
    """The report's tables by id, with their exact titles and labels (G9)."""
    tables = {}
    for name in PUBLISHED_FILES:
        for table in json.loads((PUBLISHED_DIR / name).read_text(encoding="utf-8")):
            tables[table["table"]] = table
    return tables


# --- arithmetic (G6, G7, I-12) ---------------------------------------------------------------------------


def percent(k: int, n: int) -> int | None:
    """100 k / n rounded half up, exactly; None for an empty base."""
    return None if n == 0 else (200 * k + n) // (2 * n)


def round_half_away(q: Fraction) -> int:
    magnitude = (2 * abs(q.numerator) + q.denominator) // (2 * q.denominator)
    return -magnitude if q < 0 else magnitude


def mean_per_inhabitant(amounts: list[int], populations: list[int]) -> int | None:
    """Unweighted mean of amount (1000 kr) * 1000 / population, exact, rounded half away from zero."""
    if not amounts:
        return None
    by_population: dict[int, int] = {}
    for amount, population in zip(amounts, populations, strict=True):
        by_population[population] = by_population.get(population, 0) + amount
    # Summing per distinct population keeps the common denominator small.
    total = sum((Fraction(1000 * a, p) for p, a in by_population.items()), Fraction(0))
    return round_half_away(total / len(amounts))


def exact_sum(values: np.ndarray, decimals: int) -> int | float:
    """Integers summed as integers; decimals summed exactly and rounded half up to `decimals` places."""
    if decimals == 0:
        return int(sum(int(v) for v in values))
    total = sum((Decimal(v) for v in values), Decimal(0))
    return float(total.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


# --- selections ------------------------------------------------------------------------------------------


def everyone(data: YearData, key=None) -> np.ndarray:
    return data.everyone()


def in_part(letter: str) -> Selection:
    """G4: the part is among the options ticked in s24_legevakt_parts."""
    return lambda data, key=None: data.chosen("s24_legevakt_parts", letter)


def answer(var: str, code: str) -> Selection:
    return lambda data, key=None: data.answer(var, code)


def yes(var: str) -> Selection:
    return answer(var, "ja")


def chosen(var: str, code: str) -> Selection:
    return lambda data, key=None: data.chosen(var, code)


def present(var: str) -> Selection:
    """The variable has a shown, non-blank value."""
    return lambda data, key=None: data.present(var)


def coded(var: str, code: str) -> Selection:
    """An editor has given `var` the code `code` (table-definitions section 2)."""
    return lambda data, key=None: data.coded(var, code)


def parts_ticked(test: Callable[[np.ndarray], np.ndarray]) -> Selection:
    """A test on the number of parts ticked (drv_n_parts)."""
    return lambda data, key=None: test(data.n_chosen("s24_legevakt_parts"))


def all_of(*selections: Selection) -> Selection:
    def select(data, key=None):
        mask = data.everyone()
        for selection in selections:
            mask = mask & selection(data, key)
        return mask

    return select


def any_of(*selections: Selection) -> Selection:
    def select(data, key=None):
        mask = ~data.everyone()
        for selection in selections:
            mask = mask | selection(data, key)
        return mask

    return select


def negated(selection: Selection) -> Selection:
    return lambda data, key=None: ~selection(data, key)


def by_key(data: YearData, key: Selection) -> np.ndarray:
    """For tables whose rows are the categories: the row's key is itself the selection."""
    return key(data, None)


# --- rows ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """A group of the base (None: all of it) and the key the columns read for this row."""

    select: Selection | None = None
    key: Any = None


def size_is(*groups: int) -> Selection:
    """Size groups by index 0-5 of kostra.reference.groups.SIZE_GROUPS (G5)."""
    return lambda data, key=None: np.isin(data.size_group, groups)


def centrality_is(klass: int) -> Selection:
    return lambda data, key=None: data.centrality == klass


SIZES = range(6)
BY_SIZE = (Row(), *(Row(size_is(i)) for i in SIZES))  # Hele landet + the six size groups
BY_CENTRALITY = (Row(), *(Row(centrality_is(k)) for k in range(1, 7)))  # Landet + classes 1-6


def crossed(groups: tuple[Row, ...], keys: tuple) -> tuple[Row, ...]:
    """Every key within every row group, groups outermost (rows such as `Under 2 000 innbyggere: Fastleger`)."""
    return tuple(Row(group.select, key) for group in groups for key in keys)


# --- statistics ------------------------------------------------------------------------------------------


class Stat:
    """How a cell is computed from its municipalities. `sensitive` stats show amounts (disclosure control)."""

    sensitive = False

    def members(self, data: YearData, inside: np.ndarray, key) -> np.ndarray:
        """The municipalities behind the cell (drill-down; for amounts also the disclosure count)."""
        return inside

    def value(self, data: YearData, inside: np.ndarray, row: np.ndarray, key):
        raise NotImplementedError


class Percent(Stat):
    """G6: the municipalities of the cell as a percentage of the row's municipalities."""

    def value(self, data, inside, row, key):
        return percent(int(inside.sum()), int(row.sum()))


class Count(Stat):
    def value(self, data, inside, row, key):
        return int(inside.sum())


@dataclass(frozen=True)
class Sum(Stat):
    """G7: sum of a variable over the cell's municipalities (a blank adds nothing); `var` None: the row's key.

    Head counts are summed as integers, årsverk (decimal variables) exactly and rounded to one decimal.
    """

    var: str | None = None
    sensitive = True

    def members(self, data, inside, key):
        return inside & data.present(self.var or key)

    def value(self, data, inside, row, key):
        var = self.var or key
        decimals = DECIMAL_PLACES if data.questionnaire.variables[var].type == "decimal" else 0
        return exact_sum(data.value(var)[self.members(data, inside, key)], decimals)


class Population(Stat):
    """Sum of the register's innbyggere (Tables 2.1, 2.2: public register data, not survey amounts)."""

    def value(self, data, inside, row, key):
        return int(data.population[inside].sum())


@dataclass(frozen=True)
class MeanPerInhabitant(Stat):
    """Unweighted mean of amount * 1000 / own population (cost-methods 1.5-1.6)."""

    amount: str
    sensitive = True

    def value(self, data, inside, row, key):
        amounts = [int(a) for a in data.value(self.amount)[inside]]
        return mean_per_inhabitant(amounts, [int(p) for p in data.population[inside]])


@dataclass(frozen=True)
class Column:
    stat: Stat
    select: Selection = everyone


# --- tables ----------------------------------------------------------------------------------------------

RESPONSES, REGISTER = "responses", "register"
DECIMAL_PLACES = 1  # årsverk are published with one decimal


@dataclass(frozen=True)
class Cell:
    value: Any
    members: np.ndarray  # municipalities behind the value
    row: np.ndarray  # municipalities of the row (the denominator of a percentage)


@dataclass(frozen=True)
class Table:
    """One published table: its base population, rows and columns; titles and labels from the report."""

    id: str
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    base: Selection = everyone
    has_n: bool = True  # N is the size of the base; False: N is null (Table 4.5)
    universe: str = RESPONSES  # REGISTER: every municipality of the register (Tables 2.1, 2.2)
    note: str = ""
    chart: bool = False  # a figure: drawn as a bar chart, one bar per row
    # Rows that partition row 0, for complementary suppression of amounts (see disclosure.py).
    parts_of_total: tuple[int, ...] = ()
    external: bool = field(default=False, init=False)

    def __post_init__(self):
        spec = published()[self.id]
        if (len(self.rows), len(self.columns)) != (len(spec["rows"]), len(spec["columns"])):
            raise ValueError(f"table {self.id}: the definition does not have the published rows and columns")

    @property
    def title(self) -> str:
        return published()[self.id]["title"]

    @property
    def row_labels(self) -> list[str]:
        return list(published()[self.id]["rows"])

    @property
    def column_labels(self) -> list[str]:
        return list(published()[self.id]["columns"])

    @property
    def sensitive(self) -> bool:
        return any(column.stat.sensitive for column in self.columns)

    def _frame(self, data: YearData) -> YearData:
        return data.register if self.universe == REGISTER else data

    def _row_mask(self, data: YearData, base: np.ndarray, row: Row) -> np.ndarray:
        return base if row.select is None else base & row.select(data, None)

    def cell(self, data: YearData, r: int, c: int) -> Cell:
        """One cell with the municipalities behind it (drill-down)."""
        data = self._frame(data)
        row, column = self.rows[r], self.columns[c]
        row_mask = self._row_mask(data, self.base(data, None), row)
        inside = row_mask & column.select(data, row.key)
        value = column.stat.value(data, inside, row_mask, row.key)
        return Cell(value, column.stat.members(data, inside, row.key), row_mask)

    def compute(self, data: YearData) -> dict:
        """The table in the interchange shape, plus `units`: for amounts, how many municipalities a cell has."""
        data = self._frame(data)
        base = self.base(data, None)
        values, units = [], []
        for row in self.rows:
            row_mask = self._row_mask(data, base, row)
            row_values, row_units = [], []
            for column in self.columns:
                inside = row_mask & column.select(data, row.key)
                row_values.append(column.stat.value(data, inside, row_mask, row.key))
                sensitive = column.stat.sensitive
                row_units.append(int(column.stat.members(data, inside, row.key).sum()) if sensitive else None)
            values.append(row_values)
            units.append(row_units)
        return self._shape(int(base.sum()) if self.has_n else None, values, units)

    def _shape(self, n, values, units) -> dict:
        return {
            "table": self.id,
            "title": self.title,
            "N": n,
            "rows": self.row_labels,
            "columns": self.column_labels,
            "values": values,
            "units": units,
        }


@dataclass(frozen=True)
class ExternalTable(Table):
    """A table of external data kept as reference (Table 6.1): shown and in the workbook, not computed."""

    source: Path | None = None
    external: bool = field(default=True, init=False)

    def compute(self, data: YearData | None = None) -> dict:
        lines = self.source.read_text(encoding="utf-8").split()
        series = dict(line.split(",") for line in lines[1:])
        values = [[int(series[year]) for year in self.column_labels]]
        return self._shape(None, values, [[None] * len(self.column_labels)])

    def cell(self, data, r, c):
        raise LookupError("an external table has no municipalities behind its cells")
