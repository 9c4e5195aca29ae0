"""The live hint on an amount in 1000 kr: per inhabitant, as rule EQ-06 judges it."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

# EQ-06's thresholds, so the live hint and the rule agree
from questionnaire.rules.amounts import HOST_ONLY_FACTOR, KR_PER_INHABITANT_MAX, KR_PER_INHABITANT_MIN
from questionnaire.rules.registry import Reference

# A host's B-8.1 is the whole cooperation's cost: per inhabitant of all its municipalities.
COOPERATION_AMOUNTS = {"b_total_net_operating_cost": "b_participant_kommune_ids"}
# Amounts of arrangements that may cover only part of the day are never "too low" (EQ-06).
PART_DAY_AMOUNTS = {"d_net_operating_cost"}
AMOUNT_TOO_HIGH = gettext_lazy("Uvanlig høyt. Er beløpet oppgitt i kroner i stedet for 1000 kr?")
AMOUNT_TOO_LOW = gettext_lazy("Uvanlig lavt. Er beløpet oppgitt i millioner kroner, eller bare en del av utgiftene?")


@dataclass(frozen=True)
class AmountScale:
    """What an amount in 1000 kr is judged against: inhabitants, EQ-06's high limit, whether "too low" applies."""

    population: int
    high: float
    low: float


def amount_scale(var_id: str, texts: Mapping[str, str], ref: Reference) -> AmountScale:
    """As rule EQ-06 sees it: a host's B-8.1 per inhabitant of the listed cooperation (without a list, the
    host's own inhabitants and a raised limit); a daytime-only Part A or a Part D purchase is never too low."""
    population, high = ref.population, KR_PER_INHABITANT_MAX
    members_var = COOPERATION_AMOUNTS.get(var_id)
    if members_var:
        numbers = {n for n in texts.get(members_var, "").split("|") if n and n != ref.kommunenummer}
        if numbers:
            population += sum(ref.populations.get(n, 0) for n in numbers)
        else:
            high *= HOST_ONLY_FACTOR
    whole_day = var_id not in PART_DAY_AMOUNTS and (
        var_id != "a_net_operating_cost" or texts.get("a_variant") == "ordinaer"
    )
    return AmountScale(population, high, KR_PER_INHABITANT_MIN if whole_day else 0)


def kr_per_inhabitant(text: str, population: int) -> float | None:
    try:
        amount = int(text)
    except ValueError:
        return None
    return amount * 1000 / population if population else None


def amount_warning(per_inhabitant: float | None, scale: AmountScale) -> str:
    """Why a per-inhabitant amount looks implausible ('' when it does not), with EQ-06's thresholds."""
    if per_inhabitant is None:
        return ""
    if per_inhabitant > scale.high:
        return str(AMOUNT_TOO_HIGH)
    if 0 < per_inhabitant < scale.low:
        return str(AMOUNT_TOO_LOW)
    return ""
