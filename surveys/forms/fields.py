"""Question type -> form field, as a dict. Fields accept anything typed (a draft keeps invalid values);
`problem()` in questionnaire/values.py says what is wrong with a stored text."""

import re
from collections.abc import Callable

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from questionnaire.schema import Variable
from questionnaire.values import problem

YES_NO = (("ja", _("Ja")), ("nei", _("Nei")))
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_LIST_SEPARATORS = re.compile(r"[\s,;|]+")


_NO_NULL = ProhibitNullCharactersValidator()


class AnyChoiceField(forms.ChoiceField):
    """A choice field that keeps an unknown code instead of refusing it: problem() reports it. Only a NUL
    character is refused here, as text fields do: the database cannot store it."""

    def validate(self, value):
        _NO_NULL(value)


class AnyMultipleChoiceField(forms.MultipleChoiceField):
    def validate(self, value):
        for code in value:
            _NO_NULL(code)


def _choices(var: Variable):
    return [(o.code, o.label) for o in var.options]


def _text_input(inputmode: str | None = None, css: str = "") -> forms.TextInput:
    attrs = {"autocomplete": "off", "class": css} if css else {"autocomplete": "off"}
    if inputmode:
        attrs["inputmode"] = inputmode
    return forms.TextInput(attrs=attrs)


FIELD_FOR_TYPE: dict[str, Callable[[Variable], forms.Field]] = {
    "yes_no": lambda var: AnyChoiceField(choices=YES_NO, widget=forms.RadioSelect, required=False),
    "choice": lambda var: AnyChoiceField(choices=_choices(var), widget=forms.RadioSelect, required=False),
    "multi_choice": lambda var: AnyMultipleChoiceField(
        choices=_choices(var), widget=forms.CheckboxSelectMultiple, required=False
    ),
    "integer": lambda var: forms.CharField(required=False, widget=_text_input("numeric", "number")),
    "decimal": lambda var: forms.CharField(required=False, widget=_text_input("decimal", "number")),
    "amount_1000nok": lambda var: forms.CharField(required=False, widget=_text_input("numeric", "amount")),
    "text": lambda var: forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 60})),
    "kommune_list": lambda var: forms.CharField(required=False, widget=_text_input(None, "kommune-list")),
    "checkbox": lambda var: forms.BooleanField(required=False),
}


def initial(var: Variable, text: str):
    """The form value of a stored text."""
    if var.type == "checkbox":
        return text == "1"
    if var.type == "multi_choice":
        return text.split("|") if text else []
    return text


def _number(var: Variable, typed: str) -> str:
    """'1 409' -> '1409', '0,5' -> '0.5' when that makes a valid number; else the text as typed."""
    candidate = _SPACES.sub("", typed)
    if var.type == "decimal":
        candidate = candidate.replace(",", ".")
    return candidate if problem(var, candidate) is None else typed


def _multi(var: Variable, codes) -> str:
    order = {code: i for i, code in enumerate(var.option_codes)}
    return "|".join(sorted(dict.fromkeys(codes), key=lambda c: order.get(c, len(order))))


TEXT_FOR_TYPE: dict[str, Callable[[Variable, object], str | None]] = {
    "yes_no": lambda var, value: value or "",
    "choice": lambda var, value: value or "",
    "multi_choice": lambda var, value: _multi(var, value or ()),
    "integer": lambda var, value: _number(var, value.strip()),
    "decimal": lambda var, value: _number(var, value.strip()),
    "amount_1000nok": lambda var, value: _number(var, value.strip()),
    "text": lambda var, value: value,
    "kommune_list": lambda var, value: "|".join(c for c in _LIST_SEPARATORS.split(value.strip()) if c),
    # None: not ticked; the entry service decides between '0' and blank (resolve_unticked).
    "checkbox": lambda var, value: "1" if value else None,
}


def display_text(var: Variable, text: str) -> str:
    """A stored text as a reporter reads it (for conflict messages)."""
    if text == "":
        return str(_("(tomt)"))
    if var.type == "checkbox":
        return str(_("krysset av") if text == "1" else _("ikke krysset av"))
    labels = dict(YES_NO) if var.type == "yes_no" else {o.code: o.label for o in var.options}
    if var.type == "multi_choice":
        return ", ".join(str(labels.get(c, c)) for c in text.split("|"))
    return str(labels.get(text, text))


def attributes(attrs) -> str:
    """What Django's flatatt gives (same order, same escaping), without a format_html call per attribute: a
    Part B page has some 200 inputs."""
    pairs = sorted((k, v) for k, v in attrs.items() if not isinstance(v, bool) and v is not None)
    flags = sorted(k for k, v in attrs.items() if v is True)
    text = "".join(f' {k}="{conditional_escape(v)}"' for k, v in pairs) + "".join(f" {k}" for k in flags)
    return mark_safe(text)  # noqa: S308 - every value escaped above; the names are our own


def render_field(bound) -> str:
    """A field's input(s) as HTML, like Django's widget templates but without them: a section page has dozens,
    and template rendering of widgets was most of its time. Same markup as the default templates."""
    widget, field = bound.field.widget, bound.field
    attrs = {**widget.attrs, "disabled": field.disabled}
    value = bound.value()
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        chosen = {str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v not in (None, "")}
        kind = "checkbox" if isinstance(widget, forms.CheckboxSelectMultiple) else "radio"  # a RadioSelect too
        options = "".join(
            f'<div><label for="{bound.auto_id}_{i}"><input'
            + attributes(
                {
                    **attrs,
                    "type": kind,
                    "name": bound.html_name,
                    "value": code,
                    "id": f"{bound.auto_id}_{i}",
                    "checked": str(code) in chosen,
                }
            )
            + f"> {conditional_escape(label)}</label></div>"
            for i, (code, label) in enumerate(field.choices)
        )
        return format_html('<div id="{}">{}</div>', bound.auto_id, mark_safe(options))  # noqa: S308 - escaped
    common = {**attrs, "name": bound.html_name, "id": bound.auto_id}
    if isinstance(widget, forms.Textarea):
        return format_html("<textarea{}>\n{}</textarea>", attributes(common), value or "")
    return format_html("<input{}>", attributes({**common, "type": "text", "value": value or None}))
