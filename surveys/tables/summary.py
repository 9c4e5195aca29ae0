"""Headline figures of the year (the report's summary), including the de-duplicated number of fastleger.

Fastleger in legevakt (questionnaire.md EQ-11): head counts are never added across parts (G8), because the
same GPs may be reported in several parts of one municipality. Per municipality the estimate is
min(sum of <p>_fastleger_count over its parts A-C, s22_doctors_with_gp_contract), or the sum where the number
of GP contracts is blank; the national figure is the sum of these, set against the sum of
s22_doctors_with_gp_contract (the report: 3 465 of 4 968).
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext_lazy as _

from surveys.tables.base import percent
from surveys.tables.ch3 import A_DAYTIME_ONLY, COMBINATION
from surveys.tables.ch4 import STAFFING_CHALLENGES
from surveys.tables.data import YearData
from surveys.tables.parts import GP_CONTRACTS, PARTS

SUMMARY_ID = "Sammendrag"


def _integers(values: np.ndarray) -> np.ndarray:
    return np.array([0 if v is None else int(v) for v in values], dtype=object)


def fastleger_in_legevakt(data: YearData) -> tuple[int, int]:
    """(de-duplicated fastleger in legevakt, doctors with a GP contract), summed over the municipalities."""
    over_parts = sum(
        (_integers(np.where(part.members(data), data.value(part.count["fastleger"]), None)) for part in PARTS),
        np.zeros(data.n, dtype=object),
    )
    contracts = data.value(GP_CONTRACTS)
    capped = [total if cap is None else min(total, int(cap)) for total, cap in zip(over_parts, contracts, strict=True)]
    return int(sum(capped)), int(sum(_integers(contracts)))


def _count(selection) -> Callable[[YearData], int]:
    return lambda data: int(selection(data, None).sum())


def _part(letter: str):
    return lambda data, key=None: data.chosen("s24_legevakt_parts", letter)


def _b_or_c(data, key=None):
    return _part("B")(data) | _part("C")(data)


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    count: Callable[[YearData], int]
    base: Callable[[YearData], int]


RESPONDING = _count(lambda data, key=None: data.everyone())
HEADLINES = (
    Headline("responding", _("Kommuner som har svart"), RESPONDING, lambda data: data.register.n),
    Headline("part_a", _("Egen kommunal legevakt (del A)"), _count(_part("A")), RESPONDING),
    Headline("a_daytime_only", _("herav kun daglegevakt"), _count(A_DAYTIME_ONLY), _count(_part("A"))),
    Headline("part_b", _("Vertskommune for interkommunal legevakt (del B)"), _count(_part("B")), RESPONDING),
    Headline("part_c", _("Deltakerkommune i interkommunal legevakt (del C)"), _count(_part("C")), RESPONDING),
    Headline("cooperation", _("I interkommunalt samarbeid (del B eller C)"), _count(_b_or_c), RESPONDING),
    Headline("part_d", _("Kjøpte legevakttjenester (del D)"), _count(_part("D")), RESPONDING),
    Headline("combination", _("Kombinasjon av flere organisasjonsformer"), _count(COMBINATION), RESPONDING),
    Headline("challenges", _("Bemanningsutfordringer"), _count(STAFFING_CHALLENGES), RESPONDING),
    Headline(
        "fastleger",
        _("Fastleger i legevakt (uten dobbelttelling), av alle leger med fastlegeavtale"),
        lambda data: fastleger_in_legevakt(data)[0],
        lambda data: fastleger_in_legevakt(data)[1],
    ),
)
LABELS = {headline.key: headline.label for headline in HEADLINES}


def summary(data: YearData) -> dict:
    """The headline figures as stored in a snapshot (labels are looked up when shown)."""
    figures = [{"key": h.key, "count": h.count(data), "base": h.base(data)} for h in HEADLINES]
    return {"table": SUMMARY_ID, "figures": figures}


def display(stored: dict) -> list[dict]:
    """Figures with their label and percentage, for the summary page."""
    return [
        figure
        | {"label": LABELS.get(figure["key"], figure["key"]), "percent": percent(figure["count"], figure["base"])}
        for figure in stored["figures"]
    ]
