"""Cells of CSV and Excel files for people: text that a spreadsheet would run as a formula is neutralised.

OWASP's rule for CSV injection: a cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is read
by Excel and LibreOffice as a formula (`=HYPERLINK(...)`, `@SUM(...)`, `-2+3+cmd|...`). Such a cell gets a
leading apostrophe, which spreadsheets show as text and do not evaluate. Numbers stay as they are: `-12` and
`-0.5` are values, not formulas, and a number cell is never changed.

Every CSV or Excel file that the web service hands to a person goes through `safe_cell` (the audit trail, the
codes, the tables). The command-line interchange files (docs/security.md) are for machines and stay byte-exact.
"""

import csv
import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value):
    """The value, or the text with a leading apostrophe when a spreadsheet would read it as a formula."""
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    if _NUMBER.fullmatch(value):
        return value
    return "'" + value


def safe_row(row) -> list:
    return [safe_cell(value) for value in row]


class SafeCsvWriter:
    """csv.writer whose rows pass through `safe_cell`, lines ending in `\\n`."""

    def __init__(self, out):
        self._writer = csv.writer(out, lineterminator="\n")
        # Python 3.11 quotes a field only for the characters of its own line terminator, so a bare carriage
        # return would end the row early in a spreadsheet; a row holding one is written fully quoted.
        self._quoting_writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, row):
        row = safe_row(row)
        has_return = any(isinstance(value, str) and "\r" in value for value in row)
        return (self._quoting_writer if has_return else self._writer).writerow(row)

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)
