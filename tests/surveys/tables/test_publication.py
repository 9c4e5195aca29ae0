"""Publishing asks first: the confirmation page counts the changed cells per table against the current
publication, and a publication confirmed on tables that have changed since is refused."""

import re

from django.urls import reverse

from surveys.models import TableSnapshot
from surveys.services.values import correct_value
from surveys.tables.publication import changes


def _table(id_, rows, columns, values):
    return {"table": id_, "title": f"Tabell {id_}", "rows": rows, "columns": columns, "values": values}


def test_changes_count_cells_that_differ_appear_or_disappear():
    before = [_table("3.1", ["A", "B"], ["n", "%"], [[1, 50.0], [1, 50.0]]), _table("3.2", ["A"], ["n"], [[4]])]
    after = [
        _table("3.1", ["A", "B", "C"], ["n", "%"], [[1, 33.3], [1, 33.3], [1, 33.3]]),  # 2 changed, 2 new
        _table("3.2", ["A"], ["n"], [[4]]),
        _table("3.3", ["A"], ["n", "%"], [[1, 100.0]]),
    ]
    found = {c.id: c for c in changes(after, before)}
    assert (found["3.1"].changed, found["3.1"].cells, found["3.1"].new) == (4, 6, False)
    assert found["3.2"].unchanged
    assert (found["3.3"].changed, found["3.3"].new) == (2, True)
    assert all(c.new and c.changed == c.cells for c in changes(after, None))


def _url():
    return reverse("tables:publish", args=(2021,))


def _fingerprint(page) -> str:
    return re.search(r'name="fingerprint" value="([0-9a-f]+)"', page.content.decode()).group(1)


def test_the_page_asks_before_publishing_and_shows_changed_cells(client, stored_year, admin_user, editor):
    client.force_login(admin_user)
    first = client.get(_url())
    assert "publiseres for første gang" in first.content.decode()
    assert not TableSnapshot.objects.exists()  # looking publishes nothing
    client.post(_url(), {"confirm": "yes", "fingerprint": _fingerprint(first)})
    assert TableSnapshot.objects.count() == 1

    same = client.get(_url()).content.decode()
    assert "Ingen celler endres" in same
    response = stored_year.responses.get(municipality__number="0301")
    correct_value(response, "s24_legevakt_parts", "D", editor=editor, reason="phoned")
    page = client.get(_url()).content.decode()
    rows = dict(re.findall(r'<tr data-table="([^"]+)">.*?<td class="num">(\d+)</td>', page))
    # Oslo moves from Part A to Part D: in 3.1 the A and D counts and shares change
    assert int(rows["3.1"]) >= 2
    assert "5.1" not in rows  # unchanged tables are not listed


def test_tables_changed_after_the_confirmation_page_are_not_published(client, stored_year, admin_user, editor):
    client.force_login(admin_user)
    shown = _fingerprint(client.get(_url()))
    response = stored_year.responses.get(municipality__number="0301")
    correct_value(response, "s24_legevakt_parts", "D", editor=editor, reason="phoned")
    answer = client.post(_url(), {"confirm": "yes", "fingerprint": shown})
    assert answer.status_code == 200 and "endret siden du så gjennom dem" in answer.content.decode()
    assert not TableSnapshot.objects.exists()
