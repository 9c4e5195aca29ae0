"""Codecs between the text encoding of interchange.md (also the stored form) and Python values, per type."""

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from questionnaire.schema import Variable

_INTEGER = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_KOMMUNE = re.compile(r"[0-9]{4}")
NUMERIC_TYPES = frozenset({"integer", "decimal", "amount_1000nok"})
MAX_DIGITS = 30  # far beyond any count or amount in 1000 kr; int() refuses texts of more than 4300 digits


class ValueProblem(ValueError):
    """A stored text that is invalid in itself for its variable; the message is the reason."""


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split("|")) if text else ()


def _ticked(text: str) -> bool:
    return text == "1"


# Python value of a valid stored text, per type; other types (yes_no, choice, text) stay text.
_DECODERS = {
    "integer": int,
    "amount_1000nok": int,
    "decimal": Decimal,
    "checkbox": _ticked,
    "multi_choice": _split,
    "kommune_list": _split,
}


def decode(var: Variable, text: str | None) -> Any:
    """Python value of a valid stored text; blank gives None."""
    if text is None or text == "":
        return None
    return _DECODERS.get(var.type, str)(text)


def encode(var: Variable, value: Any) -> str:
    """Stored text of a Python value (the inverse of decode)."""
    if value is None or value == "" or value == ():
        return ""
    if var.type == "checkbox":
        return "1" if value else "0"
    if var.type in ("multi_choice", "kommune_list"):
        return "|".join(value)
    return str(value)


def problem(var: Variable, text: str, municipalities: frozenset[str] | None = None) -> str | None:
    """Why `text` is invalid in itself for `var` (type, option, range), or None. Blank is always valid."""
    if text == "":
        return None
    kind = var.type
    if kind in ("integer", "amount_1000nok"):
        if not _INTEGER.fullmatch(text):
            return _("not a whole number")
        if len(text.lstrip("-")) > MAX_DIGITS:
            return _("more than %(n)s digits") % {"n": MAX_DIGITS}
        number = int(text)
    elif kind == "decimal":
        if not _DECIMAL.fullmatch(text):
            return _("not a number with '.' as decimal point")
        places = len(text.partition(".")[2])
        if var.decimals is not None and places > var.decimals:
            return _("more than %(n)s decimal(s)") % {"n": var.decimals}
        number = Decimal(text)
    elif kind == "checkbox":
        return None if text in ("0", "1") else _("not 1 (ticked) or 0 (not ticked)")
    elif kind == "yes_no":
        return None if text in ("ja", "nei") else _("not 'ja' or 'nei'")
    elif kind == "choice":
        return None if text in var.option_codes else _("not an option of this question")
    elif kind == "multi_choice":
        codes = _split(text)
        unknown = [c for c in codes if c not in var.option_codes]
        if unknown:
            return _("not an option of this question: %(codes)s") % {"codes": ", ".join(repr(c) for c in unknown)}
        if len(set(codes)) != len(codes):
            return _("an option is given twice")
        return None
    elif kind == "kommune_list":
        codes = _split(text)
        bad = [c for c in codes if not _KOMMUNE.fullmatch(c)]
        if bad:
            return _("not 4-digit municipality numbers joined by '|'")
        if municipalities is not None:
            unknown = [c for c in codes if c not in municipalities]
            if unknown:
                return _("unknown municipality %(codes)s") % {"codes": ", ".join(unknown)}
        return None
    else:  # text
        return None
    if var.min is not None and number < var.min:
        return _("below the lowest allowed value %(min)s") % {"min": var.min}
    if var.max is not None and number > var.max:
        return _("above the highest allowed value %(max)s") % {"max": var.max}
    return None


def decode_all(variables: Mapping[str, Variable], texts: Mapping[str, str]) -> dict[str, Any]:
    """Decode every known value; a draft value that does not parse decodes as blank (it cannot count)."""
    out = {}
    for var_id, text in texts.items():
        var = variables.get(var_id)
        if var is None or not text:
            continue
        try:
            out[var_id] = _DECODERS.get(var.type, str)(text)
        except (ValueError, ArithmeticError):
            continue
    return out
