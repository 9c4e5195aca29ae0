"""An editor follows the collection in a real browser: the dashboard filtered by county, a non-respondent opened,
and the non-respondent list downloaded; axe-core finds no serious violation at 1280 and 390 px."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from collection.contacts import set_contact
from collection.models import Reminder, Season
from kostra.reference.models import Municipality
from kostra.roles import EDITORS
from surveys.models import Response, Survey

pytestmark = pytest.mark.browser
PASSWORD = "Legevakt-test-2021"


@pytest.fixture
def season(reference_data):
    """A season past its deadline: Bergen submitted, Ulvik in progress, the rest of Vestland not started."""
    survey = Survey.objects.get(year=2021)
    today = timezone.localdate()
    season = Season.objects.create(
        survey=survey,
        opens_on=today - datetime.timedelta(days=40),
        deadline=today - datetime.timedelta(days=2),
        closes_on=today + datetime.timedelta(days=20),
        editors_final_on=today + datetime.timedelta(days=90),
    )
    Reminder.objects.create(season=season, days_before_deadline=3)
    for number, status in (("4601", Response.Status.SUBMITTED), ("4620", Response.Status.IN_PROGRESS)):
        m = Municipality.objects.get(year=2021, number=number)
        first = timezone.now() - datetime.timedelta(days=5) if status == Response.Status.SUBMITTED else None
        Response.objects.create(survey=survey, municipality=m, status=status, first_submitted_at=first)
    voss = Municipality.objects.get(year=2021, number="4621")
    set_contact(survey, voss, name="Vera Voss", email="vera@voss.kommune.no", user=None, source="import")
    editor = get_user_model().objects.create_user("kontrollor", password=PASSWORD)
    editor.groups.add(Group.objects.get_or_create(name=EDITORS)[0])
    return season


def test_editor_filters_opens_a_non_respondent_and_downloads_the_list(season, new_page, login, axe, screenshot):
    for width in (1280, 390):
        page = new_page(width=width)
        login(page, "kontrollor", PASSWORD)
        page.goto("/innsamling/?year=2021")
        page.select_option("#f-county", label="Vestland")
        page.click("form.wb-filters button[type=submit]")
        expect(page.locator("#c-selection")).to_be_visible()
        rows = page.locator("#c-rows tbody tr")
        vestland = Municipality.objects.filter(year=2021, county_number="46").count()
        expect(rows).to_have_count(vestland)
        assert axe(page, f"collection-dashboard-{width}") == []
        screenshot(page, f"collection-dashboard-{width}")

        page.click("#c-rows >> text=Vera Voss")
        expect(page.locator("h1")).to_have_text("4621 Voss")
        expect(page.locator("#c-status-value")).to_have_text("Ikke påbegynt")
        expect(page.locator("#id_email")).to_have_value("vera@voss.kommune.no")
        assert axe(page, f"collection-municipality-{width}") == []
        page.go_back()

        with page.expect_download() as download:
            page.click("#c-export-csv")
        text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        listed = {row[0]: row for row in list(csv.reader(io.StringIO(text)))[1:]}
        assert "4601" not in listed  # submitted
        assert "4620" in listed and listed["4621"][5] == "vera@voss.kommune.no"
        assert len(listed) == vestland - 1
