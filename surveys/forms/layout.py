"""The layout a section's template walks: questions, grids and blocks with their fields, conditions, findings
and the live amount hints (built from a SectionForm, kept out of the form class)."""

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import Any

from django.forms import BoundField
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from questionnaire.conditions import Condition
from questionnaire.rules.amounts import AmountScale, kr_per_inhabitant
from questionnaire.schema import Option, Question, Section
from surveys.forms.fields import attributes, render_field
from surveys.forms.routing import show_if
from surveys.forms.section import SectionForm
from surveys.services.entry.amounts import AMOUNT_TOO_HIGH, AMOUNT_TOO_LOW, amount_warning
from surveys.services.entry.checks import EntryCheck, Finding

CHOICE_TYPES = frozenset({"yes_no", "choice", "multi_choice"})


@dataclass
class Hint:
    """The live per-inhabitant hint beside an amount in 1000 kr."""

    scale: AmountScale
    text: str = ""
    warning: str = ""


@dataclass
class Cell:
    field: BoundField
    label: str  # for screen readers: row, column (and block)
    column: str = ""  # shown beside the box on a phone, where the grid's rows become cards without a header

    @property
    def html(self) -> str:
        return render_field(self.field)

    @property
    def checkbox(self) -> str:
        """The cell's checkbox as HTML, without a widget template: a Part B page has about 170 of them."""
        bound = self.field
        attrs = {"type": "checkbox", "name": bound.html_name, "id": bound.auto_id, **bound.field.widget.attrs}
        attrs.update(checked=bool(bound.value()), disabled=bound.field.disabled)
        return mark_safe(f"<input{attributes(attrs)}>")  # noqa: S308 - attributes() escapes


@dataclass
class Row:
    option: Option
    cells: list[Cell]
    show_if: str = ""
    hidden: bool = False


@dataclass
class Block:
    option: Option | None
    rows: list[Row]
    show_if: str = ""
    hidden: bool = False
    checkboxes: bool = True  # the matrix's cell type: checkbox, else a number input per cell

    @property
    def rows_html(self) -> str:
        """The block's table rows, built here rather than in the template: a Part B page has 140 grid cells, and
        the template loop over them was most of the page's rendering time. Markup as _grid.html had it."""
        out = []
        for row in self.rows:
            attrs = f' data-show-if="{escape(row.show_if)}"' if row.show_if else ""
            attrs += " hidden" if row.hidden else ""
            if self.checkboxes:
                cells = "".join(
                    f'<td><label class="cell">{cell.checkbox}<span class="visually-hidden">{escape(cell.label)}'
                    f'</span><span class="cell-col" aria-hidden="true">{escape(cell.column)}</span></label></td>'
                    for cell in row.cells
                )
            else:
                cells = "".join(
                    f'<td><label class="visually-hidden" for="{cell.field.id_for_label}">{escape(cell.label)}</label>'
                    f'<span class="cell-col" aria-hidden="true">{escape(cell.column)}</span>{cell.html}</td>'
                    for cell in row.cells
                )
            out.append(
                f'\n        <tr{attrs}>\n          <th scope="row">{escape(row.option.label)}</th>\n          {cells}\n'
                "        </tr>"
            )
        return mark_safe("".join(out))  # noqa: S308 - labels and conditions escaped, inputs built escaped


@dataclass
class QuestionView:
    question: Question
    field: BoundField | None = None
    columns: tuple[Option, ...] = ()
    blocks: list[Block] = dataclass_field(default_factory=list)
    show_if: str = ""
    hidden: bool = False
    findings: list[Finding] = dataclass_field(default_factory=list)
    hint: Hint | None = None
    queries: list = dataclass_field(default_factory=list)  # SSB's open questions about its answers (sent back)

    @property
    def unit_label(self) -> str:
        return self.question.unit_label

    @property
    def html(self) -> str:
        return render_field(self.field)

    @property
    def is_grid(self) -> bool:
        return self.question.matrix is not None

    @property
    def is_group(self) -> bool:
        """Rendered as fieldset/legend (radios, checkboxes, grids) rather than label + input."""
        return self.is_grid or self.question.type in CHOICE_TYPES

    @property
    def has_blocks(self) -> bool:
        return bool(self.question.matrix and self.question.matrix.blocks)

    @property
    def error_id(self) -> str:
        return f"err-{self.question.id}"

    @property
    def hint_id(self) -> str:
        return f"hint-{self.question.id}"

    @property
    def anchor(self) -> str:
        return anchor_for(self.question, self.question.variables[0])


def anchor_for(question: Question, var_id: str) -> str:
    """The id of the input a link to `var_id` should focus."""
    return f"id_{var_id}_0" if question.type in CHOICE_TYPES else f"id_{var_id}"


def outside_values(form: SectionForm, check: EntryCheck) -> dict[str, Any]:
    """Shown values of other sections that this section's conditions read, for form.js (JSON-ready)."""
    own = set(form.var_ids)
    names = {
        name
        for var_id in form.var_ids
        for cond in form.questionnaire.variables[var_id].conditions
        for name in cond.names
        if name not in own
    }
    return {name: _json_ready(check.decoded.get(name)) for name in sorted(names) if name in check.shown}


def _json_ready(value):
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def _holds(conditions, env) -> bool:
    return all(c(env) for c in conditions)


def _describe(bound: BoundField, ids: list[str]) -> None:
    if ids:
        bound.field.widget.attrs["aria-describedby"] = " ".join(ids)


def _grid(view: QuestionView, form: SectionForm, base_conds: int, env: Mapping[str, Any]) -> None:
    question = view.question
    matrix = question.matrix
    variables = form.questionnaire.variables
    view.columns = matrix.columns
    for block in matrix.blocks or (None,):
        rows, block_extras = [], None
        for row in matrix.rows:
            cells, row_extras = [], ()
            for column in matrix.columns or (None,):
                var_id = matrix.cell_id(row.code, column and column.code, block and block.code)
                row_extras = variables[var_id].conditions[base_conds:]
                parts = [p.label for p in (block, row, column) if p is not None]
                cells.append(Cell(form[var_id], ", ".join(parts), column.label if column else ""))
            rows.append((row, cells, row_extras))
            common = set(row_extras)
            block_extras = common if block_extras is None else block_extras & common
        block_conds: tuple[Condition, ...] = tuple(c for c in rows[0][2] if c in (block_extras or set()))
        built = []
        for row, cells, extras in rows:
            own = tuple(c for c in extras if c not in block_conds)
            built.append(Row(row, cells, show_if(own), not _holds(own, env)))
        hidden = not _holds(block_conds, env)
        view.blocks.append(Block(block, built, show_if(block_conds), hidden, matrix.cell_type == "checkbox"))


def build_layout(
    form: SectionForm,
    check: EntryCheck,
    *,
    scales: Mapping[str, AmountScale],
) -> list[QuestionView]:
    """The questions of the form's section, with visibility, grids, findings and amount hints."""
    section = form.section
    env = {k: v for k, v in check.decoded.items() if k in check.shown}
    by_question = findings_by_question(section, check)
    views = []
    for question in section.questions:
        own = (question.shown_when,) if question.shown_when else ()
        view = QuestionView(question, show_if=show_if(own), hidden=not _holds(own, env))
        view.findings = by_question.get(question.id, [])
        if question.matrix is not None:
            base_conds = sum(1 for c in (section.shown_when, question.shown_when) if c is not None)
            _grid(view, form, base_conds, env)
            for block in view.blocks:
                for row in block.rows:
                    for cell in row.cells:
                        _describe(cell.field, [view.error_id] if view.findings else [])
        else:
            view.field = form[question.id]
            if question.type == "amount_1000nok":
                view.hint = _hint(check.decoded.get(question.id), scales[question.id])
            ids = ([view.hint_id] if view.hint or question.unit else []) + ([view.error_id] if view.findings else [])
            _describe(view.field, ids)
            if view.hint:
                view.field.field.widget.attrs.update(
                    {
                        "data-population": str(view.hint.scale.population),
                        "data-high": str(view.hint.scale.high),
                        "data-low": str(view.hint.scale.low),
                    }
                )
        views.append(view)
    return views


HINT_TEMPLATE = gettext_lazy("= %(kr)s kr per innbygger")


def _hint(amount: int | None, scale: AmountScale) -> Hint:
    per = None if amount is None else kr_per_inhabitant(amount, scale.population)
    hint = Hint(scale)
    if per is not None:
        hint.text = str(HINT_TEMPLATE) % {"kr": format_kr(per)}
        hint.warning = amount_warning(per, scale)
    return hint


def amount_texts() -> dict:
    """What form.js needs for the live hint besides each input's scale: the texts, in the page's language."""
    return {
        "hint": str(HINT_TEMPLATE),
        "high": str(AMOUNT_TOO_HIGH),
        "low": str(AMOUNT_TOO_LOW),
    }


def format_kr(value: float) -> str:
    """1409.3 -> '1 409' (whole kroner, grouped as the active language writes thousands)."""
    return formats.number_format(round(value), use_l10n=True, force_grouping=True)


def findings_by_question(section: Section, check: EntryCheck) -> dict[str, list[Finding]]:
    owner = {v: q.id for q in section.questions for v in (q.id, *q.variables)}
    grouped: dict[str, list[Finding]] = {}
    for finding in check.for_section(section.id):
        qid = next((owner[v] for v in finding.variables if v in owner), None)
        if qid:
            grouped.setdefault(qid, []).append(finding)
    return grouped
