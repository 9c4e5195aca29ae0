"""Chapter 2: the municipality register (Tables 2.1, 2.2). Base: every municipality of the register (I-1)."""

from django.utils.translation import gettext_lazy as _

from surveys.tables.base import BY_CENTRALITY, BY_SIZE, REGISTER, Column, Count, Population, Table

REGISTER_COLUMNS = (Column(Population()), Column(Count()))

TABLE_2_1 = Table(
    id="2.1",
    universe=REGISTER,
    rows=BY_SIZE,
    columns=REGISTER_COLUMNS,
    note=_("Alle kommuner i kommuneregisteret for året, med innbyggertall per 31.12."),
)

TABLE_2_2 = Table(
    id="2.2",
    universe=REGISTER,
    rows=BY_CENTRALITY,
    columns=REGISTER_COLUMNS,
    note=_("Alle kommuner i kommuneregisteret for året, etter SSBs sentralitetsklasse."),
)

TABLES = (TABLE_2_1, TABLE_2_2)
