"""Scoring a year's flags for selective editing: suspicion (priority.py) x impact on the published tables
(impact.py). Pure: the year's texts, register and flags in, a score and the cells it moves per flag out."""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pandas as pd

from questionnaire.schema import Questionnaire
from surveys.tables.catalogue import computed_tables
from validation.services.impact import NUMERIC, Suspect, YearImpact
from validation.services.priority import RuleRecord, extremity, flag_score, impact, suspicion


@dataclass(frozen=True)
class FlagToScore:
    key: Hashable
    kommunenummer: str
    rule_id: str
    severity: str
    variables: tuple[str, ...]
    seen: Mapping[str, object] = field(default_factory=dict)
    suggestion: Mapping[str, str] = field(default_factory=dict)
    explained: bool = False


@dataclass(frozen=True)
class Scored:
    score: float
    suspicion: float
    impact: float
    cells: Mapping[str, float]  # "table|row|column" -> signed relative change of the chosen fix


def rule_hits(flags: Iterable[FlagToScore]) -> dict[str, int]:
    """rule id -> number of the year's responses with a flag of the rule."""
    per_rule: dict[str, set[str]] = {}
    for flag in flags:
        per_rule.setdefault(flag.rule_id, set()).add(flag.kommunenummer)
    return {rule: len(numbers) for rule, numbers in per_rule.items()}


def score_flags(
    questionnaire: Questionnaire,
    texts: Mapping[str, Mapping[str, str]],
    register: pd.DataFrame,
    flags: list[FlagToScore],
    *,
    history: Mapping[str, tuple[int, int]] | None = None,
    codes: Iterable[tuple[str, str, str]] = (),
    tables=None,
    only: set | None = None,
) -> dict[Hashable, Scored]:
    """Score the flags of a year (`texts`: every submitted response's edited texts by kommunenummer; `flags`:
    every current flag, which all count for their rule's hit rate; `only`: the keys to score, default all;
    `history`: rule id -> (real, false alarms) decided by editors)."""
    year = YearImpact(questionnaire, texts, register, codes)
    hits = rule_hits(flags)
    history = history or {}
    if only is not None:
        flags = [f for f in flags if f.key in only]
    suspects = [Suspect(f.key, f.kommunenummer, f.variables, f.suggestion) for f in flags]
    moved = year.effects(computed_tables() if tables is None else tables, suspects)
    scored = {}
    for flag in flags:
        real, false_alarms = history.get(flag.rule_id, (0, 0))
        record = RuleRecord(hits.get(flag.rule_id, 0), len(texts), real, false_alarms)
        extreme = _extremity(flag, year)
        s = suspicion(flag.severity, record, explained=flag.explained, extreme=extreme)
        cells = chosen_fix(moved.get(flag.key, []))
        i = impact(cells)
        scored[flag.key] = Scored(flag_score(s, i), round(s, 4), round(i, 3), _cell_labels(cells))
    return scored


def chosen_fix(options: list[tuple[str, Mapping]]) -> Mapping:
    """The cells of the fix that stands for the flag: per variable the smallest change (its expected value, or
    the other answer that moves the tables least), then the variable whose fix moves them most."""
    per_variable: dict[str, Mapping] = {}
    for variable, cells in options:
        if variable not in per_variable or impact(cells) < impact(per_variable[variable]):
            per_variable[variable] = cells
    return max(per_variable.values(), key=impact, default={})


def _number(value) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None


def _extremity(flag: FlagToScore, year: YearImpact) -> float:
    """The most extreme of the flag's numbers against their expected values (1 where there is none)."""
    factors = []
    for var in flag.variables:
        definition = year.questionnaire.variables.get(var)
        if definition is None or definition.type not in NUMERIC:
            continue
        factors.append(extremity(_number(flag.seen.get(var)), _number(year.expected(var, flag.kommunenummer))))
    return max(factors, default=1.0)


def _cell_labels(cells: Mapping[tuple, float]) -> dict[str, float]:
    return {f"{table}|{r}|{c}": round(change, 6) for (table, r, c), change in cells.items()}
