"""import_responses / export_responses: all-or-nothing, precise errors, lossless round trip."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from surveys.models import ChangeLog, Response, SubmissionRound
from surveys.services.values import correct_value

SAMPLE = Path(__file__).parents[2] / "fixtures" / "sample-2021"


def _read(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["kommunenummer"]: row for row in csv.DictReader(handle)}


def _export(tmp_path, values="raw", name="out.csv"):
    out = tmp_path / name
    call_command("export_responses", str(out), "--year", "2021", "--values", values)
    return _read(out)


@pytest.mark.parametrize("name", ["responses.csv", "responses_linked_injected.csv"])
def test_round_trip_gives_identical_cells(survey_2021, tmp_path, name):
    call_command("import_responses", str(SAMPLE / name), "--year", "2021")
    original, exported = _read(SAMPLE / name), _export(tmp_path)
    assert exported.keys() == original.keys()
    for number, row in original.items():
        for column, value in row.items():
            assert exported[number][column] == value, (number, column)


def test_import_stores_submitted_raw_values(survey_2021):
    call_command("import_responses", str(SAMPLE / "responses.csv"))
    response = Response.objects.get(survey=survey_2021, municipality__number="0301")
    assert response.status == Response.Status.SUBMITTED
    assert response.first_submitted_at is not None
    assert SubmissionRound.objects.filter(response=response, number=1).exists()
    assert ChangeLog.objects.filter(response=response, source=ChangeLog.Source.IMPORT).exists()


def _small_file(tmp_path, rows, header="kommunenummer,s24_legevakt_parts,a_fastleger_count,a_net_operating_cost"):
    path = tmp_path / "in.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_five_bad_values_give_five_precise_messages_and_change_nothing(survey_2021, tmp_path, capsys):
    good = _small_file(tmp_path, ["4601,A,12,5000"])
    call_command("import_responses", str(good))
    before = list(Response.objects.values_list("municipality__number", "raw_values", "version"))
    bad = _small_file(
        tmp_path,
        [
            "0301,A|X,-3,100",  # unknown option; negative count
            "9999,B,,200",  # unknown municipality
            "3001,C,4.5,12 000",  # not whole numbers
        ],
    )
    with pytest.raises(CommandError):
        call_command("import_responses", str(bad), "--replace")
    errors = capsys.readouterr().err.strip().splitlines()
    assert errors == [
        "row 2, column s24_legevakt_parts: value A|X: not an option of this question: 'X'",
        "row 2, column a_fastleger_count: value -3: below the lowest allowed value 0",
        "row 3, column kommunenummer: value 9999: not a municipality of the 2021 register",
        "row 4, column a_fastleger_count: value 4.5: not a whole number",
        "row 4, column a_net_operating_cost: value 12 000: not a whole number",
    ]
    assert list(Response.objects.values_list("municipality__number", "raw_values", "version")) == before


def test_unknown_column_and_duplicate_municipality_are_errors(survey_2021, tmp_path, capsys):
    path = _small_file(tmp_path, ["0301,A,1", "0301,B,2"], header="kommunenummer,s24_legevakt_parts,colour")
    with pytest.raises(CommandError):
        call_command("import_responses", str(path))
    errors = capsys.readouterr().err
    assert "row 1, column colour: value colour: not a variable id of the 2021 questionnaire" in errors
    assert "row 3, column kommunenummer: value 0301: the same municipality as row 2" in errors
    assert not Response.objects.exists()


def test_existing_response_needs_replace(survey_2021, tmp_path, capsys):
    call_command("import_responses", str(_small_file(tmp_path, ["4601,A,12,5000"])))
    with pytest.raises(CommandError):
        call_command("import_responses", str(_small_file(tmp_path, ["4601,B,1,1"])))
    assert "a response for 2021 exists already (use --replace)" in capsys.readouterr().err
    call_command("import_responses", str(_small_file(tmp_path, ["4601,B,,1"])), "--replace")
    response = Response.objects.get(municipality__number="4601")
    assert response.raw_values == {"s24_legevakt_parts": "B", "a_net_operating_cost": "1"}
    assert response.rounds.count() == 2


def test_routing_hidden_values_are_stored_verbatim(survey_2021, tmp_path):
    # Part A is not ticked, yet its count and a 0 in a grid row are kept and exported unchanged.
    path = _small_file(
        tmp_path, ["4601,C,7,0"], header="kommunenummer,s24_legevakt_parts,a_fastleger_count,a_staff_time_fastleger_dag"
    )
    call_command("import_responses", str(path))
    assert _export(tmp_path)["4601"]["a_staff_time_fastleger_dag"] == "0"
    assert Response.objects.get().raw_values["a_fastleger_count"] == "7"


def test_edited_export_uses_corrections_and_raw_export_keeps_the_reported_value(survey_2021, tmp_path, editor):
    call_command("import_responses", str(_small_file(tmp_path, ["4601,A,12,5000000"])))
    response = Response.objects.get()
    correct_value(response, "a_net_operating_cost", "5000", editor=editor, reason="1000-feil bekreftet på telefon")
    assert _export(tmp_path, "edited")["4601"]["a_net_operating_cost"] == "5000"
    assert _export(tmp_path, "raw", "raw.csv")["4601"]["a_net_operating_cost"] == "5000000"


def test_failed_export_leaves_the_old_file(survey_2021, tmp_path):
    target = tmp_path / "missing-dir" / "out.csv"
    with pytest.raises(CommandError):
        call_command("export_responses", str(target))
    assert not target.exists()


def test_text_values_with_commas_quotes_and_newlines_survive(survey_2021, tmp_path):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    comment = 'Inkl. "husleie", lønn\nog beredskap'
    writer.writerows([["kommunenummer", "a_cost_comment"], ["4601", comment]])
    path = tmp_path / "in.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    call_command("import_responses", str(path))
    assert _export(tmp_path)["4601"]["a_cost_comment"] == comment


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("a_fast_ansatte_arsverk", "999999999999999999999999999.5", "above the highest allowed value 9999"),
        ("a_fastleger_count", "100000", "above the highest allowed value 99999"),
        ("a_net_operating_cost", "10000000000", "above the highest allowed value 9999999999"),
        ("a_net_operating_cost", "-10000000000", "below the lowest allowed value -9999999999"),
    ],
)
def test_a_number_beyond_the_definition_files_range_is_refused_naming_row_and_column(
    survey_2021, tmp_path, capsys, column, value, reason
):
    path = _small_file(tmp_path, [f"4601,A,{value}"], header=f"kommunenummer,s24_legevakt_parts,{column}")
    with pytest.raises(CommandError):
        call_command("import_responses", str(path))
    assert capsys.readouterr().err.strip().splitlines() == [f"row 2, column {column}: value {value}: {reason}"]
    assert not Response.objects.exists()
