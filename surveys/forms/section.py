"""One section of the questionnaire as a form, and the layout its template walks (questions, grids, blocks).

Field names are the variable ids verbatim (matrix cells included), so a POST speaks the storage's language.
Every question is rendered, hidden ones with the `hidden` attribute: their answers are posted back unchanged
(kept in storage), and form.js can show them without a reload.
"""

import time
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core import signing
from django.forms import BoundField
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from surveys.forms.fields import FIELD_FOR_TYPE, TEXT_FOR_TYPE, attributes, initial, render_field
from surveys.forms.routing import show_if
from surveys.questionnaire.conditions import Condition
from surveys.questionnaire.memo import per_questionnaire
from surveys.questionnaire.schema import Option, Question, Questionnaire, Section, text_language
from surveys.services.entry import (
    AMOUNT_TOO_HIGH,
    AMOUNT_TOO_LOW,
    AmountScale,
    EntryCheck,
    Finding,
    amount_warning,
    kr_per_inhabitant,
)

_BASE_SALT = "surveys.section-base"
RENDERED_AT = "_rendered_at"  # in the signed base beside the variables (whose ids never start with "_")
STALE_PAGE = gettext_lazy("Siden var utdatert. Last den inn på nytt.")
CHOICE_TYPES = frozenset({"yes_no", "choice", "multi_choice"})
ABSENT_MEANS_EMPTY = frozenset({"checkbox", "multi_choice"})  # a browser sends nothing for no tick


def signed_base(section: Section, texts: Mapping[str, str]) -> str:
    """A page's `_base`: the section's answers it was made from (blanks left out) and when, signed."""
    base = {v: texts[v] for v in section.variable_ids if texts.get(v, "") != ""}
    return signing.dumps({**base, RENDERED_AT: time.time()}, salt=_BASE_SALT, compress=True)


def section_fields(questionnaire: Questionnaire, section: Section) -> dict[str, forms.Field]:
    """The section's form fields, built once per process: a Part B form has 168 of them, and building each
    anew (its widget, validators and error messages) was a fifth of a page's time. Forms take copies. Options
    carry their labels, so each language has its own set."""

    def build() -> dict[str, forms.Field]:
        variables = questionnaire.variables
        return {v: FIELD_FOR_TYPE[variables[v].type](variables[v]) for v in section.variable_ids}

    return per_questionnaire(questionnaire, ("section-fields", section.id, text_language()), build)


def _page_copy(prototype: forms.Field) -> forms.Field:
    """The field for one page: its own `disabled` and widget attributes, the only parts a page changes (the
    layout's aria-describedby and amount scale); validators, choices and messages stay the prototype's. A deep
    copy of all of it cost five times as much (1.7 ms for Part B's 168 fields, against 0.35)."""
    field = _shallow(prototype)
    field.widget = _shallow(prototype.widget)
    field.widget.attrs = dict(prototype.widget.attrs)
    return field


def _shallow(obj):
    """copy.copy without its generic protocol: a new instance of the class sharing the attributes' values."""
    twin = object.__new__(type(obj))
    twin.__dict__.update(obj.__dict__)
    return twin


class SectionForm(forms.Form):
    """The answers of one section; `_version` and `_base` carry what the page was rendered from."""

    _version = forms.IntegerField(widget=forms.HiddenInput)
    _base = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        questionnaire: Questionnaire,
        section: Section,
        texts: Mapping[str, str],
        *,
        version: int,
        base: Mapping[str, str] | None = None,
        data=None,
        disabled: bool = False,
    ):
        """`texts` are shown; `base` (default: `texts`) is what a save is compared with to find changes."""
        self.questionnaire, self.section = questionnaire, section
        self.rendered_at: datetime | None = None
        self.var_ids = section.variable_ids
        values = {v: initial(questionnaire.variables[v], texts.get(v, "")) for v in self.var_ids}
        values["_version"] = version
        if data is None:  # a posted form is read, never rendered: only a page to show needs its signed base
            values["_base"] = signed_base(section, texts if base is None else base)
        super().__init__(data=data, initial=values, auto_id="id_%s")
        shared = data is not None and not disabled  # a posted form only cleans: nothing changes its fields
        for var_id, prototype in section_fields(questionnaire, section).items():
            if shared:
                self.fields[var_id] = prototype
            else:  # a form to render gets copies: the layout sets widget attributes
                self.fields[var_id] = field = _page_copy(prototype)
                field.disabled = disabled

    def clean__base(self):
        try:
            base = signing.loads(self.cleaned_data["_base"], salt=_BASE_SALT)
        except signing.BadSignature:
            raise forms.ValidationError(STALE_PAGE) from None
        rendered = base.pop(RENDERED_AT, None)
        self.rendered_at = datetime.fromtimestamp(rendered, tz=UTC) if isinstance(rendered, float) else None
        return base

    def posted_texts(self) -> dict[str, str | None]:
        """Posted answers in the stored encoding; None for an unticked box (see resolve_unticked).

        A browser always sends a text input, and a radio group once it has a choice; one the POST lacks was not
        sent at all (a cut-off or hand-made request), so its stored answer is kept rather than cleared. Only
        boxes say "unticked" by their absence.
        """
        return {
            var_id: TEXT_FOR_TYPE[self.questionnaire.variables[var_id].type](
                self.questionnaire.variables[var_id], self.cleaned_data.get(var_id)
            )
            for var_id in self.var_ids
            if var_id in self.data or self.questionnaire.variables[var_id].type in ABSENT_MEANS_EMPTY
        }

    def inputs_unlike(self, texts: Mapping[str, str]) -> dict[str, bool | list[str] | str]:
        """variable -> input value, for the inputs whose posted value is not what `texts` would render: after a
        save in place (form.js), what the page must show to match storage (a colleague's answer saved meanwhile,
        a number as the server writes it)."""
        out = {}
        for var_id in self.var_ids:
            var = self.questionnaire.variables[var_id]
            wanted = initial(var, texts.get(var_id, ""))
            if var.type == "checkbox":
                shown = var_id in self.data
            elif var.type == "multi_choice":
                shown, wanted = sorted(self.data.getlist(var_id)), sorted(wanted)
            else:
                shown = self.data.get(var_id, "")
            if shown != wanted:
                out[var_id] = wanted
        return out

    def error_messages(self) -> list[str]:
        """The form's errors, each naming its field by the question's label (the page itself is not shown)."""
        out = []
        for name, errors in self.errors.items():
            if name in self.questionnaire.variables:
                label = variable_label(self.questionnaire, name)
                out.extend(f"{label}: {error}" for error in errors)
            elif str(STALE_PAGE) not in out:
                out.append(str(STALE_PAGE))  # _version or _base missing or tampered with
        return out


# -- layout ----------------------------------------------------------------------------------------------------


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
                    "</span></label></td>"
                    for cell in row.cells
                )
            else:
                cells = "".join(
                    f'<td><label class="visually-hidden" for="{cell.field.id_for_label}">{escape(cell.label)}</label>'
                    f"{cell.html}</td>"
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


def variable_label(questionnaire: Questionnaire, var_id: str) -> str:
    """A question's label, with the cell's block, row and column for a matrix cell."""
    var = questionnaire.variables[var_id]
    question = questionnaire.questions[var.question_id]
    if question.matrix is None:
        return question.label
    matrix = question.matrix
    parts = [
        next((o.label for o in options if o.code == code), "")
        for options, code in ((matrix.blocks, var.block), (matrix.rows, var.row), (matrix.columns, var.column))
        if code
    ]
    return f"{question.label}: {', '.join(parts)}"


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
                cells.append(Cell(form[var_id], ", ".join(parts)))
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
                view.hint = _hint(check.texts.get(question.id, ""), scales[question.id])
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


def _hint(text: str, scale: AmountScale) -> Hint:
    per = kr_per_inhabitant(text, scale.population)
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
