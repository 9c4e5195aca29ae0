"""Load a municipality register file into the database (used by the data migration and by tests)."""

import csv
from pathlib import Path

from django.conf import settings

COLUMNS = (
    "kommunenummer",
    "kommunenavn",
    "fylkesnummer",
    "fylkesnavn",
    "innbyggere",
    "sentralitet_klasse",
    "sentralitet_indeks",
)


class RegisterError(ValueError):
    pass


def register_path(year: int) -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / f"kommuner_{year}.csv"


def read_register(path: Path) -> list[dict]:
    """Rows of a register CSV, checked; errors name the row and column."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise RegisterError(f"{path.name}: missing columns {', '.join(missing)}")
        rows = []
        for line, row in enumerate(reader, start=2):
            for column in ("innbyggere", "sentralitet_klasse", "sentralitet_indeks"):
                if not row[column].isdigit():
                    raise RegisterError(f"{path.name}: row {line}, column {column}: not a whole number")
            if len(row["kommunenummer"]) != 4 or not row["kommunenummer"].isdigit():
                raise RegisterError(f"{path.name}: row {line}, column kommunenummer: not 4 digits")
            rows.append(row)
    return rows


def load_register(year: int, path: Path | None = None, municipality_model=None) -> int:
    """Create or update the register of `year`; returns the number of municipalities."""
    if municipality_model is None:
        from kostra.reference.models import Municipality as municipality_model
    rows = read_register(path or register_path(year))
    for row in rows:
        municipality_model.objects.update_or_create(
            year=year,
            number=row["kommunenummer"],
            defaults={
                "name": row["kommunenavn"],
                "county_number": row["fylkesnummer"],
                "county_name": row["fylkesnavn"],
                "population": int(row["innbyggere"]),
                "centrality_class": int(row["sentralitet_klasse"]),
                "centrality_index": int(row["sentralitet_indeks"]),
            },
        )
    return len(rows)
