"""Rules on net operating expenditure (EQ-06, EQ-07, PR-07, PR-10) and the per-inhabitant helpers the form's
live hint uses. Amounts are in 1000 kr; per-inhabitant figures in kroner."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from questionnaire.rules.ids import (
    A_COST,
    A_VARIANT,
    B_CONTRIBUTION,
    B_OWN,
    B_PARTICIPANT_IDS,
    B_TOTAL,
    COST_COMMENTS,
    COSTS,
    parts,
)
from questionnaire.rules.registry import ERROR, WARNING, Hit, Reference, Values, rule

ALL_COSTS = tuple(var for part_costs in COSTS.values() for var in part_costs)
PART_OF_COST = {var: part for part, part_costs in COSTS.items() for var in part_costs}

# EQ-06 thresholds (kroner per inhabitant), configurable here. The highest cleaned 2021 value was 6 836 kr.
KR_PER_INHABITANT_MAX = 20_000  # about 3x that: above it the amount was probably entered in kroner
KR_PER_INHABITANT_MIN = 5  # below it a whole-day arrangement was probably entered in million kroner
KRONER_PLAUSIBLE = (10, 10_000)  # amount/1000 per inhabitant must land here for "entered in kroner"
# A host's B-8.1 without a participant list can only be divided by the host's own inhabitants; cooperations
# are up to about ten times the host, so the high limit is raised by that factor.
HOST_ONLY_FACTOR = 10


def _grouped(number: int) -> str:
    """A whole number in a message, grouped as the message's language writes thousands (12 345)."""
    return formats.number_format(number, use_l10n=True, force_grouping=True)


def kr_per_inhabitant(amount_1000: int, population: int) -> float | None:
    """Kroner per inhabitant of an amount in 1000 kr (None without a population)."""
    return amount_1000 * 1000 / population if population else None


def cooperation_population(values: Values, ref: Reference) -> int | None:
    """Inhabitants of a host's whole cooperation (host + listed participants), or None without a list."""
    participants = [n for n in values.get(B_PARTICIPANT_IDS) or () if n != ref.kommunenummer]
    if not participants:
        return None
    return ref.population + sum(ref.populations.get(n, 0) for n in participants)


def per_inhabitant_population(var: str, values: Values, ref: Reference) -> tuple[int, bool]:
    """(population an amount is judged against, whether it is the whole cooperation's).

    A host's B-8.1 is the whole cooperation's cost, so it is divided by the cooperation's inhabitants where
    the link fields give them; every other amount by the municipality's own inhabitants."""
    if var == B_TOTAL:
        population = cooperation_population(values, ref)
        if population:
            return population, True
    return ref.population, False


@dataclass(frozen=True)
class AmountScale:
    """What EQ-06 judges an amount in 1000 kr against: inhabitants, the high limit, and the low limit (0 where
    "too low" does not apply), both in kroner per inhabitant. The form's live hint shows the same."""

    population: int
    high: float
    low: float
    whole_cooperation: bool = False  # a host's B-8.1 divided by its whole cooperation's inhabitants


TOO_HIGH, TOO_LOW = "too_high", "too_low"


def amount_scale(var: str, values: Values, ref: Reference) -> AmountScale:
    """EQ-06's scale for one cost variable: a host's B-8.1 per inhabitant of its cooperation (without a list,
    of its own inhabitants under a raised limit); a daytime-only Part A or a Part D purchase is never too low."""
    population, whole_cooperation = per_inhabitant_population(var, values, ref)
    high = KR_PER_INHABITANT_MAX * (HOST_ONLY_FACTOR if var == B_TOTAL and not whole_cooperation else 1)
    low = KR_PER_INHABITANT_MIN if _whole_day(var, values) else 0
    return AmountScale(population, high, low, whole_cooperation)


def implausible(per_head: float | None, scale: AmountScale) -> str | None:
    """TOO_HIGH or TOO_LOW where a per-inhabitant amount breaks EQ-06's limits, else None."""
    if per_head is None:
        return None
    if per_head > scale.high:
        return TOO_HIGH
    if 0 < per_head < scale.low:
        return TOO_LOW
    return None


def per_inhabitant(var: str, values: Values, ref: Reference) -> float | None:
    """Kroner per inhabitant of one cost variable as EQ-06 judges it (None if blank)."""
    amount = values.get(var)
    if amount is None:
        return None
    return kr_per_inhabitant(amount, per_inhabitant_population(var, values, ref)[0])


def _whole_day(var: str, values: Values) -> bool:
    """Amounts for an arrangement that covers the whole day (a daytime-only A or a purchase in D may be tiny)."""
    if var == A_COST:
        return values.get(A_VARIANT) == "ordinaer"
    return PART_OF_COST.get(var) in ("B", "C")


def _ticked_costs(values: Values) -> Iterator[str]:
    ticked_parts = parts(values)
    return (var for part, part_costs in COSTS.items() if part in ticked_parts for var in part_costs)


@rule(
    "EQ-06",
    severity=ERROR,
    title=gettext_lazy("1000-feil: beløpet er trolig oppgitt i kroner (eller millioner)"),
    variables=ALL_COSTS,
    suggested_fix=gettext_lazy(
        "Be kommunen bekrefte enheten (1000 kr); foreslått retting er beløpet delt på 1000 (eller ganget med "
        "1000 når det er for lavt)."
    ),
)
def amount_in_wrong_unit(values: Values, ref: Reference) -> Iterator[Hit]:
    """EQ-06: more than 20 000 kr per inhabitant where amount/1000 would be plausible (error: entered in
    kroner); a positive amount under 5 kr per inhabitant for a whole-day arrangement (warning: entered in
    million kroner, or only part of the costs). A host's B-8.1 is judged per inhabitant of the cooperation."""
    for var in _ticked_costs(values):
        amount = values.get(var)
        if amount is None or amount <= 0:
            continue  # blank is EQ-07's business, negative PR-10's
        scale = amount_scale(var, values, ref)
        per_head = kr_per_inhabitant(amount, scale.population)
        verdict = implausible(per_head, scale)
        if verdict is None:
            continue
        labels = {
            "amount": _grouped(amount),
            "per_head": _grouped(round(per_head)),
            "population": _grouped(scale.population),
        }
        whose = (
            _("samarbeidets %(population)s innbyggere") if scale.whole_cooperation else _("%(population)s innbyggere")
        )
        labels["whose"] = whose % labels
        if verdict == TOO_HIGH:
            low, high = KRONER_PLAUSIBLE
            if low <= per_head / 1000 <= high:
                yield Hit(
                    (var,),
                    ERROR,
                    _("%(amount)s (1000 kr) gir %(per_head)s kr per innbygger for %(whose)s: trolig oppgitt i kroner.")
                    % labels,
                    seen={var: amount},
                    suggestion={var: str(amount // 1000)},
                )
            else:
                yield Hit(
                    (var,),
                    WARNING,
                    _("%(amount)s (1000 kr) gir %(per_head)s kr per innbygger for %(whose)s: usannsynlig høyt.")
                    % labels,
                    seen={var: amount},
                )
        else:
            yield Hit(
                (var,),
                WARNING,
                _(
                    "%(amount)s (1000 kr) gir bare %(per_head)s kr per innbygger for %(whose)s: trolig oppgitt i "
                    "millioner kroner eller bare en del av utgiftene."
                )
                % labels,
                seen={var: amount},
                suggestion={var: str(amount * 1000)},
            )


@rule(
    "EQ-07",
    severity=WARNING,
    title=gettext_lazy("Netto driftsutgifter mangler"),
    variables=ALL_COSTS,
    suggested_fix=gettext_lazy(
        "Be om beløpet eller en forklaring i merknaden; kan det ikke gis, står beløpet som manglende."
    ),
)
def amount_missing(values: Values, ref: Reference) -> Iterator[Hit]:
    """EQ-07: a ticked part's net operating expenditure is blank."""
    for var in _ticked_costs(values):
        if values.get(var) is None:
            comment = values.get(COST_COMMENTS[PART_OF_COST[var]])
            message = _("Del %(part)s: netto driftsutgifter mangler.") % {"part": PART_OF_COST[var]}
            if comment:
                message += " " + _("Merknad: «%(comment)s»") % {"comment": comment}
            yield Hit((var,), WARNING, message)


@rule(
    "PR-07",
    severity=ERROR,
    title=gettext_lazy("B-8.1 og B-8.2 henger ikke sammen"),
    variables=(B_OWN, B_TOTAL, B_CONTRIBUTION),
    suggested_fix=gettext_lazy("Rett beløpene (begge i 1000 kr)."),
)
def own_share_within_total(values: Values, ref: Reference) -> Iterator[Hit]:
    """PR-07: own share (B-8.2) above the total (B-8.1) is an error; only one of the two given, or own share equal
    to the total while participants contribute with financing, is a warning."""
    if "B" not in parts(values):
        return
    total, own = values.get(B_TOTAL), values.get(B_OWN)
    seen = {B_TOTAL: total, B_OWN: own}
    labels = {"total": total, "own": own}
    if total is not None and own is not None:
        if own > total:
            yield Hit(
                (B_OWN, B_TOTAL),
                ERROR,
                _("Vertskommunens andel (B-8.2) %(own)s er større enn totalen (B-8.1) %(total)s (1000 kr).") % labels,
                seen=seen,
            )
        elif own == total and "finansiering" in (values.get(B_CONTRIBUTION) or ()):
            yield Hit(
                (B_OWN, B_TOTAL, B_CONTRIBUTION),
                WARNING,
                _("Vertskommunens andel er lik totalen (%(total)s), men deltakerne oppgis å bidra med finansiering.")
                % labels,
                seen={**seen, B_CONTRIBUTION: "|".join(values.get(B_CONTRIBUTION))},
            )
    elif (total is None) != (own is None):
        blank, given = (B_TOTAL, B_OWN) if total is None else (B_OWN, B_TOTAL)
        yield Hit(
            (blank, given),
            WARNING,
            _("Bare ett av beløpene B-8.1 (total) og B-8.2 (egen andel) er oppgitt."),
            seen={given: values.get(given)},
        )


@rule(
    "PR-10",
    severity=WARNING,
    title=gettext_lazy("Netto driftsutgifter er null eller negative"),
    variables=ALL_COSTS,
    suggested_fix=gettext_lazy(
        "Be kommunen bekrefte; inntekter (f.eks. koronatester i 2021) kan overstige utgiftene, men beløpet er da "
        "sjelden sammenlignbart."
    ),
)
def amount_not_positive(values: Values, ref: Reference) -> Iterator[Hit]:
    """PR-10: a net operating expenditure of zero or less."""
    for var in _ticked_costs(values):
        amount = values.get(var)
        if amount is not None and amount <= 0:
            yield Hit(
                (var,),
                WARNING,
                _("Del %(part)s: netto driftsutgifter er %(amount)s (1000 kr).")
                % {"part": PART_OF_COST[var], "amount": amount},
                seen={var: amount},
                suggestion={var: str(-amount)} if amount < 0 else {},
            )
