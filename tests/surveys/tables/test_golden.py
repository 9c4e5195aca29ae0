"""The sample year: export_tables --format json reproduces tests/data/expected-2021 cell for cell.

The comparison is the shared checker's (table-definitions.md section 8): tables matched by their `table`
field, cells by row and column label, numbers equal after rounding half up to the published precision
(whole numbers; årsverk one decimal), null equal only to null; a missing table leaves all its cells unmatched.
"""

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).parents[3]
SAMPLE = ROOT / "fixtures" / "sample-2021"
EXPECTED = ROOT / "tests" / "data" / "expected-2021"


def _rounded(value, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _same(expected, actual) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(actual, bool) or not isinstance(actual, int | float):
        return False
    places = 0 if float(expected).is_integer() else 1
    return _rounded(expected, places) == _rounded(actual, places)


def _tables(directory: Path) -> dict[str, dict]:
    tables = {}
    for path in sorted(directory.glob("*.json")):
        table = json.loads(path.read_text(encoding="utf-8"))
        tables[table["table"]] = table
    return tables


def compare(expected_dir: Path, actual_dir: Path) -> tuple[int, int, list[str]]:
    """(cells matched, cells expected, descriptions of the cells that differ)."""
    actual_tables = _tables(actual_dir)
    matched, total, problems = 0, 0, []
    for table_id, expected in _tables(expected_dir).items():
        actual = actual_tables.get(table_id)
        cells = {}
        if actual is not None:
            for row, row_values in zip(actual["rows"], actual["values"], strict=True):
                for column, value in zip(actual["columns"], row_values, strict=True):
                    cells[(row, column)] = value
        for row, row_values in zip(expected["rows"], expected["values"], strict=True):
            for column, value in zip(expected["columns"], row_values, strict=True):
                total += 1
                key = (row, column)
                if key in cells and _same(value, cells[key]):
                    matched += 1
                else:
                    problems.append(f"{table_id} [{row}] [{column}]: expected {value}, got {cells.get(key, 'nothing')}")
    return matched, total, problems


@pytest.mark.parametrize("name", ["responses.csv", "responses_linked.csv"])
def test_export_tables_reproduces_the_expected_sample_tables(survey_2021, tmp_path, capsys, name):
    call_command("import_responses", str(SAMPLE / name), "--year", "2021")
    out = tmp_path / "tables"
    call_command("export_tables", "--out", str(out), "--year", "2021", "--format", "json")

    matched, total, problems = compare(EXPECTED, out)
    with capsys.disabled():
        print(f"\n{name}: {matched} of {total} expected cells matched")
    assert problems == []
    assert matched == total == 2297
    expected, actual = _tables(EXPECTED), _tables(out)
    assert sorted(actual) == sorted(expected)  # 54 tables: all but 6.1
    for table_id, table in expected.items():
        assert (actual[table_id]["title"], actual[table_id]["N"]) == (table["title"], table["N"]), table_id
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in EXPECTED.iterdir())


def test_the_comparison_rounds_to_the_published_precision_and_null_only_equals_null():
    assert _same(41.4, 41.35)
    assert not _same(41.4, 41.34)
    assert _same(12, 12.4) and not _same(12, 12.5)
    assert _same(None, None) and not _same(None, 0) and not _same(0, None)
