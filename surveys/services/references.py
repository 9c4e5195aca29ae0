"""What the rules know of a municipality besides its answers, read from the year's register."""

import time
from collections.abc import Iterable

from kostra.reference.models import Municipality
from questionnaire.rules.registry import Reference, make_references


def references_for(year: int, numbers: Iterable[str] | None = None) -> dict[str, Reference]:
    """Reference data of every municipality of the year's register (or of `numbers` only, each knowing the
    populations of those)."""
    rows = Municipality.objects.filter(year=year)
    if numbers is not None:
        rows = rows.filter(number__in=list(numbers))
    return make_references(rows.values_list("number", "population", "centrality_class"))


_REFERENCES: dict[int, tuple[float, dict[str, Reference]]] = {}
REFERENCE_SECONDS = 60  # a year's register changes only when it is reloaded; pages may lag that by a minute


def reference_for(municipality: Municipality) -> Reference:
    """What the unit rules know of a municipality besides its answers: the batch run's own reference data,
    kept for a minute per process (every section page needs it; it is the whole year's register)."""
    cached = _REFERENCES.get(municipality.year)
    if cached is None or time.monotonic() - cached[0] > REFERENCE_SECONDS or municipality.number not in cached[1]:
        cached = _REFERENCES[municipality.year] = (time.monotonic(), references_for(municipality.year))
    return cached[1][municipality.number]
