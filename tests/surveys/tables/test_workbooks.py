"""The Excel file of all tables: an editor's live file is a job a worker builds (eager Celery here), a
publication's file is built once and then served as stored."""

import io

import pandas as pd
import pytest
from django.urls import reverse

from surveys.models import TableSnapshot, TableWorkbook
from surveys.tables import export, workbooks
from surveys.tables.services import publish
from tests.surveys.tables.conftest import confirm_publish


def _url(name, **kwargs):
    return reverse(f"tables:{name}", kwargs={"year": 2021, **kwargs})


def _sheets(content) -> dict[str, pd.DataFrame]:
    return pd.read_excel(io.BytesIO(bytes(content)), sheet_name=None, header=None)


def _start(client, capture):
    with capture(execute=True):
        return client.post(_url("workbook-start"))


def test_an_editor_orders_the_live_tables_and_downloads_them_when_ready(
    client, stored_year, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    index = client.get(_url("index")).content.decode()
    assert _url("workbook-start") in index and _url("workbook") not in index  # a button, not a file link

    started = _start(client, django_capture_on_commit_callbacks)
    workbook = TableWorkbook.objects.get()
    assert started.status_code == 302 and started["Location"] == _url("workbook-status", pk=workbook.pk)
    assert (workbook.snapshot, workbook.requested_by) == (None, editor)

    page = client.get(started["Location"]).content.decode()
    assert _url("workbook-file", pk=workbook.pk) in page
    assert client.get(started["Location"], headers={"Accept": "application/json"}).json() == {
        "status": "finished",
        "error": "",
    }
    answer = client.get(_url("workbook-file", pk=workbook.pk))
    assert answer["Content-Disposition"].startswith('attachment; filename="legevakt_2021_tabeller_')
    sheets = _sheets(answer.content)
    assert {"6.1", "Figur 3.1", "3.1"} <= set(sheets)
    assert TableSnapshot.objects.count() == 0  # the live tables: nothing was published


def test_the_file_is_not_offered_before_it_is_built(client, stored_year, editor, django_capture_on_commit_callbacks):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=False):  # the task is not sent: the file stays running
        client.post(_url("workbook-start"))
    workbook = TableWorkbook.objects.get()
    status = client.get(_url("workbook-status", pk=workbook.pk), headers={"Accept": "application/json"})
    assert status.json()["status"] == "running"
    assert client.get(_url("workbook-file", pk=workbook.pk)).status_code == 404


def test_a_failed_build_is_recorded_and_shown(
    client, stored_year, editor, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(tables):
        raise ValueError("no sheets today")

    monkeypatch.setattr(export, "workbook_bytes", broken)
    client.force_login(editor)
    with pytest.raises(ValueError):  # eager Celery hands the task's exception on
        _start(client, django_capture_on_commit_callbacks)
    workbook = TableWorkbook.objects.get()
    assert (workbook.status, workbook.error) == ("failed", "ValueError: no sheets today")
    status = client.get(_url("workbook-status", pk=workbook.pk))
    assert "ValueError: no sheets today" in status.content.decode()
    assert client.get(_url("workbook-file", pk=workbook.pk)).status_code == 404


def test_only_the_latest_live_files_are_kept(stored_year, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        made = [workbooks.request_live(stored_year, editor).pk for _ in range(workbooks.KEEP_LIVE + 2)]
    kept = set(TableWorkbook.objects.values_list("pk", flat=True))
    assert kept == set(made[-workbooks.KEEP_LIVE :])


def test_reporters_and_anonymous_users_get_no_live_file(client, stored_year, editor, reporter):
    workbook = workbooks.request_live(stored_year, editor)
    workbooks.build(workbook.pk)
    for url in (_url("workbook-status", pk=workbook.pk), _url("workbook-file", pk=workbook.pk)):
        assert "login" in client.get(url)["Location"]
    client.force_login(reporter)
    assert client.post(_url("workbook-start")).status_code == 403
    assert client.get(_url("workbook-file", pk=workbook.pk)).status_code == 403
    assert TableWorkbook.objects.count() == 1


def test_a_publication_has_its_file_built_once_and_served_as_stored(
    client, stored_year, admin_user, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        confirm_publish(client)
    client.logout()
    workbook = TableWorkbook.objects.get()
    assert (workbook.snapshot, workbook.status) == (TableSnapshot.objects.get(), "finished")

    built_at = workbook.finished_at
    first = client.get(_url("workbook"))
    assert first["Content-Disposition"] == 'attachment; filename="legevakt_2021_tabeller.xlsx"'
    assert first.content == bytes(workbook.content)
    again = client.get(_url("workbook"))
    assert again.content == first.content
    workbook.refresh_from_db()
    assert TableWorkbook.objects.count() == 1 and workbook.finished_at is not None
    assert workbook.finished_at == built_at  # served as stored, not built again


def test_a_publication_file_shows_the_published_not_the_live_figures(client, stored_year, admin_user):
    snapshot = publish(stored_year, admin_user)
    response = stored_year.responses.get(municipality__number="0301")
    response.raw_values["s24_legevakt_parts"] = "C"
    response.save()
    # No worker built it (published before files were queued): the first reader's request builds it.
    published = _sheets(client.get(_url("workbook")).content)
    live = workbooks.request_live(stored_year, admin_user)
    workbooks.build(live.pk)
    live.refresh_from_db()
    assert TableWorkbook.objects.get(snapshot=snapshot).status == "finished"
    assert not published["3.1"].equals(_sheets(live.content)["3.1"])


@pytest.mark.parametrize(("language", "contents"), [("nb", "Innhold"), ("nn", "Innhald"), ("en", "Contents")])
def test_a_live_file_is_in_the_editors_language(stored_year, editor, language, contents):
    workbook = workbooks.request_live(stored_year, editor, language)
    workbooks.build(workbook.pk)
    workbook.refresh_from_db()
    assert contents in _sheets(workbook.content)
