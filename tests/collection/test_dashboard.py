"""The collection dashboard: counts by status and group, filters, the rate over time, the non-respondent list as
formula-safe CSV and Excel, and the municipality page where editors change the main contact."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from collection import dashboard
from collection.contacts import set_contact
from collection.models import ContactChange
from kostra.reference.models import Municipality
from surveys.models import Response


@pytest.fixture
def year(season, contacts, response_factory):
    """Bergen submitted on 10 March, Ulvik in progress, Voss sent back, Oslo finished; the rest not started."""
    when = timezone.make_aware(datetime.datetime(2022, 3, 10, 12))
    statuses = {
        "4601": (Response.Status.SUBMITTED, Response.EditingStatus.UBEHANDLET, when),
        "4620": (Response.Status.IN_PROGRESS, Response.EditingStatus.UBEHANDLET, None),
        "4621": (Response.Status.SENT_BACK, Response.EditingStatus.UNDER_ARBEID, when),
        "0301": (Response.Status.ACCEPTED, Response.EditingStatus.FERDIG, when + datetime.timedelta(days=10)),
    }
    for number, (status, editing, first) in statuses.items():
        r = response_factory(number)
        r.status, r.editing_status, r.first_submitted_at = status, editing, first
        r.save()
    return season


def test_counts_by_status_for_the_country(year, survey_2021):
    board = dashboard.build(survey_2021, dashboard.Filters(), today=datetime.date(2022, 3, 20))
    total = Municipality.objects.filter(year=2021).count()
    assert board.whole.counts == {
        "not_started": total - 4,
        "in_progress": 1,
        "submitted": 1,
        "sent_back": 1,
        "finished": 1,
    }
    assert board.days_to_deadline == -5 and board.days_past_deadline == 5
    assert board.progress.by_deadline == 2  # Bergen and Voss by 15 March; Oslo after
    assert board.progress.days[-1] == (datetime.date(2022, 3, 20), 3)


def test_the_county_filter_narrows_counts_and_list(year, survey_2021):
    board = dashboard.build(survey_2021, dashboard.Filters(county="46"), today=datetime.date(2022, 3, 20))
    vestland = Municipality.objects.filter(year=2021, county_number="46").count()
    assert board.selection.total == len(board.rows) == vestland
    assert "0301" not in {r.municipality.number for r in board.rows}
    assert [g.label for g in board.groups["county"]] == ["Vestland"]
    only = dashboard.build(survey_2021, dashboard.Filters(county="46", status="in_progress"))
    assert [r.municipality.number for r in only.rows] == ["4620"]


def test_page_shows_counts_chart_and_review_links(year, editor, client):
    client.force_login(editor)
    page = client.get(reverse("collection:dashboard") + "?year=2021&county=46").content.decode()
    assert 'id="c-selection"' in page and "<polyline" in page
    assert reverse("workbench:review", args=(2021, "4601")) in page  # a response: one click to its review
    assert reverse("collection:municipality", args=(2021, "4602")) in page  # none yet: the collection page


def test_non_respondents_csv_has_contacts_and_is_formula_safe(year, survey_2021, editor, client):
    set_contact(
        survey_2021,
        Municipality.objects.get(year=2021, number="4620"),
        name="=HYPERLINK(1)",
        email="k4620@kommune.example",
        user=editor,
        source="editor",
    )
    client.force_login(editor)
    answer = client.get(reverse("collection:non-respondents", args=("csv",)) + "?year=2021&county=46")
    assert answer["Content-Disposition"] == 'attachment; filename="ikke_svart_2021.csv"'
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    numbers = [r[0] for r in rows[1:]]
    assert "4620" in numbers and "4601" not in numbers and "4621" not in numbers  # submitted ones are not listed
    assert all(Municipality.objects.get(year=2021, number=n).county_number == "46" for n in numbers)
    ulvik = next(r for r in rows if r[0] == "4620")
    assert ulvik[4:6] == ["'=HYPERLINK(1)", "k4620@kommune.example"]


def test_non_respondents_excel_holds_text_only(year, editor, client):
    client.force_login(editor)
    answer = client.get(reverse("collection:non-respondents", args=("xlsx",)) + "?year=2021")
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet.cell(1, 1).value == "kommunenummer"
    assert all(cell.data_type == "s" for row in sheet.iter_rows(min_row=2) for cell in row if cell.value)
    assert sheet.max_row - 1 == Municipality.objects.filter(year=2021).count() - 3


def test_unknown_export_format_is_404(editor, client, survey_2021):
    client.force_login(editor)
    assert client.get(reverse("collection:non-respondents", args=("pdf",))).status_code == 404


def test_editor_changes_the_main_contact_and_the_change_is_logged(year, editor, client):
    client.force_login(editor)
    url = reverse("collection:municipality", args=(2021, "4620"))
    assert "k4620@kommune.example" in client.get(url).content.decode()
    bad = client.post(url, {"name": "Ny", "email": "ikke-adresse"})
    assert bad.status_code == 200 and "gyldig" in bad.content.decode()
    assert client.post(url, {"name": "Ny Kontakt", "email": "ny@ulvik.kommune.no"}).status_code == 302
    change = ContactChange.objects.filter(source="editor").get()
    assert (change.old_email, change.new_email, change.user) == ("k4620@kommune.example", "ny@ulvik.kommune.no", editor)


def test_reporters_may_not_see_the_dashboard(reporter, client, survey_2021):
    client.force_login(reporter)
    assert client.get(reverse("collection:dashboard")).status_code == 403
    assert client.get(reverse("collection:municipality", args=(2021, "4601"))).status_code == 403
