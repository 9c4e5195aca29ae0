"""The audit trail of a response: every change by the respondent, an editor or an import, and every editor
action, filterable by variable and source and downloadable as CSV."""

import csv
import io

import pytest
from django.urls import reverse

from surveys.models import ChangeLog
from surveys.services.interchange import import_responses, write_csv_atomically
from surveys.services.values import save_raw_values
from tests.validation.workbench.conftest import HAA, sample_row
from validation.models import Flag
from validation.workbench import actions
from validation.workbench.audit import timeline


@pytest.fixture
def history(survey_2021, tmp_path, reporter, editor, run_rules):
    """Hå imported, changed by its reporter, corrected by an editor, a flag confirmed."""
    row = {**sample_row(HAA), "a_net_operating_cost": "10287000"}
    header = ["kommunenummer", *row]
    write_csv_atomically(tmp_path / "in.csv", header, [[HAA, *row.values()]])
    import_responses(tmp_path / "in.csv", survey_2021)
    response = survey_2021.responses.get()
    save_raw_values(response, {"s22_doctors_with_gp_contract": "21"}, user=reporter, source=ChangeLog.Source.RESPONDENT)
    run_rules(response)
    actions.correct(response, "a_net_operating_cost", "10287", editor=editor, reason="Oppgitt i kroner.")
    flag = Flag.objects.filter(response=response, status=Flag.Status.OPEN).first()
    if flag is not None:
        actions.judge_flag(flag, Flag.Status.CONFIRMED, editor=editor, reason="Stemmer.")
    return response


def test_timeline_has_every_source_newest_first(history):
    rows = timeline(history)
    assert {row.source for row in rows} == {"import", "respondent", "editor"}
    assert rows == sorted(rows, key=lambda row: row.at, reverse=True)
    corrected = next(row for row in rows if row.action == "value.corrected")
    assert (corrected.variable, corrected.old_value, corrected.new_value) == (
        "a_net_operating_cost",
        "10287000",
        "10287",
    )
    assert (corrected.user, corrected.reason, corrected.layer) == ("editor", "Oppgitt i kroner.", "edited")


def test_timeline_filters_by_variable_and_source(history):
    by_variable = timeline(history, variable="a_net_operating_cost")
    assert {row.variable for row in by_variable} == {"a_net_operating_cost"}
    assert [row.source for row in by_variable] == ["editor", "import"]
    respondent = timeline(history, source="respondent")
    assert [(row.variable, row.old_value, row.new_value) for row in respondent] == [
        ("s22_doctors_with_gp_contract", sample_row(HAA)["s22_doctors_with_gp_contract"], "21")
    ]


def test_audit_page_and_csv(editor_client, history):
    url = reverse("workbench:audit", args=(2021, HAA))
    html = editor_client.get(url, {"variable": "a_net_operating_cost"}).content.decode()
    assert "Oppgitt i kroner." in html and "Verdi rettet" in html
    assert "<code>value.corrected</code>" not in html  # names for people, the code only as a data attribute
    answer = editor_client.get(url, {"source": "editor", "format": "csv"})
    assert answer["Content-Type"].startswith("text/csv")
    assert f"endringer_2021_{HAA}.csv" in answer["Content-Disposition"]
    text = answer.content.decode("utf-8")
    assert text.startswith("\ufeff")  # a spreadsheet reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert list(rows[0]) == ["Tid", "Kilde", "Hendelse", "Variabel", "Lag", "Fra", "Til", "Bruker", "Begrunnelse"]
    assert rows and {row["Kilde"] for row in rows} == {"Kontrollør"}
    assert any(row["Hendelse"] == "Verdi rettet" and row["Til"] == "10287" for row in rows)


def test_audit_csv_follows_the_page_language(editor_client, history):
    editor_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    answer = editor_client.get(reverse("workbench:audit", args=(2021, HAA)), {"format": "csv"})
    assert f"changes_2021_{HAA}.csv" in answer["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8")[1:]), delimiter=","))
    assert list(rows[0])[:3] == ["Time", "Source", "Event"]
    assert any(row["Event"] == "Value corrected" for row in rows)
    editor_client.post(reverse("set_language"), {"language": "nn", "next": "/"})
    answer = editor_client.get(reverse("workbench:audit", args=(2021, HAA)), {"format": "csv"})
    assert f"endringar_2021_{HAA}.csv" in answer["Content-Disposition"]
    assert answer.content.decode("utf-8").splitlines()[0].startswith("\ufeffTid;Kjelde;Hending;")


def test_every_flag_status_an_editor_sets_has_an_event_name():
    from validation.workbench.audit import ACTION_LABELS

    statuses = {f"flag.{status}" for status in Flag.Status.values if status != Flag.Status.OPEN}
    assert statuses <= set(ACTION_LABELS)


def test_the_audit_trail_pages_in_chunks(editor_client, history, reporter):
    from validation.workbench.views.audit import PER_PAGE

    for n in range(PER_PAGE):
        save_raw_values(history, {"s22_doctors_with_gp_contract": str(30 + n)}, user=reporter, source="respondent")
    url = reverse("workbench:audit", args=(2021, HAA))
    first = editor_client.get(url).content.decode()
    assert first.count("<tr data-action=") == PER_PAGE
    assert "Side 1 av " in first and "page=2" in first
    second = editor_client.get(url, {"page": 2}).content.decode()
    assert "Side 2 av " in second and second.count("<tr data-action=") > 0


def test_an_unknown_filter_value_shows_everything(editor_client, history):
    answer = editor_client.get(reverse("workbench:audit", args=(2021, HAA)), {"source": "nobody"})
    assert answer.status_code == 200
    assert "value.reported" in answer.content.decode()
