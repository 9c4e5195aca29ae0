"""Send back: the reporter sees the editor's message and the flagged questions, corrects and submits again; the
rules run on re-submit and the flag whose hit is gone closes as corrected."""

import pytest
from django.urls import reverse

from surveys.models import ChangeLog, Response
from tests.surveys.test_reporter_support import post_section
from tests.validation.workbench.conftest import HVALER
from validation.models import Flag, ReviewEvent

MESSAGE = "Netto driftsutgifter ser ut til å være oppgitt i millioner kroner. Rett beløpet til 1000 kr."


@pytest.fixture
def too_low(submitted, run_rules):
    (response,) = run_rules(submitted(HVALER, a_net_operating_cost="8"))
    return response


@pytest.fixture
def flag(too_low):
    return Flag.objects.get(response=too_low, rule_id="EQ-06")


def _send_back(client, flag):
    return client.post(
        reverse("workbench:send-back", args=(2021, HVALER)), {"message": MESSAGE, "flags": [flag.pk]}, follow=True
    )


def test_send_back_needs_a_message(editor_client, too_low, flag):
    editor_client.post(reverse("workbench:send-back", args=(2021, HVALER)), {"message": "", "flags": [flag.pk]})
    assert Response.objects.get(pk=too_low.pk).status == Response.Status.SUBMITTED


def test_send_back_stores_the_message_with_the_flagged_questions(editor_client, editor, too_low, flag):
    _send_back(editor_client, flag)
    response = Response.objects.get(pk=too_low.pk)
    assert response.status == Response.Status.SENT_BACK
    assert response.editing_status == Response.EditingStatus.UNDER_ARBEID
    assert response.sent_back_message.startswith(MESSAGE)
    assert "Netto driftsutgifter til egen kommunal legevakt" in response.sent_back_message
    assert flag.message in response.sent_back_message
    event = ReviewEvent.objects.get(action="response.sent_back")
    assert (event.user, event.reason) == (editor, MESSAGE)


def test_a_draft_cannot_be_sent_back(editor_client, too_low, flag):
    Response.objects.filter(pk=too_low.pk).update(status=Response.Status.IN_PROGRESS)
    answer = _send_back(editor_client, flag)
    assert "Bare innsendte svar" in answer.content.decode()
    assert Response.objects.get(pk=too_low.pk).status == Response.Status.IN_PROGRESS


def test_reporter_sees_the_message_corrects_resubmits_and_the_flag_closes(
    client, editor, hvaler_reporter, too_low, flag, questionnaire, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    _send_back(client, flag)

    client.force_login(hvaler_reporter)
    overview = client.get(reverse("surveys:overview", args=(2021, HVALER))).content.decode()
    assert "Skjemaet er sendt tilbake fra SSB" in overview
    assert "Netto driftsutgifter ser ut til å være oppgitt i millioner kroner" in overview
    assert "Netto driftsutgifter til egen kommunal legevakt" in overview  # the flagged question

    answer = post_section(client, questionnaire, HVALER, "part_a", {"a_net_operating_cost": "8240"})
    assert answer.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("surveys:check", args=(2021, HVALER)), {"action": "submit"})
    assert answer.status_code == 302 and answer["Location"].endswith("/kvittering/")

    response = Response.objects.get(pk=too_low.pk)
    assert response.status == Response.Status.SUBMITTED
    assert response.raw_values["a_net_operating_cost"] == "8240"
    assert ChangeLog.objects.filter(source=ChangeLog.Source.RESPONDENT, variable="a_net_operating_cost").exists()
    flag.refresh_from_db()
    assert flag.status == Flag.Status.CORRECTED
