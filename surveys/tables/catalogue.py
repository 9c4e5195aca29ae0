"""Every table of the report, by chapter, in report order; one search from its id (`TABLE_4_2`)."""

from django.utils.translation import gettext_lazy as _

from surveys.tables import ch2, ch3, ch4, ch5, ch6, ch7
from surveys.tables.base import Table

CHAPTERS = (
    (2, _("Kommunene"), ch2.TABLES),
    (3, _("Organisering av legevakt"), ch3.TABLES),
    (4, _("Bemanning"), ch4.TABLES),
    (5, _("Personell og vakttyper gjennom døgnet"), ch5.TABLES),
    (6, _("Kostnader"), ch6.TABLES),
    (7, _("Rapportering av timeverk og årsverk"), ch7.TABLES),
)
TABLES: dict[str, Table] = {table.id: table for _n, _title, tables in CHAPTERS for table in tables}


def computed_tables() -> list[Table]:
    """The tables export_tables writes: computed from the survey (G11); external Table 6.1 is not."""
    return [table for table in TABLES.values() if not table.external]


def slug(table_id: str) -> str:
    """The id as used in file names and URLs: `Figur 3.1` -> `Figur_3.1` (G10)."""
    return table_id.replace(" ", "_")


def by_slug(value: str) -> Table:
    return TABLES[value.replace("_", " ")]
