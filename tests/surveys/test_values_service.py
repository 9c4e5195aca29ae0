"""Raw and edited values: corrections beside raw values, superseded by a later raw change; stale writes refused."""

import pytest
from django.utils import timezone

from surveys.models import ChangeLog, Correction, Response, SubmissionRound
from surveys.services.edited import edited_values
from surveys.services.values import StaleVersion, correct_value, save_raw_values


def _submit(response):
    """What submitting does to the stored layers: the raw values become the response's newest round."""
    response.refresh_from_db()
    Response.objects.filter(pk=response.pk).update(
        status=Response.Status.SUBMITTED, first_submitted_at=response.first_submitted_at or timezone.now()
    )
    SubmissionRound.objects.create(response=response, number=response.rounds.count() + 1, values=response.raw_values)
    return response


def test_a_correction_keeps_the_raw_value(response_factory, editor):
    response = _submit(response_factory(a_net_operating_cost="5000000"))
    correct_value(response, "a_net_operating_cost", "5000", editor=editor, reason="1000-feil")
    response.refresh_from_db()
    assert response.raw_values["a_net_operating_cost"] == "5000000"
    assert edited_values(response)["a_net_operating_cost"] == "5000"
    log = ChangeLog.objects.get(response=response, layer=ChangeLog.Layer.EDITED)
    assert (log.old_value, log.new_value, log.user, log.reason) == ("5000000", "5000", editor, "1000-feil")


def test_a_correction_needs_a_reason(response_factory, editor):
    response = response_factory(a_net_operating_cost="5000000")
    with pytest.raises(ValueError, match="reason"):
        correct_value(response, "a_net_operating_cost", "5000", editor=editor, reason="  ")
    assert not Correction.objects.exists()


def test_a_later_raw_change_supersedes_the_correction_once_submitted(response_factory, editor, reporter):
    response = _submit(response_factory(a_net_operating_cost="5000000"))
    correct_value(response, "a_net_operating_cost", "5000", editor=editor, reason="1000-feil")
    save_raw_values(response, {"a_net_operating_cost": "4800"}, user=reporter, source="respondent")
    correction = Correction.objects.get()
    assert correction.superseded_at is not None and correction.value == "5000"
    assert edited_values(response)["a_net_operating_cost"] == "5000"  # a draft: the correction still stands
    _submit(response)
    assert edited_values(response)["a_net_operating_cost"] == "4800"


def test_a_draft_never_reaches_the_edited_values(response_factory, reporter):
    response = _submit(response_factory(a_net_operating_cost="5000"))
    save_raw_values(response, {"a_net_operating_cost": "9" * 30}, user=reporter, source="respondent")
    assert edited_values(response) == {"a_net_operating_cost": "5000"}


def test_a_response_never_submitted_has_no_edited_values(response_factory):
    assert edited_values(response_factory(a_net_operating_cost="5000")) == {}


def test_an_unchanged_raw_value_leaves_the_correction(response_factory, editor, reporter):
    response = _submit(response_factory(a_net_operating_cost="5000000", a_cost_comment=""))
    correct_value(response, "a_net_operating_cost", "5000", editor=editor, reason="1000-feil")
    save_raw_values(response, {"a_net_operating_cost": "5000000", "a_cost_comment": "ok"}, user=reporter, source="x")
    _submit(response)
    assert edited_values(response)["a_net_operating_cost"] == "5000"


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
