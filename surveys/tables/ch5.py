"""Chapter 5: personnel on duty and doctors' shift types by time of day (Tables 5.1-5.25)."""

from django.utils.translation import gettext_lazy as _

from surveys.tables.base import BY_SIZE, SIZES, Column, Percent, Row, Table, crossed, size_is
from surveys.tables.parts import FORMS, GROUPS, PART_A, PART_B, PART_C, ROLES, TIMES, Part, any_part


def on_duty_in_any_part(time: str):
    """Table 5.1, 5.2: on(m, p, g, t) in at least one part, g being the row's key (G8, I-3)."""
    return any_part(lambda part, data, group: part.on(data, group, time))


def on_duty_in(part: Part, time: str):
    return lambda data, group: part.on(data, group, time)


ON_DUTY_ANY_PART = tuple(Column(Percent(), on_duty_in_any_part(t)) for t in TIMES)


def on_duty_table(table_id: str, part: Part, note) -> Table:
    """Tables 5.3-5.5: one part, personnel groups by time of day."""
    return Table(
        id=table_id,
        base=part.members,
        rows=tuple(Row(key=g) for g in GROUPS),
        columns=tuple(Column(Percent(), on_duty_in(part, t)) for t in TIMES),
        note=note,
    )


def shift_table(table_id: str, part: Part, doctor: str, time: str, by_size: bool) -> Table:
    """Tables 5.6-5.25: base = the part's municipalities that answered the doctor type's block for `time`."""

    def form_ticked(form):
        return lambda data, role: part.shift_cell(data, doctor, time, role, form)

    groups = BY_SIZE if by_size else (Row(),)
    return Table(
        id=table_id,
        base=lambda data, key=None: part.answered(data, doctor, time),
        rows=crossed(groups, ROLES),
        columns=tuple(Column(Percent(), form_ticked(f)) for f in FORMS),
        note=SHIFT_NOTE,
    )


SHIFT_NOTE = _(
    "Prosent av kommunene i raden som hadde legetypen på vakt på dette tidspunktet og svarte på vakttypene. "
    "Flere vaktformer kan være krysset av for samme vakt, og en vakt kan stå tom, så radene summerer ikke "
    "nødvendigvis til 100."
)

TABLE_5_1 = Table(
    id="5.1",
    rows=tuple(Row(key=g) for g in GROUPS),
    columns=ON_DUTY_ANY_PART,
    note=_(
        "Prosent av alle svarende kommuner. En kommune telles én gang selv om flere av dens "
        "organisasjonsformer har personellgruppen på vakt."
    ),
)

TABLE_5_2 = Table(
    id="5.2",
    rows=crossed(tuple(Row(size_is(i)) for i in SIZES), GROUPS),
    columns=ON_DUTY_ANY_PART,
    note=_("Prosent av alle svarende kommuner i størrelsesgruppen, telt én gang som i tabell 5.1."),
)

TABLE_5_3 = on_duty_table(
    "5.3", PART_A, _("Prosent av kommunene med egen kommunal legevakt (del A, også kun daglegevakt).")
)
TABLE_5_4 = on_duty_table("5.4", PART_B, _("Prosent av vertskommunene (del B)."))
TABLE_5_5 = on_duty_table("5.5", PART_C, _("Prosent av deltakerkommunene (del C)."))

TABLE_5_6 = shift_table("5.6", PART_A, "fastleger", "dag", by_size=True)
TABLE_5_7 = shift_table("5.7", PART_A, "andre_leger", "dag", by_size=False)
TABLE_5_8 = shift_table("5.8", PART_A, "fastleger", "kveld", by_size=True)
TABLE_5_9 = shift_table("5.9", PART_A, "andre_leger", "kveld", by_size=False)
TABLE_5_10 = shift_table("5.10", PART_A, "fastleger", "natt", by_size=True)
TABLE_5_11 = shift_table("5.11", PART_A, "andre_leger", "natt", by_size=False)
TABLE_5_12 = shift_table("5.12", PART_A, "fastleger", "helg", by_size=True)
TABLE_5_13 = shift_table("5.13", PART_A, "andre_leger", "helg", by_size=False)
TABLE_5_14 = shift_table("5.14", PART_B, "fastleger", "dag", by_size=True)
TABLE_5_15 = shift_table("5.15", PART_B, "andre_leger", "dag", by_size=False)
TABLE_5_16 = shift_table("5.16", PART_B, "fastleger", "kveld", by_size=True)
TABLE_5_17 = shift_table("5.17", PART_B, "andre_leger", "kveld", by_size=False)
TABLE_5_18 = shift_table("5.18", PART_B, "fastleger", "natt", by_size=True)
TABLE_5_19 = shift_table("5.19", PART_B, "andre_leger", "natt", by_size=False)
TABLE_5_20 = shift_table("5.20", PART_B, "fastleger", "helg", by_size=True)
TABLE_5_21 = shift_table("5.21", PART_B, "andre_leger", "helg", by_size=False)
TABLE_5_22 = shift_table("5.22", PART_C, "fastleger", "dag", by_size=True)
TABLE_5_23 = shift_table("5.23", PART_C, "fastleger", "kveld", by_size=True)
TABLE_5_24 = shift_table("5.24", PART_C, "fastleger", "natt", by_size=True)
TABLE_5_25 = shift_table("5.25", PART_C, "fastleger", "helg", by_size=True)

TABLES = (
    TABLE_5_1,
    TABLE_5_2,
    TABLE_5_3,
    TABLE_5_4,
    TABLE_5_5,
    TABLE_5_6,
    TABLE_5_7,
    TABLE_5_8,
    TABLE_5_9,
    TABLE_5_10,
    TABLE_5_11,
    TABLE_5_12,
    TABLE_5_13,
    TABLE_5_14,
    TABLE_5_15,
    TABLE_5_16,
    TABLE_5_17,
    TABLE_5_18,
    TABLE_5_19,
    TABLE_5_20,
    TABLE_5_21,
    TABLE_5_22,
    TABLE_5_23,
    TABLE_5_24,
    TABLE_5_25,
)
