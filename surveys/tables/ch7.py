"""Chapter 7: ability to report doctors' hours (Part E) and årsverk comments (Tables 7.1-7.7)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from surveys.tables.base import BY_CENTRALITY, BY_SIZE, Column, Count, Percent, Row, Table, everyone, yes
from surveys.tables.parts import DOCTOR_GROUPS, E_QUESTIONS, PART_A, PART_B, PART_C, Part

CAN, CANNOT = "can", "cannot"  # editor codes of an årsverk comment; `unclear` and uncoded go to the rest

YES_COLUMNS = tuple(Column(Percent(), yes(var)) for var in E_QUESTIONS)
E_NOTE = _("Prosent av alle svarende kommuner i raden; de som ikke svarte er med i nevneren.")

TABLE_7_1 = Table(
    id="7.1",
    rows=tuple(Row(key=var) for var in E_QUESTIONS),
    columns=(
        Column(Percent(), lambda data, var: data.yes(var)),
        Column(Percent(), lambda data, var: data.answer(var, "nei")),
        Column(Percent(), lambda data, var: data.blank(var)),
    ),
    note=_("Prosent av alle svarende kommuner. Uoppgitt: spørsmålet er ikke besvart."),
)

TABLE_7_2 = Table(id="7.2", rows=BY_SIZE, columns=YES_COLUMNS, note=E_NOTE)

TABLE_7_3 = Table(id="7.3", rows=BY_CENTRALITY, columns=YES_COLUMNS, note=E_NOTE)

TABLE_7_4 = Table(
    id="7.4",
    rows=(Row(), Row(PART_A.members), Row(PART_B.members), Row(PART_C.members)),
    columns=YES_COLUMNS,
    note=_("Prosent av kommunene i raden. En kommune med flere organisasjonsformer er med i hver av radene."),
)


def arsverk_table(table_id: str, part: Part, note) -> Table:
    """Rows: doctor groups used in the part. Columns: members, can, cannot, the rest (section 2 codes).

    I-11: in Parts A and B a member that reported fast_ansatte årsverk counts as "can" whatever the code.
    """

    def reported(data, group):
        if group == "fast_ansatte" and part.arsverk:
            return data.present(part.arsverk)
        return ~data.everyone()

    def can(data, group):
        return reported(data, group) | data.coded(part.comment[group], CAN)

    def cannot(data, group):
        return ~reported(data, group) & data.coded(part.comment[group], CANNOT)

    def rest(data, group):
        return ~can(data, group) & ~cannot(data, group)

    return Table(
        id=table_id,
        base=part.members,
        rows=tuple(Row(lambda data, key=None, g=g: part.used_mask(data, g), key=g) for g in DOCTOR_GROUPS),
        columns=(Column(Count(), everyone), Column(Count(), can), Column(Count(), cannot), Column(Count(), rest)),
        note=format_lazy("{} {}", ARSVERK_NOTE, note),
    )


ARSVERK_NOTE = _(
    "Antall kommuner som bruker legegruppen, fordelt etter kontrollørens koding av kommentaren om avtalte "
    "årsverk. Ukodet og uklart telles i siste kolonne."
)

TABLE_7_5 = arsverk_table(
    "7.5", PART_A, _("Fast ansatte leger: kommuner som har oppgitt årsverk, telles som at de kan svare.")
)
TABLE_7_6 = arsverk_table(
    "7.6", PART_B, _("Fast ansatte leger: kommuner som har oppgitt årsverk, telles som at de kan svare.")
)
TABLE_7_7 = arsverk_table("7.7", PART_C, _("Del C ble ikke spurt om årsverk; bare kodingen avgjør."))

TABLES = (TABLE_7_1, TABLE_7_2, TABLE_7_3, TABLE_7_4, TABLE_7_5, TABLE_7_6, TABLE_7_7)
