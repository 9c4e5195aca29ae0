"""Real clients: pyjstat reads every table of the API into pandas, cell for cell as export_tables writes it; a
whole sample response posted, explained and submitted through the API comes out of export_responses unchanged."""

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from django.core.management import call_command
from pyjstat import pyjstat

from surveys.models import Response
from surveys.tables.catalogue import slug
from validation.workbench.actions import send_back

SAMPLE = Path(__file__).parents[2] / "fixtures" / "sample-2021"
# pyjstat's own Dataset.write("dataframe") calls its deprecated from_json_stat: the library's warning, not ours
PYJSTAT_SELF_DEPRECATION = "ignore:Shouldn't use this function anymore:DeprecationWarning"


@pytest.mark.django_db
@pytest.mark.filterwarnings(PYJSTAT_SELF_DEPRECATION)
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_pyjstat_reads_every_table_as_export_tables_writes_it(survey_2021, editor_api, tmp_path, lang):
    call_command("import_responses", str(SAMPLE / "responses.csv"), "--year", "2021")
    out = tmp_path / "tables"
    call_command("export_tables", "--out", str(out), "--year", "2021", "--format", "json")
    files = sorted(out.glob("table_*.json"))
    assert len(files) > 40
    for path in files:
        expected = json.loads(path.read_text(encoding="utf-8"))
        answer = editor_api.get(f"/api/v1/2021/tables/{slug(expected['table'])}/?lang={lang}")
        assert answer.status_code == 200, path.name
        assert answer["Content-Language"] == lang
        frame = pyjstat.Dataset.read(answer.content.decode("utf-8")).write("dataframe")
        cells = [
            (row, column, value)
            for row, values in zip(expected["rows"], expected["values"], strict=True)
            for column, value in zip(expected["columns"], values, strict=True)
        ]
        assert len(frame) == len(cells), path.name
        assert list(frame.iloc[:, 0]) == [row for row, _c, _v in cells], path.name
        assert list(frame.iloc[:, 1]) == [column for _r, column, _v in cells], path.name
        for got, (_r, _c, want) in zip(frame["value"], cells, strict=True):
            assert (pd.isna(got) and want is None) or got == want, (path.name, got, want)


@pytest.mark.django_db
def test_nynorsk_falls_back_to_the_languages_the_service_has(survey_2021, editor_api, settings):
    call_command("import_responses", str(SAMPLE / "responses.csv"), "--year", "2021")
    answer = editor_api.get("/api/v1/2021/tables/4.2/?lang=nn")
    assert answer.status_code == 200
    has_nynorsk = any(code == "nn" for code, _name in settings.LANGUAGES)
    assert answer["Content-Language"] == ("nn" if has_nynorsk else "nb")
    assert editor_api.get("/api/v1/2021/tables/4.2/?lang=de").json()["errors"][0]["name"] == "lang"


def _sample_row(number: str) -> dict[str, str]:
    with (SAMPLE / "responses.csv").open(encoding="utf-8", newline="") as handle:
        return next(row for row in csv.DictReader(handle) if row["kommunenummer"] == number)


URL = "/api/v1/2021/responses/4601/"


def _post_whole_sample(client, sample: dict[str, str]) -> None:
    """PATCH every value of the sample row, explain every blocking rule hit, submit."""
    values = {var: text for var, text in sample.items() if var != "kommunenummer" and text != ""}
    saved = client.patch(URL, {"values": values}, format="json", HTTP_IF_MATCH=client.get(URL)["ETag"])
    assert saved.status_code == 200, saved.json()
    findings = client.get(URL + "findings/").json()
    assert not [f for f in findings if f["kind"] != "rule"], findings
    explanations = [
        {"rule_id": f["rule_id"], "variables": f["variables"], "text": "Stemmer for vår legevakt."}
        for f in findings
        if f["blocks"]
    ]
    if explanations:
        explained = client.post(URL + "explanations/", {"explanations": explanations}, format="json")
        assert explained.status_code == 200 and not [f for f in explained.json() if f["blocks"]]
    submitted = client.post(URL + "submit/")
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"


@pytest.mark.django_db
def test_a_whole_sample_response_through_the_api_is_what_export_responses_gives(survey_2021, reporter_api, tmp_path):
    sample = _sample_row("4601")
    _post_whole_sample(reporter_api, sample)
    out = tmp_path / "responses.csv"
    call_command("export_responses", str(out), "--year", "2021")
    with out.open(encoding="utf-8", newline="") as handle:
        exported = list(csv.DictReader(handle))
    assert len(exported) == 1
    row = exported[0]
    assert {var: row[var] for var in sample} == sample
    # columns the sample file predates (the cooperation links) are blank, as nothing was posted to them
    assert {var: text for var, text in row.items() if var not in sample} == dict.fromkeys(set(row) - set(sample), "")


@pytest.mark.django_db
def test_a_sent_back_response_is_read_corrected_and_resubmitted(survey_2021, reporter_api, editor):
    sample = _sample_row("4601")
    _post_whole_sample(reporter_api, sample)
    send_back(Response.objects.get(), editor=editor, message="Stemmer antallet leger med fastlegeavtale?")
    read = reporter_api.get(URL).json()
    assert read["status"] == "sent_back" and "fastlegeavtale" in read["sent_back_message"]
    doctors = str(int(sample["s22_doctors_with_gp_contract"]) + 1)
    corrected = reporter_api.patch(
        URL, {"values": {"s22_doctors_with_gp_contract": doctors}}, format="json", HTTP_IF_MATCH=f'"{read["version"]}"'
    )
    assert corrected.status_code == 200, corrected.json()
    resubmitted = reporter_api.post(URL + "submit/")
    assert resubmitted.status_code == 200 and resubmitted.json()["status"] == "submitted", resubmitted.json()
    rounds = Response.objects.get().rounds.all()
    assert [r.values["s22_doctors_with_gp_contract"] for r in rounds] == [
        sample["s22_doctors_with_gp_contract"],
        doctors,
    ]
