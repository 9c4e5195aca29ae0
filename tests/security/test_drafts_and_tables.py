"""Finding 3: a reporter's draft never reaches the tables, and no single response can make them fail.

A sent-back response whose reporter saved extreme values without submitting leaves every table, download,
workbook and publication working and unchanged; an extreme value that was submitted is left out of the tables
and reported against its response, and the tables are still computed.
"""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from surveys.models import Response, SubmissionRound, TableSnapshot, TableWorkbook
from surveys.services.values import save_raw_values
from surveys.tables.catalogue import TABLES, slug

EXTREME = {
    "a_fast_ansatte_arsverk": "999999999999999999999999999.5",
    "a_fast_ansatte_count": "9" * 40,
    "a_net_operating_cost": "-" + "9" * 30,
}
SUBMITTED = {
    "4601": {"s24_legevakt_parts": "A", "a_fast_ansatte_used": "ja", "a_fast_ansatte_count": "3",
             "a_fast_ansatte_arsverk": "2.5", "a_net_operating_cost": "20000"},
    "4620": {"s24_legevakt_parts": "A", "a_fast_ansatte_used": "ja", "a_fast_ansatte_count": "2",
             "a_fast_ansatte_arsverk": "1.5", "a_net_operating_cost": "9000"},
    "0301": {"s24_legevakt_parts": "C", "c_net_operating_cost": "12000"},
}  # fmt: skip


@pytest.fixture
def year_with_a_sent_back_response(survey_2021, response_factory):
    responses = {}
    for number, values in SUBMITTED.items():
        response = response_factory(number, **values)
        SubmissionRound.objects.create(response=response, number=1, values=values)
        response.first_submitted_at = response.submitted_at = timezone.now()
        response.status = Response.Status.SUBMITTED
        response.save()
        responses[number] = response
    Response.objects.filter(pk=responses["4601"].pk).update(status=Response.Status.SENT_BACK)
    return responses


def _everything(client, on_commit) -> dict:
    """Every table page, every download of every table, the live workbook and a publication."""
    seen = {}
    for table_id in TABLES:
        for fmt in ("csv", "json"):
            answer = client.get(reverse("tables:download", args=[2021, slug(table_id), fmt]))
            assert answer.status_code == 200, (table_id, fmt)
            seen[(table_id, fmt)] = answer.content
        assert client.get(reverse("tables:detail", args=[2021, slug(table_id)])).status_code == 200, table_id
        xlsx = client.get(reverse("tables:download", args=[2021, slug(table_id), "xlsx"]))
        assert xlsx.status_code == 200, table_id
        book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
        seen[(table_id, "xlsx")] = [[c.value for c in row] for s in book.worksheets for row in s.iter_rows()]
    with on_commit(execute=True):
        assert client.post(reverse("tables:workbook-start", args=[2021])).status_code == 302
    workbook = TableWorkbook.objects.filter(snapshot=None).latest("requested_at")
    assert workbook.status == TableWorkbook.Status.FINISHED, workbook.error
    fingerprint = client.get(reverse("tables:publish", args=[2021])).context["fingerprint"]  # what was confirmed
    with on_commit(execute=True):
        confirmed = {"confirm": "yes", "fingerprint": fingerprint}
        assert client.post(reverse("tables:publish", args=[2021]), confirmed).status_code == 302
    seen["published"] = TableSnapshot.objects.get(is_current=True).tables
    assert TableSnapshot.objects.get(is_current=True).workbook.status == TableWorkbook.Status.FINISHED
    return seen


def test_a_sent_back_draft_with_extreme_values_changes_nothing(
    client, admin_user, reporter, year_with_a_sent_back_response, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    before = _everything(client, django_capture_on_commit_callbacks)
    response = year_with_a_sent_back_response["4601"]
    save_raw_values(response, EXTREME, user=reporter, source="respondent")
    response.refresh_from_db()
    assert response.raw_values["a_fast_ansatte_arsverk"] == EXTREME["a_fast_ansatte_arsverk"]  # the draft is kept
    after = _everything(client, django_capture_on_commit_callbacks)
    assert after == before


def test_the_editor_sees_that_a_newer_draft_exists(client, editor, reporter, year_with_a_sent_back_response):
    response = year_with_a_sent_back_response["4601"]
    client.force_login(editor)
    page = client.get(reverse("workbench:review", args=[2021, "4601"])).content.decode()
    assert "etter siste innsending" not in page
    save_raw_values(response, {"a_fast_ansatte_count": "4"}, user=reporter, source="respondent")
    page = client.get(reverse("workbench:review", args=[2021, "4601"])).content.decode()
    assert "etter siste innsending" in page


def test_a_submitted_extreme_value_is_left_out_and_reported(
    client, admin_user, year_with_a_sent_back_response, django_capture_on_commit_callbacks
):
    response = year_with_a_sent_back_response["4620"]
    values = {**SUBMITTED["4620"], **EXTREME}
    Response.objects.filter(pk=response.pk).update(raw_values=values)
    SubmissionRound.objects.create(response=response, number=2, values=values)
    client.force_login(admin_user)
    _everything(
        client, django_capture_on_commit_callbacks
    )  # every page, download, workbook and publication still answers
    page = client.get(reverse("tables:detail", args=[2021, "4.5"])).content.decode()
    assert "Verdier som ikke telles i tabellene" in page
    assert "a_fast_ansatte_arsverk" in page and reverse("workbench:review", args=[2021, "4620"]) in page
