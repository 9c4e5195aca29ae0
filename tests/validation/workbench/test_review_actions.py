"""Actions on the review page: every editor change needs a reason and leaves a trace (ChangeLog for values, the
flag's status_by/at/reason, a review event); a correction keeps the raw value, changes the edited export, and
re-runs the rules so a fixed flag closes as corrected."""

import csv

import pytest
from django.core.management import call_command
from django.urls import reverse

from surveys.models import ChangeLog, Correction, Response
from surveys.services.edited import edited_values
from tests.validation.workbench.conftest import HAA
from validation.models import Flag, ReviewEvent


@pytest.fixture
def flag(kroner_error):
    return Flag.objects.get(response=kroner_error, rule_id="EQ-06", variables="a_net_operating_cost")


def _act(client, flag, **data):
    return client.post(reverse("workbench:flag-action", args=(flag.pk,)), data, follow=True)


def _export(tmp_path, layer: str) -> dict[str, str]:
    path = tmp_path / f"{layer}.csv"
    call_command("export_responses", str(path), "--values", layer)
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["kommunenummer"]: row for row in csv.DictReader(handle)}[HAA]


def test_the_kroner_error_is_flagged_with_a_suggestion(flag):
    assert flag.severity == "error" and flag.status == Flag.Status.OPEN
    assert flag.suggestion == {"a_net_operating_cost": "10287"}


@pytest.mark.parametrize("action", ["confirmed", "dismissed", "correct", "suggestion"])
def test_every_flag_action_needs_a_reason(editor_client, flag, action):
    answer = _act(editor_client, flag, action=action, reason="  ", variable="a_net_operating_cost", value="10287")
    assert "Skriv en begrunnelse" in answer.content.decode()
    flag.refresh_from_db()
    assert flag.status == Flag.Status.OPEN and flag.status_by is None
    assert not Correction.objects.exists()
    assert not ChangeLog.objects.filter(source=ChangeLog.Source.EDITOR).exists()
    assert not ReviewEvent.objects.exists()


def test_sending_back_and_reopening_need_a_reason_too(editor_client, flag, kroner_error):
    editor_client.post(reverse("workbench:send-back", args=(2021, HAA)), {"message": " "})
    assert Response.objects.get(pk=kroner_error.pk).status != Response.Status.SENT_BACK
    _act(editor_client, flag, action="dismissed", reason="Feilen er kjent.")
    _act(editor_client, flag, action="reopen", reason="")
    assert Flag.objects.get(pk=flag.pk).status == Flag.Status.DISMISSED
    editor_client.post(reverse("workbench:correct", args=(2021, HAA)), {"variable": "a_net_operating_cost"})
    assert not Correction.objects.exists()


def test_confirm_records_who_when_why_and_starts_the_work(editor_client, editor, flag, kroner_error):
    answer = _act(editor_client, flag, action="confirmed", reason="Kommunen bekreftet beløpet på telefon.")
    assert answer.status_code == 200
    flag.refresh_from_db()
    assert flag.status == Flag.Status.CONFIRMED
    assert (flag.status_by, flag.status_reason) == (editor, "Kommunen bekreftet beløpet på telefon.")
    assert flag.status_at is not None
    response = Response.objects.get(pk=kroner_error.pk)
    assert response.editing_status == Response.EditingStatus.UNDER_ARBEID
    assert response.status == Response.Status.UNDER_REVIEW
    assert response.assigned_editor == editor
    event = ReviewEvent.objects.get(action="flag.confirmed")
    assert (event.user, event.flag, event.reason) == (editor, flag, "Kommunen bekreftet beløpet på telefon.")


def test_dismiss_and_reopen(editor_client, editor, flag):
    _act(editor_client, flag, action="dismissed", reason="Regelen passer ikke her.")
    assert Flag.objects.get(pk=flag.pk).status == Flag.Status.DISMISSED
    _act(editor_client, flag, action="reopen", reason="Må sjekkes likevel.")
    assert Flag.objects.get(pk=flag.pk).status == Flag.Status.OPEN
    assert list(ReviewEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "flag.dismissed",
        "flag.reopened",
    ]


def test_correction_keeps_raw_changes_edited_and_closes_the_flag(editor_client, editor, flag, tmp_path):
    reason = "Beløpet var oppgitt i kroner; kommunen bekreftet 10 287 (1000 kr)."
    answer = _act(editor_client, flag, action="correct", variable="a_net_operating_cost", value="10 287", reason=reason)
    assert "flagget er lukket som rettet" in answer.content.decode()
    response = Response.objects.get(pk=flag.response_id)
    assert response.raw_values["a_net_operating_cost"] == "10287000"
    assert edited_values(response)["a_net_operating_cost"] == "10287"
    change = ChangeLog.objects.get(source=ChangeLog.Source.EDITOR)
    assert (change.layer, change.old_value, change.new_value) == ("edited", "10287000", "10287")
    assert (change.user, change.reason) == (editor, reason)
    flag.refresh_from_db()
    assert flag.status == Flag.Status.CORRECTED
    assert (flag.status_by, flag.status_reason) == (editor, reason)
    assert _export(tmp_path, "edited")["a_net_operating_cost"] == "10287"
    assert _export(tmp_path, "raw")["a_net_operating_cost"] == "10287000"


def test_review_page_shows_raw_beside_edited_after_a_correction(editor_client, flag):
    _act(editor_client, flag, action="suggestion", reason="Forslaget fra regelen: delt på 1000.")
    html = editor_client.get(reverse("workbench:review", args=(2021, HAA))).content.decode()
    assert '<td class="wb-raw" data-var="a_net_operating_cost">10287000' in html
    assert '<td class="wb-edited" data-var="a_net_operating_cost"><strong>10287</strong>' in html
    assert "Forslaget fra regelen: delt på 1000." in html
    assert Flag.objects.get(pk=flag.pk).status == Flag.Status.CORRECTED


def test_a_correction_that_does_not_fix_the_hit_leaves_the_flag_open(editor_client, flag):
    answer = _act(editor_client, flag, action="correct", variable="a_net_operating_cost", value="9000000", reason="x")
    assert "flagget er åpent" in answer.content.decode()
    assert Flag.objects.get(pk=flag.pk).status == Flag.Status.OPEN


def test_an_invalid_value_is_refused(editor_client, flag):
    answer = _act(editor_client, flag, action="correct", variable="a_net_operating_cost", value="ti", reason="x")
    assert "Ugyldig verdi" in answer.content.decode()
    assert not Correction.objects.exists()


def test_only_the_flags_variables_are_corrected_from_a_flag(editor_client, flag):
    _act(editor_client, flag, action="correct", variable="s22_doctors_with_gp_contract", value="3", reason="x")
    assert not Correction.objects.exists()


def test_a_value_without_a_flag_is_corrected_with_a_reason(editor_client, editor, kroner_error):
    url = reverse("workbench:correct", args=(2021, HAA))
    editor_client.post(url, {"variable": "s22_doctors_with_gp_contract", "value": "31", "reason": "Svar på e-post."})
    correction = Correction.objects.get()
    assert (correction.variable, correction.value, correction.editor) == ("s22_doctors_with_gp_contract", "31", editor)
    assert correction.raw_value == kroner_error.raw_values["s22_doctors_with_gp_contract"]


def test_done_needs_every_flag_judged(editor_client, editor, kroner_error):
    status_url = reverse("workbench:status", args=(2021, HAA))
    answer = editor_client.post(status_url, {"action": "done"}, follow=True)
    assert "fortsatt åpne" in answer.content.decode()
    assert Response.objects.get(pk=kroner_error.pk).editing_status == Response.EditingStatus.UBEHANDLET
    for open_flag in kroner_error.flags.filter(status=Flag.Status.OPEN):
        _act(editor_client, open_flag, action="confirmed", reason="Kontrollert.")
    editor_client.post(status_url, {"action": "done"})
    response = Response.objects.get(pk=kroner_error.pk)
    assert response.editing_status == Response.EditingStatus.FERDIG
    assert response.status == Response.Status.ACCEPTED
    editor_client.post(status_url, {"action": "reopen", "reason": ""})
    assert Response.objects.get(pk=kroner_error.pk).editing_status == Response.EditingStatus.FERDIG
    editor_client.post(status_url, {"action": "reopen", "reason": "Nytt svar fra kommunen."})
    assert Response.objects.get(pk=kroner_error.pk).editing_status == Response.EditingStatus.UNDER_ARBEID


def test_flag_actions_need_post(editor_client, flag):
    assert editor_client.get(reverse("workbench:flag-action", args=(flag.pk,))).status_code == 405
