"""Chapter 4: personnel groups, head counts and staffing challenges (Figure 4.1, Tables 4.1-4.9)."""

from django.utils.translation import gettext_lazy as _

from surveys.tables.base import BY_SIZE, Column, Percent, Row, Sum, Table, any_of, chosen, in_part, yes
from surveys.tables.parts import (
    D_DOCTORS_COUNT,
    D_PURCHASE_STAFFING_CHALLENGE,
    GROUPS,
    KINDS,
    PART_A,
    PART_B,
    PART_C,
    Part,
    any_part,
)


def used_in_any_part(group: str):
    """G8 / I-3: the group contributes in at least one of the municipality's parts A, B, C."""
    return any_part(lambda part, data, key: part.used_mask(data, group))


def personnel_columns(part: Part) -> tuple[Column, ...]:
    """Tables 4.2, 4.3: the three doctor groups, the five kinds of other doctors, nurses, other personnel."""
    used = [Column(Percent(), yes(part.used[g])) for g in GROUPS]
    kinds = [Column(Percent(), chosen(part.kinds, kind)) for kind in KINDS]
    return (*used[:3], *kinds, *used[3:])


def challenge_columns(part: Part) -> tuple[Column, ...]:
    return (
        Column(Percent(), yes(part.challenges)),
        *(Column(Percent(), chosen(part.challenge_groups, g)) for g in GROUPS),
    )


def head_count_rows(part: Part) -> tuple[Row, ...]:
    """Table 4.5: one row per head count of the part, årsverk after the fast_ansatte count (A and B)."""
    variables = [part.count[g] for g in GROUPS]
    if part.arsverk:
        variables.insert(1, part.arsverk)
    return tuple(Row(part.members, key=var) for var in variables)


GROUP_COLUMNS = tuple(Column(Percent(), used_in_any_part(g)) for g in GROUPS)
ANY_PART_NOTE = _(
    "Prosent av alle svarende kommuner i raden. En kommune telles én gang selv om gruppen bidrar i flere "
    "av kommunens organisasjonsformer (del A, B eller C)."
)

FIGURE_4_1 = Table(id="Figur 4.1", rows=(Row(),), columns=GROUP_COLUMNS, chart=True, note=ANY_PART_NOTE)

TABLE_4_1 = Table(id="4.1", rows=BY_SIZE, columns=GROUP_COLUMNS, note=ANY_PART_NOTE)

TABLE_4_2 = Table(
    id="4.2",
    base=PART_A.members,
    rows=BY_SIZE,
    columns=personnel_columns(PART_A),
    note=_("Prosent av kommunene med egen kommunal legevakt (del A, også kun daglegevakt) i raden."),
)

TABLE_4_3 = Table(
    id="4.3",
    base=PART_B.members,
    rows=BY_SIZE,
    columns=personnel_columns(PART_B),
    note=_("Prosent av vertskommunene (del B) i raden."),
)

TABLE_4_4 = Table(
    id="4.4",
    base=PART_C.members,
    rows=BY_SIZE,
    columns=tuple(Column(Percent(), yes(PART_C.used[g])) for g in GROUPS),
    note=_("Prosent av deltakerkommunene (del C) i raden."),
)

TABLE_4_5 = Table(
    id="4.5",
    has_n=False,
    rows=(
        *head_count_rows(PART_A),
        *head_count_rows(PART_B),
        *head_count_rows(PART_C),
        Row(in_part("D"), key=D_DOCTORS_COUNT),
    ),
    columns=(Column(Sum()),),
    note=_(
        "Summen av oppgitte antall i hver organisasjonsform. Tallene kan ikke legges sammen på tvers av "
        "delene: samme person kan være oppgitt i flere deler og av flere kommuner."
    ),
)

STAFFING_CHALLENGES = any_of(
    any_part(lambda part, data, key: part.members(data) & data.yes(part.challenges)),
    yes(D_PURCHASE_STAFFING_CHALLENGE),  # I-6
)


def challenged_group(group: str):
    return any_part(lambda part, data, key: part.members(data) & data.chosen(part.challenge_groups, group))


TABLE_4_6 = Table(
    id="4.6",
    rows=BY_SIZE,
    columns=(Column(Percent(), STAFFING_CHALLENGES), *(Column(Percent(), challenged_group(g)) for g in GROUPS)),
    note=_(
        "Prosent av alle svarende kommuner i raden; ja i minst én av kommunens organisasjonsformer "
        "(del D: utfordringer med kjøp av tjenester)."
    ),
)

TABLE_4_7 = Table(
    id="4.7",
    base=PART_A.members,
    rows=BY_SIZE,
    columns=challenge_columns(PART_A),
    note=_("Prosent av kommunene med egen kommunal legevakt (del A) i raden, etter kommunestørrelse."),
)

TABLE_4_8 = Table(
    id="4.8",
    base=PART_B.members,
    rows=BY_SIZE,
    columns=challenge_columns(PART_B),
    note=_("Prosent av vertskommunene (del B) i raden."),
)

TABLE_4_9 = Table(
    id="4.9",
    base=PART_C.members,
    rows=BY_SIZE,
    columns=challenge_columns(PART_C),
    note=_("Prosent av deltakerkommunene (del C) i raden."),
)

TABLES = (
    FIGURE_4_1,
    TABLE_4_1,
    TABLE_4_2,
    TABLE_4_3,
    TABLE_4_4,
    TABLE_4_5,
    TABLE_4_6,
    TABLE_4_7,
    TABLE_4_8,
    TABLE_4_9,
)
