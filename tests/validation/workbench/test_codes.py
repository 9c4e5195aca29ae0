"""Editor codes: on the review page and the bulk coding page, in and out as `kommunenummer,variable,code`
(all or nothing on import, atomic on export), and on into Tables 6.2 and 7.5."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from surveys.models import EditorCode
from surveys.tables.ch6 import TABLE_6_2
from surveys.tables.ch7 import TABLE_7_5
from surveys.tables.data import load_year
from surveys.tables.parts import DOCTOR_GROUPS
from tests.validation.workbench.conftest import BAERUM, HAA, HVALER
from validation.models import ReviewEvent
from validation.workbench.codes import AMOUNT_VARIABLES, COMMENT_VARIABLES, import_codes

COMMENT = "a_fastleger_arsverk_comment"  # Hå: "Nei.", Hvaler: "Ja."


@pytest.fixture
def year(submitted, survey_2021):
    submitted(HAA)
    submitted(HVALER)
    submitted(BAERUM)
    return survey_2021


def _codes() -> set[tuple[str, str, str]]:
    return set(EditorCode.objects.values_list("response__municipality__number", "variable", "code"))


def _write(tmp_path, text: str, name="codes.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_variables_that_take_codes():
    assert AMOUNT_VARIABLES == (
        "a_net_operating_cost",
        "b_total_net_operating_cost",
        "b_own_share_net_operating_cost",
        "c_net_operating_cost",
        "d_net_operating_cost",
    )
    assert len(COMMENT_VARIABLES) == 9 and all(v.endswith("_arsverk_comment") for v in COMMENT_VARIABLES)


def test_editor_codes_a_comment_and_an_amount_on_the_review_page(editor_client, editor, year):
    url = reverse("workbench:code", args=(2021, HAA))
    editor_client.post(url, {"variable": COMMENT, "code": "cannot"})
    editor_client.post(
        url, {"variable": "a_net_operating_cost", "code": "unusable", "note": "Inkluderer koronautgifter."}
    )
    assert _codes() == {(HAA, COMMENT, "cannot"), (HAA, "a_net_operating_cost", "unusable")}
    code = EditorCode.objects.get(variable="a_net_operating_cost")
    assert (code.editor, code.note) == (editor, "Inkluderer koronautgifter.")
    html = editor_client.get(reverse("workbench:review", args=(2021, HAA))).content.decode()
    assert '<option value="unusable" selected>ubrukelig</option>' in html
    assert '<option value="cannot" selected>kan ikke rapportere</option>' in html
    editor_client.post(url, {"variable": "a_net_operating_cost", "code": ""})  # back to usable
    assert _codes() == {(HAA, COMMENT, "cannot")}
    assert list(ReviewEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "code.set",
        "code.set",
        "code.removed",
    ]


def test_a_wrong_code_is_refused(editor_client, year):
    url = reverse("workbench:code", args=(2021, HAA))
    editor_client.post(url, {"variable": COMMENT, "code": "unusable"})
    editor_client.post(url, {"variable": "a_net_operating_cost", "code": "can"})
    editor_client.post(url, {"variable": "a_cost_comment", "code": "can"})
    assert not EditorCode.objects.exists()


def test_bulk_coding_lists_every_comment_and_saves_the_changed_ones(editor_client, year):
    url = reverse("workbench:coding")
    html = editor_client.get(url, {"variable": COMMENT}).content.decode()
    assert "Nei." in html and "Ja." in html
    responses = {r.municipality.number: r for r in year.responses.all()}
    data = {"variable": COMMENT, f"code-{responses[HAA].pk}": "cannot", f"code-{responses[HVALER].pk}": "can"}
    editor_client.post(url + "?variable=" + COMMENT, data)
    assert _codes() == {(HAA, COMMENT, "cannot"), (HVALER, COMMENT, "can")}


def test_codes_reach_tables_6_2_and_7_5(year, editor, editor_client):
    before_62, before_75 = TABLE_6_2.compute(load_year(year)), TABLE_7_5.compute(load_year(year))
    url = reverse("workbench:code", args=(2021, HAA))
    editor_client.post(url, {"variable": "a_net_operating_cost", "code": "unusable"})
    editor_client.post(url, {"variable": COMMENT, "code": "cannot"})
    after_62, after_75 = TABLE_6_2.compute(load_year(year)), TABLE_7_5.compute(load_year(year))
    assert after_62["values"][0][0] == before_62["values"][0][0] - 1  # Hå's amount is left out of the mean
    assert after_62["values"][0][1] != before_62["values"][0][1]
    fastleger = DOCTOR_GROUPS.index("fastleger")  # the rows: doctor groups
    cannot = 2  # columns: members, can, cannot, the rest
    assert after_75["values"][fastleger][cannot] == before_75["values"][fastleger][cannot] + 1
    assert after_75["values"][fastleger][cannot + 1] == before_75["values"][fastleger][cannot + 1] - 1


# -- import and export ----------------------------------------------------------------------------------------


def test_import_codes_stores_every_row(year, tmp_path):
    path = _write(
        tmp_path,
        f"kommunenummer,variable,code\n{HAA},{COMMENT},cannot\n{HVALER},{COMMENT},can\n{BAERUM},a_net_operating_cost,unusable\n",
    )
    call_command("import_codes", str(path), "--year", "2021")
    assert _codes() == {
        (HAA, COMMENT, "cannot"),
        (HVALER, COMMENT, "can"),
        (BAERUM, "a_net_operating_cost", "unusable"),
    }
    assert ReviewEvent.objects.filter(action="code.set", source="import").count() == 3


def test_import_codes_reports_every_error_and_changes_nothing(year, tmp_path, capsys):
    EditorCode.objects.create(response=year.responses.get(municipality__number=HAA), variable=COMMENT, code="can")
    path = _write(
        tmp_path,
        "kommunenummer,variable,code\n"
        f"{HVALER},{COMMENT},cannot\n"  # fine on its own
        "9999,a_net_operating_cost,unusable\n"  # not in the register
        "0301,a_net_operating_cost,unusable\n"  # Oslo has no response
        f"{HAA},a_cost_comment,can\n"  # not a coded variable
        f"{HAA},a_net_operating_cost,can\n"  # not a code for an amount
        f"{HAA},{COMMENT},unusable\n"  # not a code for a comment
        f"{HVALER},{COMMENT},can\n"  # the same as row 2
        f"{HAA},{COMMENT}\n",  # too few cells
    )
    with pytest.raises(CommandError, match="nothing imported: 7 error"):
        call_command("import_codes", str(path))
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        "row 3, column kommunenummer: value 9999: not a municipality of the 2021 register",
        "row 4, column kommunenummer: value 0301: the municipality has no response for 2021",
        "row 5, column variable: value a_cost_comment: not a coded variable (the five amounts or the nine årsverk "
        "comments)",
        "row 6, column code: value can: not a code for a_net_operating_cost (use unusable)",
        f"row 7, column code: value unusable: not a code for {COMMENT} (use can, cannot, unclear)",
        f"row 8, column variable: value {COMMENT}: the same municipality and variable as row 2",
        "row 9, column *: value 2 cells: the header has 3 columns",
    ]
    assert _codes() == {(HAA, COMMENT, "can")}
    assert not ReviewEvent.objects.exists()


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "row 1, column kommunenummer: value : the file has no header row"),
        ("kommunenummer,variable\n", "row 1, column code: value : the column is missing"),
        ("kommunenummer,variable,code,note\n", "row 1, column note: value note: unknown column"),
    ],
)
def test_import_codes_checks_the_header(year, tmp_path, text, error):
    with pytest.raises(Exception) as caught:
        import_codes(_write(tmp_path, text), year)
    assert caught.value.errors[0].startswith(error)


def test_import_codes_of_a_missing_file_fails_cleanly(year, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_codes", str(tmp_path / "missing.csv"))


def test_round_trip_and_replace(year, tmp_path):
    responses = {r.municipality.number: r for r in year.responses.all()}
    EditorCode.objects.create(response=responses[HAA], variable=COMMENT, code="cannot")
    EditorCode.objects.create(response=responses[BAERUM], variable="a_net_operating_cost", code="unusable")
    EditorCode.objects.create(response=responses[HVALER], variable="a_andre_leger_arsverk_comment", code="unclear")
    out = tmp_path / "out.csv"
    call_command("export_codes", str(out), "--year", "2021")
    exported = out.read_text(encoding="utf-8")
    assert exported.splitlines() == [
        "kommunenummer,variable,code",
        f"{HAA},{COMMENT},cannot",
        f"{HVALER},a_andre_leger_arsverk_comment,unclear",
        f"{BAERUM},a_net_operating_cost,unusable",
    ]
    before = _codes()
    EditorCode.objects.all().delete()
    call_command("import_codes", str(out))
    assert _codes() == before
    again = tmp_path / "again.csv"
    call_command("export_codes", str(again))
    assert again.read_text(encoding="utf-8") == exported
    only_haa = _write(tmp_path, f"kommunenummer,variable,code\n{HAA},{COMMENT},can\n", "one.csv")
    call_command("import_codes", str(only_haa))
    assert len(_codes()) == 3  # without --replace the others stay
    call_command("import_codes", str(only_haa), "--replace")
    assert _codes() == {(HAA, COMMENT, "can")}


def test_export_is_atomic(year, tmp_path, monkeypatch):
    out = tmp_path / "codes.csv"
    out.write_text("old content\n", encoding="utf-8")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("surveys.services.interchange.csv.writer", broken)
    with pytest.raises(CommandError, match="No space left"):
        call_command("export_codes", str(out))
    assert out.read_text(encoding="utf-8") == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["codes.csv"]
