"""Chapter 6: costs. Table 6.1 is external accounts data; 6.2-6.4 are unweighted means per inhabitant.

The cost tables follow cost-methods.md 1.3-1.7: the population is the eligible municipalities with a present
amount not coded `unusable` by an editor (0 and negative amounts included, I-4); "the whole day" means exactly
one part ticked (I-9); each table merges the size groups its own way.
"""

from django.utils.translation import gettext_lazy as _

from surveys.tables.base import (
    PUBLISHED_DIR,
    Column,
    Count,
    ExternalTable,
    MeanPerInhabitant,
    Row,
    Table,
    all_of,
    answer,
    coded,
    negated,
    parts_ticked,
    present,
    size_is,
)
from surveys.tables.parts import PART_A, PART_B, PART_C, Part

UNUSABLE = "unusable"
WHOLE_DAY = parts_ticked(lambda n: n == 1)  # I-9

TABLE_6_1 = ExternalTable(
    id="6.1",
    rows=(Row(),),
    columns=tuple(Column(Count()) for _year in range(2015, 2022)),  # one per year; values from `source`
    source=PUBLISHED_DIR / "accounts_f241.csv",
    note=_(
        "Kilde: KOSTRA, kommuneregnskapet (publisert nasjonal serie). Ikke beregnet fra kartleggingen, og "
        "funksjon 241 omfatter mer enn legevakt."
    ),
)


def cost_table(table_id: str, part: Part, eligible, size_rows: tuple[tuple[int, ...], ...], note) -> Table:
    """Totalt + merged size groups (indices of SIZE_GROUPS); columns: municipalities, mean kr per inhabitant."""
    population = all_of(eligible, present(part.cost), negated(coded(part.cost, UNUSABLE)))
    return Table(
        id=table_id,
        base=population,
        rows=(Row(), *(Row(size_is(*groups)) for groups in size_rows)),
        columns=(Column(Count()), Column(MeanPerInhabitant(part.cost))),
        parts_of_total=tuple(range(1, len(size_rows) + 1)),
        note=note,
    )


TABLE_6_2 = cost_table(
    "6.2",
    PART_A,
    all_of(WHOLE_DAY, PART_A.members, answer("a_variant", "ordinaer")),
    ((0,), (1,), (2, 3), (4, 5)),
    _(
        "Kommuner med bare egen ordinær kommunal legevakt (del A) og et brukbart beløp. Uvektet "
        "gjennomsnitt av netto driftsutgifter per innbygger i egen kommune."
    ),
)

TABLE_6_3 = cost_table(
    "6.3",
    PART_B,
    all_of(WHOLE_DAY, PART_B.members),
    ((0, 1), (2, 3), (4,), (5,)),
    _(
        "Kommuner som bare er vertskommune (del B), med et brukbart beløp for vertskommunens egen andel. "
        "Uvektet gjennomsnitt per innbygger i vertskommunen."
    ),
)

TABLE_6_4 = cost_table(
    "6.4",
    PART_C,
    all_of(WHOLE_DAY, PART_C.members),
    ((0,), (1,), (2,), (3, 4, 5)),
    _(
        "Kommuner som bare er deltakerkommune (del C), med et brukbart beløp. Uvektet gjennomsnitt per "
        "innbygger i egen kommune."
    ),
)

TABLES = (TABLE_6_1, TABLE_6_2, TABLE_6_3, TABLE_6_4)
