"""An editor asks for all tables as one Excel file in a real browser: the button starts the job, the status page
polls until the file is ready and then offers it, and the download is a workbook with every table. axe-core
checks the status page."""

import io

import pandas as pd
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from kostra.reference.models import Municipality
from kostra.roles import EDITORS
from surveys.models import Response, Survey, TableWorkbook

pytestmark = pytest.mark.browser

PASSWORD = "Legevakt-test-2021"


@pytest.fixture
def editor(reference_data):
    survey = Survey.objects.get(year=2021)
    for number, parts in (("4601", "B"), ("0301", "A")):
        Response.objects.create(
            survey=survey,
            municipality=Municipality.objects.get(year=2021, number=number),
            raw_values={"s24_legevakt_parts": parts},
            status=Response.Status.SUBMITTED,
            first_submitted_at=timezone.now(),
        )
    user = get_user_model().objects.create_user("tabellredaktor", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=EDITORS)[0])
    return user


def test_the_excel_file_is_offered_once_the_worker_has_built_it(page, login, editor, axe):
    login(page, "tabellredaktor", PASSWORD)
    page.goto("/tabeller/2021/")
    page.get_by_role("button", name="Lag Excel-fil med alle tabeller (tall nå)").click()
    link = page.get_by_role("link", name="Last ned Excel-filen")
    expect(link).to_be_visible()  # eager Celery here: built before the status page was shown
    assert axe(page, "tables_workbook_status") == []
    with page.expect_download() as download:
        link.click()
    sheets = pd.read_excel(download.value.path(), sheet_name=None, header=None)
    assert {"3.1", "6.1", "Figur 3.1"} <= set(sheets)

    # A file still being built: the page says so, polls, and offers the link as soon as the row is finished.
    built = TableWorkbook.objects.get()
    waiting = TableWorkbook.objects.create(survey=built.survey, requested_by=editor)
    page.goto(f"/tabeller/2021/excel/{waiting.pk}/")
    expect(page.locator("#workbook-status")).to_have_text("Lages")
    expect(link).to_be_hidden()
    TableWorkbook.objects.filter(pk=waiting.pk).update(
        status="finished", finished_at=timezone.now(), content=bytes(built.content)
    )
    expect(page.locator("#workbook-status")).to_have_text("Ferdig")
    expect(link).to_be_visible()
    assert pd.read_excel(io.BytesIO(page.request.get(link.get_attribute("href")).body()), sheet_name="3.1").size
