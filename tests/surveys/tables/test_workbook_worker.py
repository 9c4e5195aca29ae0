"""A real Celery worker (over Redis, on the test's PostgreSQL database) builds the Excel file of all tables that
an editor asked for, from the committed responses."""

import io
import time

import pandas as pd
from django.utils import timezone

from surveys.models import TableWorkbook
from surveys.tables import export
from surveys.tables.services import TableSource
from tests.celery_worker import WORKER_MARKS, call_task

pytestmark = WORKER_MARKS


def test_a_worker_builds_the_live_workbook(worker, survey_2021, response_factory, editor):
    for number, parts in (("4601", "B"), ("4620", "C"), ("0301", "A")):
        response = response_factory(number, s24_legevakt_parts=parts)
        response.first_submitted_at = timezone.now()
        response.save()
    workbook = TableWorkbook.objects.create(survey=survey_2021, requested_by=editor)

    sent = call_task(worker, "surveys.tasks.build_table_workbook", workbook.pk)
    assert sent.returncode == 0, sent.stderr
    deadline = time.monotonic() + 90
    while TableWorkbook.objects.get(pk=workbook.pk).status == "running":
        assert time.monotonic() < deadline, "the worker did not build the workbook"
        time.sleep(0.3)

    workbook.refresh_from_db()
    assert (workbook.status, workbook.error) == ("finished", "")
    built = pd.read_excel(io.BytesIO(bytes(workbook.content)), sheet_name=None, header=None)
    here = export.workbook_bytes(TableSource.for_reader(survey_2021, live=True).tables())
    expected = pd.read_excel(io.BytesIO(here), sheet_name=None, header=None)
    assert list(built) == list(expected)
    assert all(built[name].equals(expected[name]) for name in expected)  # the same figures as computed here
