"""Table pages: who sees live tables and drill-down, who may publish, and what the public sees."""

import io
import json

import pandas as pd
from django.urls import reverse

from surveys.models import TableSnapshot
from surveys.services.values import correct_value
from tests.surveys.tables.conftest import confirm_publish


def _url(name, *args):
    return reverse(f"tables:{name}", args=[2021, *args])


def _publish(client, user):
    client.force_login(user)
    response = confirm_publish(client)
    client.logout()
    return response


def test_anonymous_sees_no_tables_before_publication(client, stored_year):
    response = client.get(_url("index"))
    assert response.status_code == 200
    assert "ikke publisert" in response.content.decode()
    assert client.get(_url("detail", "3.1")).status_code == 404
    assert client.get(_url("download", "3.1", "csv")).status_code == 404
    assert client.get(_url("workbook")).status_code == 404


def test_editor_sees_live_tables_with_links_to_the_municipalities_behind_cells(client, stored_year, editor):
    client.force_login(editor)
    page = client.get(_url("detail", "3.1")).content.decode()
    assert '<caption id="caption-3.1">' in page and '<th scope="row">' in page and '<th scope="col">' in page
    assert "(N = 4)" in page
    assert _url("cell", "3.1", 3, 0) in page  # Part C count

    cell = client.get(_url("cell", "3.1", 3, 0))
    assert cell.status_code == 200
    body = cell.content.decode()
    assert "Ulvik" in body and "Voss" in body and "Oslo" not in body.split("Øvrige kommuner")[0]


def test_drilldown_is_for_editors_only(client, stored_year, reporter):
    url = _url("cell", "3.1", 3, 0)
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(reporter)
    assert client.get(url).status_code == 403


def test_only_an_admin_can_publish(client, stored_year, editor, reporter, admin_user):
    assert client.post(_url("publish")).status_code == 302  # login
    assert _publish(client, reporter).status_code == 403
    assert _publish(client, editor).status_code == 403
    assert not TableSnapshot.objects.exists()

    assert _publish(client, admin_user).status_code == 302
    snapshot = TableSnapshot.objects.get()
    assert snapshot.is_current and snapshot.published_by == admin_user
    assert {t["table"] for t in snapshot.tables} >= {"2.1", "Figur 3.1", "5.25", "6.1", "7.7"}


def test_republishing_replaces_the_current_snapshot(client, stored_year, admin_user):
    _publish(client, admin_user)
    _publish(client, admin_user)
    assert TableSnapshot.objects.count() == 2
    assert TableSnapshot.objects.filter(is_current=True).count() == 1
    assert TableSnapshot.objects.get(is_current=True).pk == TableSnapshot.objects.latest("published_at").pk


def test_public_sees_the_frozen_snapshot_without_drilldown(client, stored_year, admin_user, editor, reporter):
    _publish(client, admin_user)
    response = stored_year.responses.get(municipality__number="0301")
    correct_value(response, "s24_legevakt_parts", "D", editor=editor, reason="phoned")

    for user in (None, reporter):
        if user:
            client.force_login(user)
        page = client.get(_url("detail", "3.1")).content.decode()
        assert "/celle/" not in page
        assert "Publisert" in page
        table = json.loads(client.get(_url("download", "3.1", "json")).content)
        assert table["value"][0] == 1  # A ordinary, as published
        assert table["value"][8] == 0  # D, as published

    client.force_login(editor)
    live = json.loads(client.get(_url("download", "3.1", "json")).content)
    assert live["value"][0] == 0 and live["value"][8] == 1
    preview = json.loads(client.get(_url("download", "3.1", "json") + "?publisert=1").content)
    assert preview["value"][0] == 1


def test_public_cost_means_of_fewer_than_three_municipalities_are_withheld(client, stored_year, admin_user, editor):
    _publish(client, admin_user)
    page = client.get(_url("detail", "6.4")).content.decode()
    assert 'title="Skjermet: for få kommuner">:</abbr>' in page
    public = pd.read_csv(io.BytesIO(client.get(_url("download", "6.4", "csv")).content), index_col=0)
    assert public.loc["Totalt", "Antall kommuner"] == 2
    assert public["Netto driftsutgifter til legevakt per innbygger, i kr"].isna().all()

    client.force_login(editor)
    live = pd.read_csv(io.BytesIO(client.get(_url("download", "6.4", "csv")).content), index_col=0)
    # Ulvik 900 000 kr / 1 051 = 856.3, Voss 12 000 000 kr / 15 875 = 755.9: mean 806.1
    assert live.loc["Totalt", "Netto driftsutgifter til legevakt per innbygger, i kr"] == 806


def test_figures_are_drawn_as_svg_bar_charts_with_printed_values(client, stored_year, editor):
    client.force_login(editor)
    page = client.get(_url("detail", "Figur_4.1")).content.decode()
    assert '<svg width="100%"' in page and 'role="img"' in page
    assert "Egne fastleger" in page and "0 %" in page


def test_index_lists_every_table_by_chapter_and_offers_publishing_to_admins(client, stored_year, editor, admin_user):
    client.force_login(editor)
    page = client.get(_url("index")).content.decode()
    assert page.count('class="table-list"') == 6
    assert _url("detail", "Figur_3.1") in page and _url("detail", "5.25") in page
    assert _url("publish") not in page
    client.force_login(admin_user)
    assert _url("publish") in client.get(_url("index")).content.decode()


def test_downloads_open_in_pandas(client, stored_year, editor):
    client.force_login(editor)
    xlsx = client.get(_url("download", "4.2", "xlsx"))
    assert xlsx["Content-Disposition"] == 'attachment; filename="table_4.2.xlsx"'
    assert pd.read_excel(io.BytesIO(xlsx.content), index_col=0).shape == (7, 10)


def test_summary_page_shows_headline_figures(client, stored_year, editor, admin_user):
    client.force_login(editor)
    page = client.get(_url("summary")).content.decode()
    assert "Fastleger i legevakt" in page and "I interkommunalt samarbeid" in page
    client.logout()
    assert "ikke publisert" in client.get(_url("summary")).content.decode()
    _publish(client, admin_user)
    assert "Vertskommune for interkommunal legevakt" in client.get(_url("summary")).content.decode()
