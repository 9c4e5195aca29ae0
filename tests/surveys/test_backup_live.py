"""backup_year on a live database: what is saved while the dump runs is not in the archive, which restores to
the year as it was when the dump started."""

import json
import threading
import zipfile

import pytest
from django.conf import settings
from django.db import connection

from surveys.models import ChangeLog, Response
from surveys.services import backup
from surveys.services.values import save_raw_values

pytestmark = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="a snapshot needs PostgreSQL"
)


def _save_from_another_connection(response, user):
    def save():
        try:
            save_raw_values(Response.objects.get(pk=response.pk), {"a_cost_comment": "Lagret under dumpen"},
                            user=user, source="respondent")  # fmt: skip
        finally:
            connection.close()

    thread = threading.Thread(target=save)
    thread.start()
    thread.join()


@pytest.mark.django_db(transaction=True)
def test_a_save_during_the_dump_is_not_in_the_archive(response_factory, reporter, tmp_path, monkeypatch):
    response = response_factory(a_cost_comment="Før dumpen")
    changes_before = ChangeLog.objects.count()
    models = backup.year_models()
    assert models[0][0] is Response  # responses are read first, their change log later

    def year_models_with_a_save_between():
        yield models[0]
        _save_from_another_connection(response, reporter)  # committed while the dump is half way
        yield from models[1:]

    monkeypatch.setattr(backup, "year_models", year_models_with_a_save_between)
    archive = tmp_path / "2021.zip"
    counts = backup.dump_year(response.survey, archive)

    assert ChangeLog.objects.count() == changes_before + 1  # the save happened
    assert counts["surveys.ChangeLog"] == changes_before  # ... after the snapshot
    rows = json.loads(zipfile.ZipFile(archive).read("data.json"))
    stored = next(r for r in rows if r["model"] == "surveys.response")
    assert stored["fields"]["raw_values"]["a_cost_comment"] == "Før dumpen"
