"""What a publication would change: per table, the cells that differ from the current publication, and a
fingerprint of the tables shown, so that what the admin confirms is what gets published."""

import hashlib
import json
from dataclasses import dataclass


@dataclass(frozen=True)
class TableChange:
    id: str
    title: str
    changed: int  # cells whose value differs, appears or disappears
    cells: int  # cells of the new table
    new: bool  # not in the current publication

    @property
    def unchanged(self) -> bool:
        return self.changed == 0 and not self.new


def _cells(table: dict) -> dict[tuple[str, str], object]:
    """Cells keyed by (row label, column label), so a moved row counts as the same cell."""
    return {
        (str(row), str(column)): value
        for row, values in zip(table.get("rows", []), table.get("values", []), strict=False)
        for column, value in zip(table.get("columns", []), values, strict=False)
    }


def changes(tables: list[dict], published: list[dict] | None) -> list[TableChange]:
    """Each new table against the table of the same id in `published` (None: nothing published yet)."""
    before = {t["table"]: _cells(t) for t in published or []}
    found = []
    for table in tables:
        now = _cells(table)
        old = before.get(table["table"])
        if old is None:
            changed = len(now)
        else:
            changed = sum(1 for key in now.keys() | old.keys() if now.get(key) != old.get(key))
        found.append(TableChange(table["table"], table.get("title", ""), changed, len(now), old is None))
    return found


def fingerprint(tables: list[dict]) -> str:
    text = json.dumps(tables, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
