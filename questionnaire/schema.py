"""Frozen objects a loaded questionnaire is made of. Built by loader.py, read everywhere else."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils.translation import get_language

from questionnaire.conditions import Condition

LANGUAGES = ("nb", "nn", "en")  # the languages of every questionnaire text; "_no" in the file is bokmål


def text_language() -> str:
    """The questionnaire language of the active interface language (bokmål unless nn or en)."""
    language = (get_language() or "nb").split("-")[0]
    return language if language in LANGUAGES else "nb"


def _pick(no: str, nn: str, en: str) -> str:
    """The text in the active language; the loader makes sure every language has one."""
    return {"nn": nn, "en": en}.get(text_language()) or no


@dataclass(frozen=True)
class Option:
    code: str
    label_no: str
    label_en: str = ""
    label_nn: str = ""

    @property
    def label(self) -> str:
        return _pick(self.label_no, self.label_nn, self.label_en)


@dataclass(frozen=True)
class Variable:
    """One stored value: a plain question, or one cell of a matrix."""

    id: str
    question_id: str
    section_id: str
    type: str  # yes_no, choice, multi_choice, integer, decimal, amount_1000nok, text, kommune_list, checkbox
    conditions: tuple[Condition, ...] = ()  # all must hold (section, question, row/block), besides dependencies
    options: tuple[Option, ...] = ()
    min: int | None = None
    max: int | None = None
    decimals: int | None = None
    required: bool = False  # an answer is needed while the variable is shown
    block: str | None = None
    row: str | None = None
    column: str | None = None

    @property
    def depends_on(self) -> frozenset[str]:
        return frozenset().union(*(c.names for c in self.conditions)) if self.conditions else frozenset()

    @property
    def option_codes(self) -> tuple[str, ...]:
        return tuple(o.code for o in self.options)


@dataclass(frozen=True)
class Matrix:
    rows: tuple[Option, ...]
    columns: tuple[Option, ...]  # empty for a one-column matrix (cell id has no {column})
    blocks: tuple[Option, ...]  # empty unless the grid repeats per time of day
    cell_type: str  # checkbox or integer
    cells: tuple[str, ...]  # cell ids, in block, row, column order

    def cell_id(self, row: str, column: str | None = None, block: str | None = None) -> str:
        """The id of one cell; looked up, never built by concatenation."""
        return self._index[(block, row, column)]

    @property
    def _index(self) -> dict:
        return self.__dict__["_index_cache"]


@dataclass(frozen=True)
class Question:
    id: str
    section_id: str
    type: str
    label_no: str
    label_en: str
    number: str | None = None
    unit: str | None = None
    help_no: str | None = None
    options: tuple[Option, ...] = ()
    shown_when: Condition | None = None
    min: int | None = None
    max: int | None = None
    decimals: int | None = None
    required: bool = False
    matrix: Matrix | None = None
    certainty: str = "stated"
    variables: tuple[str, ...] = ()
    label_nn: str = ""
    help_nn: str | None = None
    help_en: str | None = None
    unit_texts: Option | None = None  # the unit's name in each language (from the file's `units`)

    @property
    def label(self) -> str:
        return _pick(self.label_no, self.label_nn, self.label_en)

    @property
    def help(self) -> str | None:
        return _pick(self.help_no, self.help_nn, self.help_en) if self.help_no else None

    @property
    def unit_label(self) -> str:
        return self.unit_texts.label if self.unit_texts else ""


@dataclass(frozen=True)
class Section:
    id: str
    number: str
    title_no: str
    title_en: str
    shown_when: Condition | None
    questions: tuple[Question, ...]
    help_no: str | None = None
    title_nn: str = ""
    help_nn: str | None = None
    help_en: str | None = None

    @property
    def title(self) -> str:
        return _pick(self.title_no, self.title_nn, self.title_en)

    @property
    def help(self) -> str | None:
        return _pick(self.help_no, self.help_nn, self.help_en) if self.help_no else None

    @property
    def part(self) -> str | None:
        """The A-E letter of a part section (None for 2-2, 2-3, 2-4)."""
        return self.number if len(self.number) == 1 else None

    @cached_property
    def variable_ids(self) -> tuple[str, ...]:
        """The ids of the section's variables (matrix cells included), in definition order. Read on every page
        and save, several times per section: worked out once per loaded questionnaire."""
        return tuple(v for q in self.questions for v in q.variables)


@dataclass(frozen=True)
class Questionnaire:
    survey: str
    year: int
    version: str
    title_no: str
    title_en: str
    sections: tuple[Section, ...]
    enumerations: Mapping[str, tuple[Option, ...]]
    variables: Mapping[str, Variable] = field(repr=False)
    questions: Mapping[str, Question] = field(repr=False)
    source: str = ""
    title_nn: str = ""
    units: Mapping[str, Option] = field(default_factory=dict, repr=False)

    @property
    def title(self) -> str:
        return _pick(self.title_no, self.title_nn, self.title_en)

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def shown(self, env: Mapping[str, Any]) -> frozenset[str]:
        """Ids of the variables shown for these decoded values; hidden ones count as blank downstream.

        Variables are visited in definition order and each condition reads only already-visited (shown)
        values, so a question whose controlling question is hidden is hidden too (G2).
        """
        visible: dict[str, Any] = {}
        # Conditions are shared (a section's by all its variables) and read only variables before the first one
        # they guard (the loader checks): each is decided once per pass.
        decided: dict[int, bool] = {}
        for var in self.variables.values():
            for cond in var.conditions:
                holds = decided.get(id(cond))
                if holds is None:
                    holds = decided[id(cond)] = cond(visible)
                if not holds:
                    break
            else:
                visible[var.id] = env.get(var.id)
        return frozenset(visible)

    def section_variables(self, section_id: str) -> Iterable[Variable]:
        return (v for v in self.variables.values() if v.section_id == section_id)
