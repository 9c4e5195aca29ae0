"""load_demo into an empty database: the calibrated year (fixtures/demo-2021) with its editing history, the
report's tables computed from the database, and a second load that changes nothing."""

import csv
import datetime
import io
import re

from django.urls import reverse
from django.utils import timezone

from demo.loading import load_demo
from fixtures.calibrate.check import compare, load_deviations, published_tables
from surveys.models import ChangeLog, Correction, EditorCode
from surveys.services.interchange import export_rows
from surveys.tables.catalogue import computed_tables
from surveys.tables.data import load_year
from tests.calibrate.conftest import DEMO, read
from tests.calibrate.test_golden import PUBLISHED
from validation.models import Flag, FollowUpContact, ReviewEvent, RuleRun


def _csv_text(header, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _day(value) -> datetime.date:
    return timezone.localtime(value).date()


def _state(survey) -> dict:
    """Everything a second load might touch, in comparable form."""
    return {
        "edited": export_rows(survey, "edited"),
        "raw": export_rows(survey, "raw"),
        "responses": sorted(survey.responses.values_list("municipality__number", "status", "editing_status")),
        "flags": sorted(Flag.objects.values_list("response_id", "rule_id", "variables", "status", "status_at")),
        "counts": [
            m.objects.count() for m in (Correction, ChangeLog, EditorCode, FollowUpContact, ReviewEvent, RuleRun)
        ],
    }


def _metrics_page(client) -> dict[str, str]:
    client.login(username="kontrollor", password="legevakt-demo-2021")
    html = client.get(reverse("workbench:metrics") + "?year=2021").content.decode()
    return {
        key: re.search(rf'id="m-{key}">([^<]*)<', html).group(1).strip() for key in ("contacted", "replied", "rate")
    }


def test_load_demo_loads_the_calibrated_year_with_its_history(survey_2021, client):
    load_demo(2021)
    survey = survey_2021
    assert survey.responses.count() == len(read("responses_raw.csv")) == 356

    # Raw values kept, edited values those of the file, exactly.
    assert _csv_text(*export_rows(survey, "raw")) == (DEMO / "responses_raw.csv").read_text(encoding="utf-8")
    assert _csv_text(*export_rows(survey, "edited")) == (DEMO / "responses_edited.csv").read_text(encoding="utf-8")

    # One editor correction per row of corrections.csv, with its reason and date.
    corrections = read("corrections.csv")
    stored = {
        (c.response.municipality.number, c.variable): c
        for c in Correction.objects.select_related("response__municipality", "editor")
    }
    assert len(stored) == Correction.objects.count() == len(corrections)
    for row in corrections:
        c = stored[(row["kommunenummer"], row["variable"])]
        assert (c.raw_value, c.value, c.reason) == (row["raw_value"], row["edited_value"], row["reason"])
        assert c.editor.username == "kontrollor" and c.superseded_at is None
        assert _day(c.created_at) == datetime.date.fromisoformat(row["date"])

    # The confirmed flags: exactly the rows of confirmations.csv, by the editor, with their reason and date.
    confirmed = Flag.objects.filter(status=Flag.Status.CONFIRMED).select_related("response__municipality")
    assert {(f.response.municipality.number, f.rule_id) for f in confirmed} == {
        (r["kommunenummer"], r["rule"]) for r in read("confirmations.csv")
    }
    for row in read("confirmations.csv"):
        flag = next(
            f for f in confirmed if (f.response.municipality.number, f.rule_id) == (row["kommunenummer"], row["rule"])
        )
        assert row["variable"] in flag.variable_list and flag.status_reason == row["reason"]
        assert flag.status_by.username == "kontrollor" and _day(flag.status_at) == datetime.date.fromisoformat(
            row["date"]
        )
    assert not Flag.objects.filter(severity=Flag.Severity.ERROR, status=Flag.Status.OPEN).exists()

    # Codes and contacts as in their files.
    codes = {
        (c.response.municipality.number, c.variable, c.code)
        for c in EditorCode.objects.select_related("response__municipality")
    }
    assert codes == {(r["kommunenummer"], r["variable"], r["code"]) for r in read("codes.csv")}
    contacts = {c.municipality.number: c for c in FollowUpContact.objects.select_related("municipality")}
    for row in read("contacts.csv"):
        contact = contacts[row["kommunenummer"]]
        assert contact.contacted_on == datetime.date.fromisoformat(row["contact_date"])
        assert contact.replied == (row["replied"] == "ja")
        assert contact.channel == {"e-post": "email", "telefon": "phone", "portal": "portal"}[row["channel"]]
    assert _metrics_page(client) == {"contacted": "85", "replied": "79", "rate": "92,9 %"}

    # The tables computed from the database reproduce the report but for the documented deviations.
    data = load_year(survey)
    reproduced, total, differences = compare(
        {table.id: table.compute(data) for table in computed_tables()}, published_tables(PUBLISHED)
    )
    print(f"cells reproduced from the database: {reproduced} / {total}")
    assert {(d[0], d[1], d[2]) for d in differences} == set(load_deviations())

    before = _state(survey)
    load_demo(2021)
    assert _state(survey) == before
