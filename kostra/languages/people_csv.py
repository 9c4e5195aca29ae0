"""CSV files meant for people, which must open right in a spreadsheet set up for the reader's language.

Excel set up for Norwegian reads `;` as the separator and `,` as the decimal sign, and needs a byte order mark to
read UTF-8; the English settings expect `,` and `.`. The interchange CSVs of the command line are a contract
(comma, decimal point, no BOM) and never come here.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse

from kostra.spreadsheet_cells import safe_cell
from questionnaire.schema import text_language

BOM = "\ufeff"
DECIMAL_TEXT = re.compile(r"^-?\d+\.\d+$")  # a decimal in the stored text encoding, e.g. "12.5"


def dialect() -> tuple[str, str]:
    """(separator, decimal sign) of the active language."""
    return (",", ".") if text_language() == "en" else (";", ",")


def _cell(value, decimal_sign: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float | Decimal):
        value = str(value)
    elif not isinstance(value, str):
        return str(value)
    return value.replace(".", decimal_sign) if DECIMAL_TEXT.match(value) else value


def people_csv(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """The text of the file: BOM, header and rows in the active language's separator and decimal sign."""
    separator, decimal_sign = dialect()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow([str(h) for h in header])
    for row in rows:
        writer.writerow([_cell(safe_cell(value), decimal_sign) for value in row])  # formula-safe first
    return BOM + out.getvalue()


def people_csv_response(header: Sequence[str], rows: Iterable[Sequence], file_stem: str) -> HttpResponse:
    """A download of `people_csv`; `file_stem` is already in the page's language."""
    answer = HttpResponse(people_csv(header, rows).encode("utf-8"), content_type="text/csv; charset=utf-8")
    answer["Content-Disposition"] = f'attachment; filename="{file_stem}.csv"'
    return answer
