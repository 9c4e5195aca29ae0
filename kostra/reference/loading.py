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
# Optional column: the municipality's official written form (målvedtak); a file without it loads as neutral.
WRITTEN_FORM_COLUMN = "maalform"
WRITTEN_FORMS = ("nb", "nn", "neutral")


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
            row[WRITTEN_FORM_COLUMN] = (row.get(WRITTEN_FORM_COLUMN) or "neutral").strip()
            if row[WRITTEN_FORM_COLUMN] not in WRITTEN_FORMS:
                raise RegisterError(
                    f"{path.name}: row {line}, column {WRITTEN_FORM_COLUMN}: not one of {', '.join(WRITTEN_FORMS)}"
                )
            rows.append(row)
    return rows


def load_register(year: int, path: Path | None = None, municipality_model=None) -> int:
    """Create or update the register of `year`; returns the number of municipalities."""
    if municipality_model is None:
        from kostra.reference.models import Municipality as municipality_model
    rows = read_register(path or register_path(year))
    # The data migration that first loaded 2021 runs with the model as it was then, without the written form.
    has_written_form = any(f.name == "written_form" for f in municipality_model._meta.get_fields())
    for row in rows:
        defaults = {
            "name": row["kommunenavn"],
            "county_number": row["fylkesnummer"],
            "county_name": row["fylkesnavn"],
            "population": int(row["innbyggere"]),
            "centrality_class": int(row["sentralitet_klasse"]),
            "centrality_index": int(row["sentralitet_indeks"]),
        }
        if has_written_form:
            defaults["written_form"] = row[WRITTEN_FORM_COLUMN]
        municipality_model.objects.update_or_create(year=year, number=row["kommunenummer"], defaults=defaults)
    return len(rows)
