"""One section of the questionnaire as a form: its fields (the variable ids verbatim, matrix cells included, so
a POST speaks the storage's language), the signed base of the page, and what a POST changed.

Every question is rendered, hidden ones with the `hidden` attribute: their answers are posted back unchanged
(kept in storage), and form.js can show them without a reload. The layout the template walks is layout.py's.
"""

import time
from collections.abc import Mapping
from datetime import UTC, datetime

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy

from questionnaire.memo import per_questionnaire
from questionnaire.schema import Questionnaire, Section, text_language
from surveys.forms.fields import FIELD_FOR_TYPE, TEXT_FOR_TYPE, initial

_BASE_SALT = "surveys.section-base"
RENDERED_AT = "_rendered_at"  # in the signed base beside the variables (whose ids never start with "_")
STALE_PAGE = gettext_lazy("Siden var utdatert. Last den inn på nytt.")
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
