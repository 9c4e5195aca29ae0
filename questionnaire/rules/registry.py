"""The rule registry: every editing rule is a small pure function registered with its spec id.

A unit rule looks at one response: `check(values: Values, ref: Reference) -> Iterator[Hit]`.
A cross-unit rule looks at a whole year: `check(year: YearData) -> Iterator[Hit]`, naming municipalities.
Rules never touch the ORM; the same unit rule objects run at entry (the reporter form) and in batch (Celery).
A rule lacking its inputs yields nothing: undecided is neither pass nor fail.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from kostra.reference.groups import size_group
from questionnaire.values import decode_all

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)


@dataclass(frozen=True)
class Hit:
    """One finding. `variables` are the ids involved (the first is where the form shows it)."""

    variables: tuple[str, ...]
    severity: str
    message: str  # Norwegian, with the actual values
    seen: Mapping[str, Any] = field(default_factory=dict)  # the values the rule looked at
    suggestion: Mapping[str, str] = field(default_factory=dict)  # variable -> suggested value (text encoding)
    kommunenummer: str | None = None  # cross-unit rules: whose flag this is
    related: tuple[str, ...] = ()  # cross-unit rules: the other municipalities involved
    rule_id: str = ""  # filled in by the registry


@dataclass(frozen=True)
class Reference:
    """What a unit rule may know besides the answers: the municipality and its peers."""

    kommunenummer: str
    population: int
    size_group: int
    centrality_class: int
    populations: Mapping[str, int] = field(default_factory=dict)  # every municipality of the year


def make_references(register: Iterable[tuple[str, int, int]]) -> dict[str, Reference]:
    """Reference data of every municipality of a register, from (kommunenummer, population, centrality_class)."""
    rows = list(register)
    populations = {number: population for number, population, _centrality in rows}
    return {
        number: Reference(number, population, size_group(population), centrality, populations)
        for number, population, centrality in rows
    }


class Values(dict):
    """All stored (decoded) values of a response, also answers the routing hides, plus `shown(var)`.

    A dict so that the ~200 reads a response gets from the rules are C-level `dict.get` calls; rules only read.
    `visible` may be left out when `questionnaire` is given: routing is then worked out on the first call of
    `shown`/`answer`, so a batch run whose rules read stored values only never pays for it.
    """

    def __init__(self, decoded: Mapping[str, Any], visible: frozenset[str] | None = None, questionnaire=None):
        super().__init__(decoded)
        self._visible, self.questionnaire = visible, questionnaire

    @property
    def visible(self) -> frozenset[str]:
        if self._visible is None:
            if self.questionnaire is None:
                raise ValueError("Values without `visible` need a questionnaire to work out routing")
            self._visible = self.questionnaire.shown(self)
        return self._visible

    def shown(self, var: str) -> bool:
        return var in self.visible

    def answer(self, var: str) -> Any:
        """The value if the question is shown, else None (what the form and the tables see)."""
        return self.get(var) if var in self.visible else None

    def cell(self, question_id: str, row: str, column: str | None = None, block: str | None = None) -> str:
        """The id of one matrix cell, looked up in the questionnaire (never built by concatenation)."""
        return self.questionnaire.questions[question_id].matrix.cell_id(row, column, block)


@dataclass(frozen=True)
class YearData:
    """What a cross-unit rule sees: every response of the year and every municipality's reference data."""

    year: int
    values: Mapping[str, Values]  # kommunenummer -> values, for the municipalities that have a response
    references: Mapping[str, Reference]  # kommunenummer -> reference, for every municipality of the register


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: str  # the default; each Hit carries its own
    variables: tuple[str, ...]
    check: Callable[..., Iterator[Hit]]
    cross_unit: bool = False
    doc: str = ""
    suggested_fix: str = ""
    reads: tuple[str, ...] = ()  # cross-unit rules: every variable they read (a year run loads only those)

    def run(self, *args) -> list[Hit]:
        hits = []
        for hit in self.check(*args):
            hits.append(Hit(**{**hit.__dict__, "rule_id": self.id}))
        return hits


_REGISTRY: dict[str, Rule] = {}


def rule(rule_id: str, *, severity: str, title: str, variables=(), cross_unit=False, suggested_fix="", reads=()):
    """Register a rule function under its spec id; duplicate ids are refused."""

    def register(func: Callable[..., Iterator[Hit]]) -> Callable[..., Iterator[Hit]]:
        if rule_id in _REGISTRY:
            raise ValueError(f"rule id {rule_id} registered twice")
        if severity not in SEVERITIES:
            raise ValueError(f"rule {rule_id}: unknown severity {severity}")
        _REGISTRY[rule_id] = Rule(
            id=rule_id,
            title=title,
            severity=severity,
            variables=tuple(variables),
            check=func,
            cross_unit=cross_unit,
            doc=(func.__doc__ or "").strip(),
            suggested_fix=suggested_fix,
            reads=tuple(reads),
        )
        return func

    return register


_SORTED: dict[int, dict[str, list[Rule]]] = {}  # registry size -> kind -> rules: sorted once, not per response


def _sorted(kind: str) -> list[Rule]:
    import questionnaire.rules  # noqa: F401 - importing the package registers every rule module

    lists = _SORTED.get(len(_REGISTRY))
    if lists is None:
        everything = sorted(_REGISTRY.values(), key=lambda r: r.id)
        lists = _SORTED[len(_REGISTRY)] = {
            "all": everything,
            "unit": [r for r in everything if not r.cross_unit],
            "cross": [r for r in everything if r.cross_unit],
        }
    return list(lists[kind])


def all_rules() -> list[Rule]:
    return _sorted("all")


def unit_rules() -> list[Rule]:
    return _sorted("unit")


def cross_unit_rules() -> list[Rule]:
    return _sorted("cross")


def cross_unit_reads() -> frozenset[str] | None:
    """Every variable the cross-unit rules read, or None if a rule does not say (then load everything)."""
    rules = cross_unit_rules()
    if any(not r.reads for r in rules):
        return None
    return frozenset(var for r in rules for var in r.reads)


def get_rule(rule_id: str) -> Rule:
    all_rules()
    return _REGISTRY[rule_id]


def make_values(questionnaire, texts: Mapping[str, str]) -> Values:
    """Values of one response (stored texts) as unit rules receive them."""
    return Values(decode_all(questionnaire.variables, texts), questionnaire=questionnaire)


def run_unit_rules(values: Values, ref: Reference, rules: list[Rule] | None = None) -> list[Hit]:
    """Every unit rule over one response: the one entry point for the form (entry) and the batch run."""
    hits: list[Hit] = []
    for unit_rule in unit_rules() if rules is None else rules:
        hits.extend(unit_rule.run(values, ref))
    return hits


def run_cross_unit_rules(year: YearData, rules: list[Rule] | None = None) -> list[Hit]:
    """Every cross-unit rule over a whole year; each hit names its municipality (`kommunenummer`)."""
    hits: list[Hit] = []
    for year_rule in cross_unit_rules() if rules is None else rules:
        hits.extend(year_rule.run(year))
    return hits
