"""Impact of a suspect value on the published tables: how far each published cell would move if the value were
replaced by its expected value (docs/rules.md, "Selective editing").

Fast for a year run: the year's cells are computed once (their counts, sums and totals), and every candidate fix
is one extra row of a second, small frame; a candidate's effect on a cell is its row's contribution swapped for
the original row's, never a rebuild of the tables per flag. Pure: texts, register and codes in, effects out.
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from questionnaire.schema import Questionnaire
from questionnaire.values import encode
from surveys.tables.base import REGISTER, Count, MeanPerInhabitant, Percent, Sum, Table, round_half_away
from surveys.tables.data import YearData, build

NUMERIC = ("integer", "amount_1000nok", "decimal")
CellKey = tuple[str, int, int]  # (table id, row, column)


@dataclass(frozen=True)
class Suspect:
    """The values a flag doubts: its response, its variables and the rule's suggested fix (text encoding)."""

    key: Hashable
    kommunenummer: str
    variables: tuple[str, ...]
    suggestion: Mapping[str, str]


@dataclass(frozen=True)
class Candidate:
    """One possible fix of a suspect: the response's texts with some values replaced."""

    suspect: Hashable
    kommunenummer: str
    replaced: Mapping[str, str]
    variable: str = ""  # the one variable replaced, or "" for the rule's own suggestion


MIN_GROUP = 8  # answers a size group needs for its own expected value; else the whole year's (as EQ-09)


class Predictions:
    """Robust expected values per variable and size group: the median per inhabitant of a number (times the
    municipality's population), the most common answer of anything else; from the whole year where the size
    group has fewer than MIN_GROUP answers."""

    def __init__(self, questionnaire: Questionnaire, year: YearData):
        self.questionnaire, self.year = questionnaire, year
        self._cache: dict[tuple[str, int], object] = {}

    def expected(self, var_id: str, row: int) -> str | None:
        var = self.questionnaire.variables.get(var_id)
        if var is None:
            return None
        group = int(self.year.size_group[row])
        key = (var_id, group)
        if key not in self._cache:
            self._cache[key] = self._typical(var_id, var.type, group)
        typical = self._cache[key]
        if typical is None:
            return None
        if var.type in NUMERIC:
            value = typical * float(self.year.population[row])
            value = Decimal(value).quantize(Decimal("0.1")) if var.type == "decimal" else int(round(value))
            return encode(var, value)
        return encode(var, typical)

    def _typical(self, var_id: str, var_type: str, group: int):
        in_group = self.year.size_group == group
        values = self.year.value(var_id)[in_group]
        present = [v for v in values if v is not None]
        if len(present) < MIN_GROUP:
            in_group = self.year.everyone()
            values = self.year.value(var_id)
            present = [v for v in values if v is not None]
        if not present:
            return None
        if var_type in NUMERIC:
            populations = self.year.population[in_group]
            rates = [float(v) / float(p) for v, p in zip(values, populations, strict=True) if v is not None]
            return float(np.median(rates))
        counts = pd.Series([v if not isinstance(v, list) else tuple(v) for v in present]).value_counts()
        return counts.index[0]


def alternatives(var, text: str) -> list[str]:
    """The smallest other answers of a categorical variable (Fellegi-Holt's minimal change): the other answer of
    a yes/no or choice, one option more or less of a multiple choice, the other state of a checkbox."""
    codes = var.option_codes
    if var.type == "checkbox":
        return ["0" if text == "1" else "1"]
    if var.type == "multi_choice":
        ticked = set(text.split("|")) if text else set()
        return ["|".join(c for c in codes if (c in ticked) != (c == code)) for code in codes]
    if var.type in ("yes_no", "choice"):
        options = ("ja", "nei") if var.type == "yes_no" else codes
        return [code for code in options if code != text]
    return []


def candidates(
    suspects: Iterable[Suspect], texts: Mapping[str, Mapping[str, str]], predictions: Predictions, rows: dict
) -> list[Candidate]:
    """The fixes to try: the rule's suggestion where it has one; else, for each of the flag's variables alone,
    its expected value (a number) or each smallest other answer (anything else)."""
    found = []
    for suspect in suspects:
        own = texts.get(suspect.kommunenummer)
        if own is None:
            continue
        if suspect.suggestion:
            found.append(Candidate(suspect.key, suspect.kommunenummer, dict(suspect.suggestion)))
            continue
        for var_id in suspect.variables:
            var = predictions.questionnaire.variables.get(var_id)
            if var is None:
                continue
            if var.type in NUMERIC:
                options = [predictions.expected(var_id, rows[suspect.kommunenummer])]
            else:
                options = alternatives(var, own.get(var_id, ""))
            for option in options:
                if option is not None and option != own.get(var_id, ""):
                    found.append(Candidate(suspect.key, suspect.kommunenummer, {var_id: option}, var_id))
    return found


class YearImpact:
    """The year's tables data and expected values, built once; `effects` then scores any number of suspects."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        texts: Mapping[str, Mapping[str, str]],
        register: pd.DataFrame,
        codes: Iterable[tuple[str, str, str]] = (),
    ):
        self.questionnaire, self.texts, self.register, self.codes = questionnaire, texts, register, list(codes)
        self.year = build(questionnaire, _frame(texts), register, self.codes)
        self.rows = {number: i for i, number in enumerate(self.year.numbers)}
        self.predictions = Predictions(questionnaire, self.year)

    def expected(self, var: str, number: str) -> str | None:
        row = self.rows.get(number)
        return None if row is None else self.predictions.expected(var, row)

    def effects(self, tables: Iterable[Table], suspects: Iterable[Suspect]) -> dict[Hashable, list[tuple]]:
        """suspect key -> for each candidate fix, (variable replaced, the published cells it moves and by how much
        relative to the cell, signed). A suspect whose fixes reach no published cell has only empty dicts."""
        suspects = [s for s in suspects if s.kommunenummer in self.rows]
        fixes = candidates(suspects, self.texts, self.predictions, self.rows)
        found: dict[Hashable, list[tuple[str, dict[CellKey, float]]]] = {}
        if not fixes:
            return found
        fixes.sort(key=lambda c: c.kommunenummer)  # build() sorts its rows by number
        changed = [{**self.texts[c.kommunenummer], **c.replaced} for c in fixes]
        frame = pd.DataFrame(changed, index=pd.Index([c.kommunenummer for c in fixes], dtype=object), dtype=object)
        trial = build(self.questionnaire, frame, self.register, ())
        trial.codes = _codes_by_row(self.codes, list(trial.numbers))
        original = np.array([self.rows[number] for number in trial.numbers])
        moved: list[dict[CellKey, float]] = [{} for _fix in fixes]
        for table in tables:
            if not table.external and table.universe != REGISTER:
                _table_effects(table, self.year, trial, original, moved)
        for fix, cells in zip(fixes, moved, strict=True):
            found.setdefault(fix.suspect, []).append((fix.variable, cells))
        return found


def _frame(texts: Mapping[str, Mapping[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(list(texts.values()), index=pd.Index(list(texts), dtype=object), dtype=object)


def _codes_by_row(codes: list[tuple[str, str, str]], numbers: list[str]) -> dict[str, np.ndarray]:
    arrays: dict[str, np.ndarray] = {}
    for number, var, code in codes:
        for i, row_number in enumerate(numbers):
            if row_number == number:
                arrays.setdefault(var, np.full(len(numbers), None, dtype=object))[i] = code
    return arrays


def _table_effects(table: Table, year: YearData, trial: YearData, original: np.ndarray, moved: list[dict]) -> None:
    """Add to `moved` (one dict per trial row) the cells of `table` whose published value the row changes."""
    base_year, base_trial = table.base(year, None), table.base(trial, None)
    for r, row in enumerate(table.rows):
        row_year, row_trial = table._row_mask(year, base_year, row), table._row_mask(trial, base_trial, row)
        for c, column in enumerate(table.columns):
            inside_year = row_year & column.select(year, row.key)
            inside_trial = row_trial & column.select(trial, row.key)
            cell = _Cell(column.stat, row.key, year, trial, inside_year, row_year, inside_trial, row_trial, original)
            for i, change in cell.changes():
                moved[i][(table.id, r, c)] = change


@dataclass
class _Cell:
    """One published cell, and what swapping in each trial row would do to it."""

    stat: object
    key: object
    year: YearData
    trial: YearData
    inside_year: np.ndarray
    row_year: np.ndarray
    inside_trial: np.ndarray
    row_trial: np.ndarray
    original: np.ndarray

    def changes(self) -> Iterable[tuple[int, float]]:
        before_in, before_row = self.inside_year[self.original], self.row_year[self.original]
        if isinstance(self.stat, Percent | Count):
            k, n = int(self.inside_year.sum()), int(self.row_year.sum())
            differs = (before_in != self.inside_trial) | (before_row != self.row_trial)
            for i in np.flatnonzero(differs):
                k2 = k - int(before_in[i]) + int(self.inside_trial[i])
                n2 = n - int(before_row[i]) + int(self.row_trial[i])
                if isinstance(self.stat, Count):
                    yield from _relative(k, k2, 1, i)
                else:
                    # A share's size is the whole row: its change counts in points of 100 %.
                    yield from _relative(_percent(k, n), _percent(k2, n2), 1, i, whole=100)
        elif isinstance(self.stat, Sum):
            yield from self._sum_changes()
        elif isinstance(self.stat, MeanPerInhabitant):
            yield from self._mean_changes()

    def _contributions(self, data: YearData, members: np.ndarray, var: str, rows=None) -> list:
        values = data.value(var)
        picked = range(data.n) if rows is None else rows
        return [Fraction(Decimal(values[j])) if members[j] and values[j] is not None else None for j in picked]

    def _sum_changes(self):
        var = self.stat.var or self.key
        decimal = self.year.questionnaire.variables[var].type == "decimal"
        members_year = self.stat.members(self.year, self.inside_year, self.key)
        members_trial = self.stat.members(self.trial, self.inside_trial, self.key)
        before = self._contributions(self.year, members_year, var, self.original)
        after = self._contributions(self.trial, members_trial, var)
        total = sum((x for x in self._contributions(self.year, members_year, var) if x is not None), Fraction(0))
        unit = Fraction(1, 10) if decimal else Fraction(1)
        for i, (old, new) in enumerate(zip(before, after, strict=True)):
            if old != new:
                changed = total - (old or 0) + (new or 0)
                yield from _relative(_rounded(total, unit), _rounded(changed, unit), unit, i)

    def _mean_changes(self):
        amounts_year, amounts_trial = self.year.value(self.stat.amount), self.trial.value(self.stat.amount)

        def rate(data, amounts, inside, j):
            if not inside[j] or amounts[j] is None:
                return None
            return Fraction(1000 * int(amounts[j]), int(data.population[j]))

        rates = [rate(self.year, amounts_year, self.inside_year, j) for j in range(self.year.n)]
        present = [x for x in rates if x is not None]
        total, n = sum(present, Fraction(0)), len(present)
        for i, j in enumerate(self.original):
            old, new = rates[j], rate(self.trial, amounts_trial, self.inside_trial, i)
            if old != new:
                n2 = n - (old is not None) + (new is not None)
                changed = total - (old or 0) + (new or 0)
                before = round_half_away(total / n) if n else None
                after = round_half_away(changed / n2) if n2 else None
                yield from _relative(before, after, 1, i)


def _percent(k: int, n: int) -> int | None:
    return None if n == 0 else (200 * k + n) // (2 * n)


def _rounded(total: Fraction, unit: Fraction) -> Fraction:
    steps = total / unit
    whole = (2 * abs(steps.numerator) + steps.denominator) // (2 * steps.denominator)
    return (whole if steps >= 0 else -whole) * unit


def _relative(before, after, unit, i: int, whole=None) -> Iterable[tuple[int, float]]:
    """The published change relative to the cell as the fix leaves it (at least one published unit): the
    relative error of the published figure if the value is wrong. A cell that appears or disappears moves by 1."""
    if before == after:
        return
    if before is None or after is None:
        yield i, 1.0
        return
    scale = Fraction(whole) if whole else max(abs(Fraction(after)), Fraction(unit))
    yield i, float((Fraction(after) - Fraction(before)) / scale)
