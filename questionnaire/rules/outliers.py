"""EQ-09: cost per inhabitant far from comparable municipalities (a cross-unit rule).

Method, chosen to be robust and stable: per series (A ordinary, A daytime-only, B own share, B total per
cooperation inhabitant, C) and size group, the reference is the median cost per inhabitant, taken over the
whole series when the size group has fewer than MIN_CELL amounts. A municipality is flagged when its value is
more than FACTOR times above or below that median. Medians move little when one answer changes, so re-runs and
corrections elsewhere rarely create or remove flags; percentile limits (the spec's alternative) would flag a
fixed share of every year whatever the data and shift with every answer. Zero and negative amounts (PR-10) and
amounts above the EQ-06 limit (a unit error, EQ-06) are left to those rules and kept out of the medians.
"""

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from questionnaire.rules.amounts import KR_PER_INHABITANT_MAX, cooperation_population, kr_per_inhabitant
from questionnaire.rules.ids import A_COST, A_VARIANT, B_OWN, B_PARTICIPANT_IDS, B_TOTAL, C_COST, PARTS, parts
from questionnaire.rules.registry import WARNING, Hit, Reference, Values, YearData, rule

FACTOR = 5  # spec: < 0.2 x or > 5 x the group median
MIN_CELL = 8  # fewer amounts than this in a size group: compare with the whole series


def _own(values: Values, ref: Reference) -> int:
    return ref.population


def _cooperation(values: Values, ref: Reference) -> int | None:
    return cooperation_population(values, ref)


# (label, part, variable, condition on the response, population to divide by)
SERIES: tuple[tuple[str, str, str, Callable[[Values], bool], Callable[[Values, Reference], int | None]], ...] = (
    ("del A ordinær", "A", A_COST, lambda v: v.get(A_VARIANT) == "ordinaer", _own),
    ("del A kun daglegevakt", "A", A_COST, lambda v: v.get(A_VARIANT) == "kun_daglegevakt", _own),
    ("del B egen andel", "B", B_OWN, lambda v: True, _own),
    ("del B totalt per innbygger i samarbeidet", "B", B_TOTAL, lambda v: True, _cooperation),
    ("del C", "C", C_COST, lambda v: True, _own),
)


def _series_values(year: YearData, part, var, condition, population) -> dict[str, tuple[float, int]]:
    """kommunenummer -> (kr per inhabitant, amount) for the usable amounts of one series."""
    found = {}
    for number, values in year.values.items():
        ref = year.references.get(number)
        amount = values.get(var)
        if ref is None or amount is None or amount <= 0 or part not in parts(values) or not condition(values):
            continue
        per_head = kr_per_inhabitant(amount, population(values, ref) or 0)
        if per_head is not None and per_head <= KR_PER_INHABITANT_MAX:
            found[number] = (per_head, amount)
    return found


@rule(
    "EQ-09",
    severity=WARNING,
    title=gettext_lazy("Utgift per innbygger langt fra sammenlignbare kommuner"),
    variables=(A_COST, B_OWN, B_TOTAL, C_COST),
    cross_unit=True,
    reads=(PARTS, A_VARIANT, A_COST, B_OWN, B_TOTAL, C_COST, B_PARTICIPANT_IDS),
    suggested_fix=gettext_lazy("Be kommunen bekrefte beløpet; turistkommuner kan ha høye tall med god grunn."),
)
def cost_outlier(year: YearData) -> Iterator[Hit]:
    """EQ-09: cost per inhabitant more than 5 times above or below the median of the municipality's size group
    (or of the whole series where the group is small), per part: A ordinary, A daytime-only, B own share, B
    total per cooperation inhabitant, C."""
    for label, part, var, condition, population in SERIES:
        found = _series_values(year, part, var, condition, population)
        if len(found) < MIN_CELL:
            continue
        overall = statistics.median(v for v, _a in found.values())
        by_group = defaultdict(list)
        for number, (per_head, _amount) in found.items():
            by_group[year.references[number].size_group].append(per_head)
        medians = {g: statistics.median(vs) for g, vs in by_group.items() if len(vs) >= MIN_CELL}
        for number, (per_head, amount) in sorted(found.items()):
            median = medians.get(year.references[number].size_group, overall)
            if median <= 0 or 1 / FACTOR <= per_head / median <= FACTOR:
                continue
            yield Hit(
                (var,),
                WARNING,
                _(
                    "%(label)s: %(per_head)s kr per innbygger er %(times)s ganger medianen %(median)s kr for "
                    "sammenlignbare kommuner."
                )
                % {
                    "label": label[0].upper() + label[1:],
                    "per_head": round(per_head),
                    "times": _times(per_head / median),
                    "median": round(median),
                },
                seen={var: amount},
                kommunenummer=number,
            )


def _times(ratio: float) -> str:
    return f"{ratio:.1f}".replace(".", ",") if ratio >= 1 else f"{ratio:.2f}".replace(".", ",")
