"""Rendering of computed tables (dicts in the interchange shape) as JSON, CSV, Excel, JSON-stat and HTML rows.

Every format is written from the same dict, whether live or from a published snapshot: one code path per
format for all tables (interchange.md section 2).
"""

import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from django.utils import formats
from django.utils.translation import gettext as _

from kostra.spreadsheet_cells import SafeCsvWriter, safe_cell, safe_row
from questionnaire.schema import text_language
from surveys.tables.catalogue import TABLES, slug

INTERCHANGE_KEYS = ("table", "title", "N", "rows", "columns", "values")
FORMATS = ("json", "csv", "xlsx")
EMPTY_BASE = ".."  # the report's symbol for a cell without municipalities in its base
SUPPRESSED = ":"  # SSB's symbol for a value withheld for confidentiality
SHEET_NAME = "Tabell"


def interchange(table: dict) -> dict:
    """The interchange shape only (drops units and suppression marks)."""
    return {key: table[key] for key in INTERCHANGE_KEYS}


def file_name(table: dict, extension: str) -> str:
    return f"table_{slug(table['table'])}.{extension}"


def frame(table: dict) -> pd.DataFrame:
    """The table as a DataFrame: row labels as index, column labels as columns, None for empty cells."""
    rows, columns = safe_row(table["rows"]), safe_row(table["columns"])
    data = pd.DataFrame(table["values"], index=rows, columns=columns, dtype=object)
    data.index.name = ""
    return data


def json_bytes(table: dict) -> bytes:
    return json.dumps(interchange(table), ensure_ascii=False, indent=1).encode("utf-8")


def csv_bytes(table: dict) -> bytes:
    """UTF-8, comma-separated: a header of column labels, then one line per row label; empty cell = null."""
    out = io.StringIO(newline="")
    writer = SafeCsvWriter(out)
    writer.writerow(["", *table["columns"]])
    for label, values in zip(table["rows"], table["values"], strict=True):
        writer.writerow([label, *("" if v is None else v for v in values)])
    return out.getvalue().encode("utf-8")


def _about_rows(table: dict) -> list[tuple[str, str]]:
    definition = TABLES.get(table["table"])
    rows = [
        (_("Tabell"), table["table"]),
        (_("Tittel"), table["title"]),
        ("N", "" if table["N"] is None else str(table["N"])),
    ]
    if definition is not None and definition.note:
        rows.append((_("Merknad"), str(definition.note)))
    if any(any(row) for row in table.get("suppressed") or ()):
        rows.append((SUPPRESSED, _("Vises ikke av hensyn til personvern (for få kommuner).")))
    rows.append(("", _("Tom celle: ingen kommuner i grunnlaget.")))
    return rows


def xlsx_bytes(table: dict) -> bytes:
    """One table: sheet `Tabell` (opens with pandas.read_excel(index_col=0)) and a sheet about the table."""
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        frame(table).to_excel(writer, sheet_name=SHEET_NAME)
        pd.DataFrame(_about_rows(table)).to_excel(writer, sheet_name=_("Om tabellen"), header=False, index=False)
    return out.getvalue()


def workbook_bytes(tables: Iterable[dict]) -> bytes:
    """All tables in one workbook: a contents sheet, then one sheet per table (title in A1, table from A3)."""
    tables = list(tables)
    contents = pd.DataFrame([(t["table"], t["title"], t["N"]) for t in tables], columns=[_("Tabell"), _("Tittel"), "N"])
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        contents.to_excel(writer, sheet_name=_("Innhold"), index=False)
        for table in tables:
            frame(table).to_excel(writer, sheet_name=table["table"], startrow=2)
            sheet = writer.sheets[table["table"]]
            sheet.cell(row=1, column=1, value=safe_cell(f"{table['table']}. {table['title']}"))
            sheet.cell(row=2, column=1, value=f"N = {table['N']}" if table["N"] is not None else "")
    return out.getvalue()


def jsonstat(table: dict) -> dict:
    """JSON-stat 2.0 dataset: dimensions `rad` and `kolonne`, values row by row, status for suppressed cells."""
    rows, columns = table["rows"], table["columns"]
    suppressed = table.get("suppressed") or [[False] * len(columns) for _row in rows]
    values, status = [], {}
    for r, row in enumerate(table["values"]):
        for c, value in enumerate(row):
            position = r * len(columns) + c
            values.append(value)
            if suppressed[r][c]:
                status[str(position)] = SUPPRESSED
            elif value is None:
                status[str(position)] = EMPTY_BASE
    definition = TABLES.get(table["table"])
    dataset = {
        "version": "2.0",
        "class": "dataset",
        "label": f"{table['table']}. {table['title']}",
        "source": _("Legevaktkartleggingen (KOSTRA-skjema 1, del 2-4)"),
        "id": ["rad", "kolonne"],
        "size": [len(rows), len(columns)],
        "dimension": {
            "rad": _dimension(_("Rad"), rows),
            "kolonne": _dimension(_("Kolonne"), columns),
        },
        "value": values,
        # JSON-stat has one language per dataset: the texts here follow the page, the table's title and labels
        # are the published report's bokmål; the extension says which is which.
        "extension": {"table": table["table"], "N": table["N"], "language": text_language(), "labels_language": "nb"},
    }
    if status:
        dataset["status"] = status
    if definition is not None and definition.note:
        dataset["note"] = [str(definition.note)]
    return dataset


def _dimension(label: str, labels: list[str]) -> dict:
    ids = [str(i) for i in range(len(labels))]
    return {
        "label": label,
        "category": {"index": ids, "label": dict(zip(ids, labels, strict=True))},
    }


WRITERS: dict[str, Callable[[dict], bytes]] = {"json": json_bytes, "csv": csv_bytes, "xlsx": xlsx_bytes}


def write_tables(tables: Iterable[dict], out_dir: Path, fmt: str) -> list[Path]:
    """One file per table, all written to a temporary directory first, then moved into `out_dir`.

    A failure while writing leaves `out_dir` as it was; only complete files are ever moved in.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(f"{out_dir} is not a directory")
    parent = out_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tables-", dir=parent))
    try:
        names = []
        for table in tables:
            name = file_name(table, fmt)
            (staging / name).write_bytes(WRITERS[fmt](table))
            names.append(name)
        if not out_dir.exists():
            staging.rename(out_dir)
        else:
            for name in names:
                os.replace(staging / name, out_dir / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out_dir / name for name in names]


# --- HTML ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DisplayCell:
    text: str
    status: str | None = None  # EMPTY_BASE or SUPPRESSED
    href: str | None = None


@dataclass(frozen=True)
class DisplayRow:
    label: str
    cells: list[DisplayCell]


def format_value(value) -> str:
    """Whole numbers with thousands grouping, årsverk with one decimal, in the active language's format."""
    if isinstance(value, float):
        return formats.number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def display_rows(table: dict, cell_url: Callable[[int, int], str] | None = None) -> list[DisplayRow]:
    """Rows of formatted cells; `cell_url` (editors only) links a cell to its municipalities."""
    suppressed = table.get("suppressed")
    rows = []
    for r, (label, values) in enumerate(zip(table["rows"], table["values"], strict=True)):
        cells = []
        for c, value in enumerate(values):
            if suppressed and suppressed[r][c]:
                cells.append(DisplayCell(SUPPRESSED, SUPPRESSED))
            elif value is None:
                cells.append(DisplayCell(EMPTY_BASE, EMPTY_BASE))
            else:
                cells.append(DisplayCell(format_value(value), href=cell_url(r, c) if cell_url else None))
        rows.append(DisplayRow(label, cells))
    return rows
