"""Raw and edited values: corrections beside raw values, superseded by a later raw change; stale writes refused."""

import pytest

from surveys.models import ChangeLog, Correction
from surveys.services.values import StaleVersion, correct_value, save_raw_values


def test_a_correction_keeps_the_raw_value(response_factory, editor):
    response = response_factory(a_net_operating_cost="5000000")
    correct_value(response, "a_net_operating_cost", "5000", editor=editor, reason="1000-feil")
    response.refresh_from_db()
    assert response.raw_values["a_net_operating_cost"] == "5000000"
    assert response.edited_values()["a_net_operating_cost"] == "5000"
    log = ChangeLog.objects.get(response=response, layer=ChangeLog.Layer.EDITED)
    assert (log.old_value, log.new_value, log.user, log.reason) == ("5000000", "5000", editor, "1000-feil")


def test_a_correction_needs_a_reason(response_factory, editor):
    response = response_factory(a_net_operating_cost="5000000")
    with pytest.raises(ValueError, match="reason"):
        correct_value(response, "a_net_operating_cost", "5000", editor=editor, reason="  ")
    assert not Correction.objects.exists()


def test_a_later_raw_change_supersedes_the_correction(response_factory, editor, reporter):
    response = response_factory(a_net_operating_cost="5000000")
    correct_value(response, "a_net_operating_cost", "5000", editor=editor, reason="1000-feil")
    save_raw_values(response, {"a_net_operating_cost": "4800"}, user=reporter, source="respondent")
    response.refresh_from_db()
    assert response.edited_values()["a_net_operating_cost"] == "4800"
    correction = Correction.objects.get()
    assert correction.superseded_at is not None and correction.value == "5000"


def test_an_unchanged_raw_value_leaves_the_correction(response_factory, editor, reporter):
    response = response_factory(a_net_operating_cost="5000000", a_cost_comment="")
    correct_value(response, "a_net_operating_cost", "5000", editor=editor, reason="1000-feil")
    save_raw_values(response, {"a_net_operating_cost": "5000000", "a_cost_comment": "ok"}, user=reporter, source="x")
    response.refresh_from_db()
    assert response.edited_values()["a_net_operating_cost"] == "5000"


def test_a_stale_save_of_the_same_field_is_a_conflict(response_factory, reporter):
    response = response_factory(a_fastleger_count="10")
    seen_version = response.version
    save_raw_values(response, {"a_fastleger_count": "11"}, user=reporter, source="respondent")
    with pytest.raises(StaleVersion) as conflict:
        save_raw_values(
            response,
            {"a_fastleger_count": "12"},
            user=reporter,
            source="respondent",
            expected_version=seen_version,
            baseline={"a_fastleger_count": "10"},  # what the second colleague loaded
        )
    assert conflict.value.conflicts == {"a_fastleger_count": ("11", "12")}
    response.refresh_from_db()
    assert response.raw_values["a_fastleger_count"] == "11"


def test_a_stale_save_without_baseline_conflicts_on_every_difference(response_factory, reporter):
    response = response_factory(a_fastleger_count="10", a_sykepleiere_count="3")
    seen_version = response.version
    save_raw_values(response, {"a_fastleger_count": "11"}, user=reporter, source="respondent")
    with pytest.raises(StaleVersion) as conflict:
        save_raw_values(
            response, {"a_fastleger_count": "10"}, user=reporter, source="respondent", expected_version=seen_version
        )
    assert conflict.value.conflicts == {"a_fastleger_count": ("11", "10")}


def test_a_stale_save_of_other_fields_merges(response_factory, reporter):
    response = response_factory(a_fastleger_count="10", a_sykepleiere_count="3")
    seen_version = response.version
    save_raw_values(response, {"a_fastleger_count": "11"}, user=reporter, source="respondent")
    save_raw_values(
        response,
        {"a_fastleger_count": "10", "a_sykepleiere_count": "4"},
        user=reporter,
        source="respondent",
        expected_version=seen_version,
        baseline={"a_fastleger_count": "10", "a_sykepleiere_count": "3"},
    )
    response.refresh_from_db()
    assert response.raw_values == {"a_fastleger_count": "11", "a_sykepleiere_count": "4"}
