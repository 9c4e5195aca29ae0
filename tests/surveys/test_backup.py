"""A survey year dumped to one archive restores identically into an empty year."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import CommandError, call_command

from surveys.models import EditorCode, Explanation, Response
from surveys.services.backup import year_models
from surveys.services.values import correct_value, save_raw_values

SAMPLE = Path(__file__).parents[2] / "fixtures" / "sample-2021" / "responses_linked_injected.csv"


def _snapshot(survey):
    """Every row of the year, as serialized dicts (pks included), per model."""
    out = {}
    for model, lookup in year_models():
        rows = model.objects.filter(**{lookup: survey}).order_by("pk")
        out[model._meta.label] = serializers.serialize("python", rows, use_natural_foreign_keys=True)
    return out


@pytest.mark.django_db(transaction=True)
def test_dump_and_restore_give_the_same_year(survey_2021, reporter, editor, tmp_path):
    subset = tmp_path / "subset.csv"  # 40 municipalities, Bergen among them, keep the test quick
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    subset.write_text("".join(lines[:40] + [line for line in lines if line.startswith("4601,")]), encoding="utf-8")
    call_command("import_responses", str(subset))
    response = Response.objects.get(municipality__number="4601")
    save_raw_values(response, {"a_cost_comment": "Endret etter kontakt"}, user=reporter, source="respondent")
    correct_value(response, "e_hours_from_systems", "ja", editor=editor, reason="Bekreftet på e-post")
    EditorCode.objects.create(response=response, variable="c_net_operating_cost", code="unusable", editor=editor)
    Explanation.objects.create(response=response, rule_id="EQ-06", variables="c_net_operating_cost", text="Riktig")
    before = _snapshot(survey_2021)
    archive = tmp_path / "2021.zip"
    call_command("backup_year", str(archive), "--year", "2021")

    Response.objects.all().delete()
    get_user_model().objects.all().delete()
    assert not any(_snapshot(survey_2021).values())

    call_command("restore_year", str(archive))
    after = _snapshot(survey_2021)
    assert _first_difference(after, before) is None
    assert after == before
    restored_editor = get_user_model().objects.get(username="editor")
    assert restored_editor.groups.filter(name="editors").exists()
    assert restored_editor.check_password("pw-for-tests-123")


@pytest.mark.django_db
def test_restore_refuses_a_year_that_has_responses(survey_2021, tmp_path, response_factory):
    response_factory()
    archive = tmp_path / "2021.zip"
    call_command("backup_year", str(archive))
    with pytest.raises(CommandError, match="already has responses"):
        call_command("restore_year", str(archive))


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_an_archive(survey_2021, tmp_path):
    path = tmp_path / "x.zip"
    path.write_text("not a zip")
    with pytest.raises(CommandError, match="nothing restored"):
        call_command("restore_year", str(path))


def _first_difference(a, b):
    for label in a:
        for x, y in zip(a[label], b[label], strict=False):
            if x != y:
                return label, {k: (v, y["fields"].get(k)) for k, v in x["fields"].items() if y["fields"].get(k) != v}
    return None
