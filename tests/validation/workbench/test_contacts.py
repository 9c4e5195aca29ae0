"""Follow-up contacts: logged by an editor per municipality and year, about some of its flags, updated when the
answer comes; also kept in the Django admin."""

import pytest
from django.urls import reverse

from tests.validation.workbench.conftest import HAA, HVALER
from validation.models import Flag, FollowUpContact, ReviewEvent
from validation.workbench.actions import WorkbenchError
from validation.workbench.followups import log_contact


@pytest.fixture
def flag(kroner_error):
    return Flag.objects.get(response=kroner_error, rule_id="EQ-06")


def _contact_data(flag, **extra):
    data = {
        "contacted_on": "2022-04-05",
        "channel": "phone",
        "flags": [flag.pk],
        "question": "Er netto driftsutgifter i del A oppgitt i kroner?",
        "outcome": "no_answer",
        "follow_up_on": "2022-04-19",
        "notes": "",
    }
    return {**data, **extra}


def test_editor_logs_a_phone_contact_about_a_flag(editor_client, editor, flag):
    url = reverse("workbench:contact-new", args=(2021, HAA))
    form = editor_client.get(url, {"flag": flag.pk}).content.decode()
    assert f'value="{flag.pk}"' in form and "checked" in form
    answer = editor_client.post(url, _contact_data(flag))
    assert answer.status_code == 302
    contact = FollowUpContact.objects.get()
    assert (contact.municipality.number, contact.survey.year, contact.editor) == (HAA, 2021, editor)
    assert (contact.channel, contact.outcome, str(contact.follow_up_on)) == ("phone", "no_answer", "2022-04-19")
    assert list(contact.flags.all()) == [flag]
    assert list(flag.contacts.all()) == [contact]
    assert ReviewEvent.objects.filter(action="contact.logged", response=flag.response).exists()
    listing = editor_client.get(reverse("workbench:contacts"), {"kommune": HAA}).content.decode()
    assert "Er netto driftsutgifter i del A oppgitt i kroner?" in listing


def test_the_answer_is_recorded_on_the_contact(editor_client, flag):
    editor_client.post(reverse("workbench:contact-new", args=(2021, HAA)), _contact_data(flag))
    contact = FollowUpContact.objects.get()
    data = _contact_data(flag, outcome="corrected_editor", notes="Kommunen bekreftet 10 287 (1000 kr).")
    editor_client.post(reverse("workbench:contact-edit", args=(contact.pk,)), data)
    contact.refresh_from_db()
    assert contact.outcome == "corrected_editor" and contact.replied
    assert ReviewEvent.objects.filter(action="contact.updated").count() == 1


def test_what_was_asked_is_required(editor_client, flag):
    editor_client.post(reverse("workbench:contact-new", args=(2021, HAA)), _contact_data(flag, question=""))
    assert not FollowUpContact.objects.exists()


def test_a_flag_of_another_municipality_is_refused(survey_2021, editor, flag, submitted):
    hvaler = submitted(HVALER).municipality
    with pytest.raises(WorkbenchError):
        log_contact(
            survey_2021, hvaler, editor=editor, flags=[flag], contacted_on="2022-04-05", channel="email", question="?"
        )
    assert not FollowUpContact.objects.exists()


def test_a_contact_with_an_unknown_channel_is_refused(survey_2021, editor, flag):
    with pytest.raises(WorkbenchError):
        log_contact(
            survey_2021,
            flag.response.municipality,
            editor=editor,
            contacted_on="2022-04-05",
            channel="fax",
            question="?",
        )


def test_contacts_in_the_admin_site(client, admin_user, editor, flag):
    log_contact(
        flag.response.survey,
        flag.response.municipality,
        editor=editor,
        flags=[flag],
        contacted_on="2022-04-05",
        channel="email",
        question="Beløpet?",
    )
    client.force_login(admin_user)
    assert client.get(reverse("admin:validation_followupcontact_changelist")).status_code == 200
    contact = FollowUpContact.objects.get()
    assert client.get(reverse("admin:validation_followupcontact_change", args=(contact.pk,))).status_code == 200
    assert client.get(reverse("admin:validation_reviewevent_changelist")).status_code == 200
