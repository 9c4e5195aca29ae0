"""The non-respondent list as CSV or Excel, formula-safe: a cell that a spreadsheet would read as a formula is
written as text."""

import csv
import io

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from openpyxl import Workbook

from collection.dashboard import Row

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(text: str) -> str:
    """A leading apostrophe keeps Excel and LibreOffice from running a cell that starts like a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def header() -> list[str]:
    return [
        _("kommunenummer"),
        _("kommune"),
        _("fylke"),
        _("status"),
        _("kontaktperson"),
        _("e-post"),
        _("siste påminnelse"),
    ]


def table(rows: list[Row]) -> list[list[str]]:
    return [
        [
            safe(str(value))
            for value in (
                r.municipality.number,
                r.municipality.name,
                r.municipality.county_name,
                r.status_label,
                r.contact.name if r.contact else "",
                r.contact.email if r.contact else "",
                date_format(localtime(r.last_reminder), "Y-m-d") if r.last_reminder else "",
            )
        ]
        for r in rows
    ]


def csv_bytes(rows: list[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header())
    writer.writerows(table(rows))
    return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def xlsx_bytes(rows: list[Row]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Ikke svart")
    sheet.append(header())
    for values in table(rows):
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # text, never a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
