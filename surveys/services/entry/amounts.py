"""The live hint on an amount in 1000 kr: kroner per inhabitant, judged by rule EQ-06's own scale and limits."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy

from questionnaire.rules.amounts import TOO_HIGH, TOO_LOW, AmountScale, amount_scale, implausible
from questionnaire.rules.registry import Reference, Values

AMOUNT_TOO_HIGH = gettext_lazy("Uvanlig høyt. Er beløpet oppgitt i kroner i stedet for 1000 kr?")
AMOUNT_TOO_LOW = gettext_lazy("Uvanlig lavt. Er beløpet oppgitt i millioner kroner, eller bare en del av utgiftene?")
WARNINGS = {TOO_HIGH: AMOUNT_TOO_HIGH, TOO_LOW: AMOUNT_TOO_LOW}


def amount_scales(question_ids, values: Values, ref: Reference) -> Mapping[str, AmountScale]:
    """EQ-06's scale of each amount question of a page, from the response's values."""
    return {var: amount_scale(var, values, ref) for var in question_ids}


def amount_warning(per_inhabitant: float | None, scale: AmountScale) -> str:
    """Why a per-inhabitant amount looks implausible ('' when it does not), by EQ-06's limits."""
    verdict = implausible(per_inhabitant, scale)
    return str(WARNINGS[verdict]) if verdict else ""
