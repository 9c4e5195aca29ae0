"""The stop estimate on the queue page and the editors' threshold (audited)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.validation.workbench.conftest import BAERUM, HAA, HVALER, KRONER_ERROR
from validation.models import Flag
from validation.selective.models import EditingThreshold, FlagImpact, ThresholdChange
from validation.services.stopping import ThresholdError, set_threshold, stop_estimate


@pytest.fixture
def year_run(submitted, survey_2021):
    submitted(HAA, **KRONER_ERROR)
    submitted(HVALER, a_net_operating_cost="1")
    submitted(BAERUM, e_split_own_residents="", e_split_own_contribution="")
    call_command("run_edits", "--year", "2021", "--sync")
    return survey_2021


def _priorities(survey):
    totals = {}
    for number, score in Flag.objects.filter(status="open").values_list("response__municipality__number", "score"):
        totals[number] = totals.get(number, 0) + score
    return totals


def test_a_threshold_of_zero_leaves_nothing_unedited(year_run):
    estimate = stop_estimate(year_run)
    assert estimate.threshold == 0
    assert (
        estimate.at_threshold.left == 0 and estimate.at_threshold.share == 0 and estimate.at_threshold.worst_bias == 0
    )


def test_the_estimate_is_the_pseudo_bias_of_the_responses_under_the_threshold(year_run):
    totals = _priorities(year_run)
    top = max(totals, key=totals.get)
    estimate = stop_estimate(year_run, threshold=totals[top])  # only the first response is reviewed
    left = estimate.at_threshold
    assert left.edited == 1 and left.left == len(totals) - 1
    assert left.share == pytest.approx((sum(totals.values()) - totals[top]) / sum(totals.values()))
    # worked by hand from the stored parts: per cell, the sum of suspicion x relative change of the flags left
    bias = {}
    for impact in FlagImpact.objects.filter(flag__status="open").exclude(flag__response__municipality__number=top):
        for cell, change in impact.cells.items():
            bias[cell] = bias.get(cell, 0) + impact.suspicion * change
    worst = max(bias, key=lambda cell: abs(bias[cell]))
    assert left.worst_cell == worst and left.worst_bias == pytest.approx(abs(bias[worst]))


def test_set_threshold_is_audited(year_run, editor):
    set_threshold(year_run, "12,5", editor=editor, reason="Tabellene rører seg ikke under dette")
    set_threshold(year_run, 20, editor=editor, reason="Strammere")
    assert EditingThreshold.objects.get(survey=year_run).threshold == 20
    changes = list(ThresholdChange.objects.order_by("at", "id").values_list("old", "new", "user", "reason"))
    assert changes == [(0, 12.5, editor.pk, "Tabellene rører seg ikke under dette"), (12.5, 20, editor.pk, "Strammere")]


@pytest.mark.parametrize(
    ("value", "reason", "field"), [("mye", "x", "Terskel"), ("-1", "x", "Terskel"), ("5", " ", "begrunnelse")]
)
def test_a_bad_threshold_is_refused_and_nothing_is_saved(year_run, editor, value, reason, field):
    with pytest.raises(ThresholdError, match=field):
        set_threshold(year_run, value, editor=editor, reason=reason)
    assert not ThresholdChange.objects.exists() and not EditingThreshold.objects.exists()


def test_queue_page_shows_the_estimate_and_marks_responses_under_the_threshold(year_run, editor, client):
    client.force_login(editor)
    totals = _priorities(year_run)
    top = max(totals, key=totals.get)
    response = client.post(
        reverse("workbench:threshold"), {"year": 2021, "threshold": str(totals[top]), "reason": "Bare ett manuelt"}
    )
    assert response.status_code == 302
    page = client.get(reverse("workbench:queue"), {"year": 2021}).content.decode()
    assert "Hvor langt må vi kontrollere?" in page
    assert page.count('class="wb-below"') == len(totals) - 1
    assert f'data-kommune="{top}" class="wb-below"' not in page
