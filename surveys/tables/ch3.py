"""Chapter 3: organisation of legevakt in parts A-D. Base: the responding municipalities (G1)."""

from django.utils.translation import gettext_lazy as _

from surveys.tables.base import (
    BY_CENTRALITY,
    BY_SIZE,
    Column,
    Count,
    Percent,
    Row,
    Table,
    all_of,
    answer,
    by_key,
    chosen,
    in_part,
    parts_ticked,
)

A_ORDINARY = all_of(in_part("A"), answer("a_variant", "ordinaer"))  # G4
A_DAYTIME_ONLY = all_of(in_part("A"), answer("a_variant", "kun_daglegevakt"))
COMBINATION = parts_ticked(lambda n: n >= 2)
COOPERATION_TYPES = ("vertskommunesamarbeid", "omgang", "iks_as")  # options of c_cooperation_types

PERCENT_OF_ROW = _("Prosent av alle svarende kommuner i raden.")

FIGURE_3_1 = Table(
    id="Figur 3.1",
    rows=tuple(
        Row(key=k)
        for k in (
            in_part("A"),
            A_DAYTIME_ONLY,
            A_ORDINARY,
            in_part("B"),
            in_part("C"),
            in_part("D"),
            COMBINATION,
        )
    ),
    columns=(Column(Count(), by_key),),
    chart=True,
    note=_("En kommune med flere organisasjonsformer telles under hver av dem."),
)

TABLE_3_1 = Table(
    id="3.1",
    rows=tuple(Row(key=k) for k in (A_ORDINARY, A_DAYTIME_ONLY, in_part("B"), in_part("C"), in_part("D"), COMBINATION)),
    columns=(Column(Count(), by_key), Column(Percent(), by_key)),
    note=_("Andel av alle svarende kommuner. En kommune med flere organisasjonsformer telles under hver av dem."),
)

TABLE_3_2 = Table(
    id="3.2",
    rows=BY_CENTRALITY,
    columns=tuple(Column(Percent(), s) for s in (A_ORDINARY, A_DAYTIME_ONLY, in_part("B"), in_part("C"))),
    note=PERCENT_OF_ROW,
)

TABLE_3_3 = Table(
    id="3.3",
    rows=BY_CENTRALITY,
    columns=(Column(Count(), COMBINATION), Column(Percent(), COMBINATION)),
    note=_("Kommuner som har krysset av for to eller flere organisasjonsformer (del A-D)."),
)

TABLE_3_4 = Table(
    id="3.4",
    rows=BY_SIZE,
    columns=(Column(Percent(), A_ORDINARY), Column(Percent(), A_DAYTIME_ONLY)),
    note=PERCENT_OF_ROW,
)

TABLE_3_5 = Table(
    id="3.5",
    rows=BY_SIZE,
    columns=(Column(Count(), in_part("B")), Column(Percent(), in_part("B"))),
    note=PERCENT_OF_ROW,
)

TABLE_3_6 = Table(
    id="3.6",
    rows=BY_SIZE,
    columns=(
        Column(Percent(), in_part("C")),
        *(Column(Percent(), chosen("c_cooperation_types", code)) for code in COOPERATION_TYPES),
    ),
    note=_("Prosent av alle svarende kommuner i raden. En deltakerkommune kan krysse av for flere typer samarbeid."),
)

TABLES = (FIGURE_3_1, TABLE_3_1, TABLE_3_2, TABLE_3_3, TABLE_3_4, TABLE_3_5, TABLE_3_6)
