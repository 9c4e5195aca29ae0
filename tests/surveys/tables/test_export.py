"""export_tables and the download formats: files per table, readable by pandas, never half-written."""

import io
import json

import pandas as pd
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from surveys.tables import export
from surveys.tables.catalogue import TABLES, computed_tables
from surveys.tables.ch4 import TABLE_4_5
from surveys.tables.ch6 import TABLE_6_1
from surveys.tables.data import load_year
from surveys.tables.disclosure import disclose


@pytest.fixture
def small_year(survey_2021, response_factory):
    """Three submitted responses: enough for every table to have some values."""
    for number, answers in (
        ("4601", {"s24_legevakt_parts": "B", "b_fast_ansatte_used": "ja", "b_fast_ansatte_count": "3"}),
        ("4620", {"s24_legevakt_parts": "C", "c_net_operating_cost": "900"}),
        ("4621", {"s24_legevakt_parts": "A", "a_variant": "ordinaer", "a_net_operating_cost": "2000"}),
    ):
        response = response_factory(number, **answers)
        response.first_submitted_at = timezone.now()
        response.save()
    return survey_2021


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_export_tables_writes_one_file_per_computable_table(small_year, tmp_path, fmt):
    out = tmp_path / "out"
    call_command("export_tables", "--out", str(out), "--format", fmt)
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == len(computed_tables()) == 54
    assert "table_Figur_3.1." + fmt in names and "table_6.1." + fmt not in names


def test_csv_and_xlsx_open_in_pandas_with_the_json_values(small_year, tmp_path):
    for fmt in ("json", "csv", "xlsx"):
        call_command("export_tables", "--out", str(tmp_path / fmt), "--format", fmt)
    for table in computed_tables():
        name = export.file_name({"table": table.id}, "")
        as_json = json.loads((tmp_path / "json" / f"{name}json").read_text(encoding="utf-8"))
        from_csv = pd.read_csv(tmp_path / "csv" / f"{name}csv", index_col=0)
        from_xlsx = pd.read_excel(tmp_path / "xlsx" / f"{name}xlsx", index_col=0)
        expected = pd.DataFrame(as_json["values"], index=as_json["rows"], columns=as_json["columns"], dtype=float)
        for frame in (from_csv, from_xlsx):
            assert list(frame.index) == as_json["rows"]
            assert list(frame.columns) == as_json["columns"]
            pd.testing.assert_frame_equal(frame.astype(float), expected, check_names=False)


def test_a_failure_leaves_no_output_behind(small_year, tmp_path, monkeypatch):
    calls = []

    def failing(table):
        calls.append(table["table"])
        if len(calls) == 10:
            raise OSError(28, "No space left on device")
        return b"{}"

    monkeypatch.setitem(export.WRITERS, "json", failing)
    out = tmp_path / "out"
    with pytest.raises(CommandError, match="No space left"):
        call_command("export_tables", "--out", str(out))
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no staging directory left either

    out.mkdir()
    (out / "table_2.1.json").write_text("old", encoding="utf-8")
    calls.clear()
    with pytest.raises(CommandError):
        call_command("export_tables", "--out", str(out))
    assert [p.name for p in out.iterdir()] == ["table_2.1.json"]
    assert (out / "table_2.1.json").read_text(encoding="utf-8") == "old"


def test_export_tables_refuses_an_unknown_year_and_a_file_as_directory(small_year, tmp_path):
    with pytest.raises(CommandError, match="no survey for the year 1999"):
        call_command("export_tables", "--out", str(tmp_path / "x"), "--year", "1999")
    target = tmp_path / "file"
    target.write_text("", encoding="utf-8")
    with pytest.raises(CommandError, match="not a directory"):
        call_command("export_tables", "--out", str(target))


def test_jsonstat_dataset_has_both_dimensions_and_marks_empty_and_withheld_cells(small_year):
    table = disclose(TABLE_4_5.compute(load_year(small_year)), min_units=3)
    dataset = export.jsonstat(table)
    assert dataset["version"] == "2.0" and dataset["class"] == "dataset"
    assert dataset["id"] == ["rad", "kolonne"] and dataset["size"] == [18, 1]
    assert list(dataset["dimension"]["rad"]["category"]["label"].values()) == table["rows"]
    assert len(dataset["value"]) == 18
    # B fast ansatte: 3 from one municipality, withheld in public
    assert dataset["value"][6] is None and dataset["status"]["6"] == ":"


def test_workbook_has_every_table_including_the_external_accounts(small_year):
    tables = [table.compute(load_year(small_year)) for table in TABLES.values()]
    sheets = pd.read_excel(io.BytesIO(export.workbook_bytes(tables)), sheet_name=None, header=None)
    assert len(sheets) == 1 + len(TABLES) == 56
    accounts = pd.read_excel(io.BytesIO(export.workbook_bytes(tables)), sheet_name="6.1", skiprows=2, index_col=0)
    assert list(accounts.loc["Hele landet"]) == TABLE_6_1.compute()["values"][0]
    assert sheets["4.2"].iloc[0, 0].startswith("4.2. Andel kommuner")


@pytest.mark.parametrize(("language", "row_label"), [("nb", "Rad"), ("nn", "Rad"), ("en", "Row")])
def test_jsonstat_texts_follow_the_language_and_say_the_labels_are_bokmal(small_year, language, row_label):
    from django.utils import translation

    table = TABLE_4_5.compute(load_year(small_year))
    with translation.override(language):
        dataset = export.jsonstat(table)
    assert dataset["dimension"]["rad"]["label"] == row_label
    assert dataset["extension"]["language"] == language and dataset["extension"]["labels_language"] == "nb"
    assert list(dataset["dimension"]["rad"]["category"]["label"].values()) == table["rows"]  # published bokmål
