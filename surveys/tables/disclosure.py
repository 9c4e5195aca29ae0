"""Disclosure control of published tables (docs/tables.md, "Disclosure control").

Only amounts are protected: a cell whose statistic shows an amount (a cost table's mean kroner per inhabitant,
a sum of head counts or årsverk) is withheld when it is built from fewer than settings.DISCLOSURE_MIN_UNITS
municipalities. Counts and percentages of municipalities are not: which municipalities have which
organisation is public. When a table's group rows add up to a total row (the cost tables), a single
withheld group could be recovered from the total and the other groups, so the smallest other group of that
column is withheld too. Live tables for editors and export_tables are never suppressed.
"""

from django.conf import settings

from surveys.tables.catalogue import TABLES


def suppressed_cells(table: dict, min_units: int) -> list[list[bool]]:
    units = table.get("units") or [[None] * len(table["columns"]) for _row in table["rows"]]
    hidden = [[u is not None and u < min_units for u in row] for row in units]
    definition = TABLES.get(table["table"])
    group_rows = definition.parts_of_total if definition else ()
    for c in range(len(table["columns"])):
        withheld = [r for r in group_rows if hidden[r][c] and units[r][c]]
        if len(withheld) != 1 or hidden[0][c]:
            continue
        candidates = [r for r in group_rows if not hidden[r][c] and units[r][c]]
        if candidates:
            hidden[min(candidates, key=lambda r: units[r][c])][c] = True
    return hidden


def disclose(table: dict, min_units: int | None = None) -> dict:
    """A copy of `table` as the public sees it: withheld values are None and marked in `suppressed`."""
    if min_units is None:
        min_units = settings.DISCLOSURE_MIN_UNITS
    hidden = suppressed_cells(table, min_units)
    values = [
        [None if hide else value for value, hide in zip(row, hidden_row, strict=True)]
        for row, hidden_row in zip(table["values"], hidden, strict=True)
    ]
    public = {key: value for key, value in table.items() if key != "units"}
    return public | {"values": values, "suppressed": hidden}
