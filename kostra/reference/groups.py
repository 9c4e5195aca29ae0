"""Size and centrality groups of the SSB report (table-definitions.md, G5)."""

from django.utils.translation import gettext_lazy as _

# (lower bound inclusive, label as published); the upper bound is the next group's lower bound.
SIZE_GROUPS = (
    (0, "Under 2 000 innbyggere"),
    (2_000, "2 000 - 4 999 innbyggere"),
    (5_000, "5 000 - 9 999 innbyggere"),
    (10_000, "10 000 - 19 999 innbyggere"),
    (20_000, "20 000 - 49 999 innbyggere"),
    (50_000, "50 000 eller flere innbyggere"),
)
CENTRALITY_CLASSES = (1, 2, 3, 4, 5, 6)
CENTRALITY_LABELS = {
    1: _("Sentralitet 1 (mest sentrale)"),
    2: _("Sentralitet 2"),
    3: _("Sentralitet 3"),
    4: _("Sentralitet 4"),
    5: _("Sentralitet 5"),
    6: _("Sentralitet 6 (minst sentrale)"),
}


def size_group(population: int) -> int:
    """Index 0-5 of the size group a population falls in."""
    index = 0
    for i, (lower, _label) in enumerate(SIZE_GROUPS):
        if population >= lower:
            index = i
    return index


def size_label(population: int) -> str:
    return SIZE_GROUPS[size_group(population)][1]
