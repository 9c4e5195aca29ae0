"""Concurrent edits through the real views: two reporters of one municipality on the same section, and an editor
correcting while a reporter saves. No update is lost: changes that do not overlap are merged, overlapping ones
give the conflict page (409) and write nothing. The races run on PostgreSQL with threads."""

import re
import threading

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from surveys.models import ChangeLog, Correction, Membership, Response
from surveys.services.edited import edited_values
from tests.conftest import _user
from tests.surveys.test_reporter_support import form_data, is_checked, page_state, post_section, section_url, stored

POSTGRES = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="a real race needs PostgreSQL"
)
GRID_ROW = ("b_staff_time_fastleger_dag", "b_staff_time_fastleger_kveld")  # two cells of one Part B grid row
PART_B = {"s24_legevakt_parts": "B", "b_fastleger_used": "ja", "b_andre_leger_used": "ja"}
PART_E = {"e_hours_from_systems": "ja", "e_hours_not_discretionary": "ja", "e_split_onsite_backup": "ja"}
DOCTORS = {"s22_doctors_with_gp_contract": "10", "s22_doctors_without_gp_contract": "3"}  # section 2-2


@pytest.fixture
def colleague(kommune):
    user = get_user_model().objects.create_user("colleague", password="pw-for-tests-123")
    Membership.objects.create(user=user, municipality_number=kommune.number)
    return user


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sent_back(survey, kommune, values) -> Response:
    """A response submitted once and sent back: the reporter may save, the editor may correct."""
    now = timezone.now()
    return Response.objects.create(
        survey=survey,
        municipality=kommune,
        raw_values=dict(values),
        status=Response.Status.SENT_BACK,
        submitted_at=now,
        first_submitted_at=now,
    )


def correct(client: Client, kommune, variable, value, reason="Avklart med kommunen"):
    url = reverse("workbench:correct", args=(2021, kommune.number))
    return client.post(url, {"variable": variable, "value": value, "reason": reason})


def hidden_state(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="(_version|_base)" value="([^"]*)"', html))


# -- two reporters, one section ---------------------------------------------------------------------------------


def test_ticks_in_one_grid_row_from_the_same_page_are_merged(reporter, colleague, kommune, questionnaire, survey_2021):
    Response.objects.create(survey=survey_2021, municipality=kommune, raw_values=dict(PART_B))
    mine, theirs = logged_in(reporter), logged_in(colleague)
    state = page_state(mine, kommune.number, "part_b")  # both open the page at the same version
    assert page_state(theirs, kommune.number, "part_b")["_version"] == state["_version"]
    first = post_section(theirs, questionnaire, kommune.number, "part_b", {GRID_ROW[0]: "1"}, state=state)
    second = post_section(mine, questionnaire, kommune.number, "part_b", {GRID_ROW[1]: "1"}, state=state, keep=False)
    assert (first.status_code, second.status_code) == (302, 302)
    assert (stored()[GRID_ROW[0]], stored()[GRID_ROW[1]]) == ("1", "1")  # neither tick lost


def test_overlapping_changes_give_the_conflict_page_and_write_nothing(
    reporter, colleague, kommune, questionnaire, survey_2021
):
    Response.objects.create(survey=survey_2021, municipality=kommune, raw_values=dict(PART_B))
    mine, theirs = logged_in(reporter), logged_in(colleague)
    state = page_state(mine, kommune.number, "part_b")
    post_section(theirs, questionnaire, kommune.number, "part_b", {"b_fastleger_count": "4", GRID_ROW[0]: "1"})
    answer = post_section(
        mine,
        questionnaire,
        kommune.number,
        "part_b",
        {"b_fastleger_count": "6", "b_andre_leger_count": "2"},
        state=state,
        keep=False,
    )
    assert answer.status_code == 409
    html = answer.content.decode()
    assert "Noen andre har lagret endringer" in html and "colleague" in html
    assert (stored()["b_fastleger_count"], stored().get("b_andre_leger_count")) == ("4", None)  # nothing written
    assert ChangeLog.objects.filter(user=reporter).count() == 0
    # the page now holds the colleague's tick and both of the reporter's answers; saving it keeps all three
    assert is_checked(html, f"id_{GRID_ROW[0]}")
    assert 'value="6"' in html and 'value="2"' in html
    own = {v for q in questionnaire.section("part_b").questions for v in q.variables}
    again = {**stored(), "b_fastleger_count": "6", "b_andre_leger_count": "2"}
    data = {**hidden_state(html), **form_data(questionnaire, {k: v for k, v in again.items() if k in own})}
    assert mine.post(section_url(kommune.number, "part_b"), data).status_code == 302
    assert (stored()["b_fastleger_count"], stored()["b_andre_leger_count"], stored()[GRID_ROW[0]]) == ("6", "2", "1")


# -- an editor corrects while a reporter saves -------------------------------------------------------------------


@pytest.fixture
def editor_client(editor):
    return logged_in(editor)


def test_a_correction_meanwhile_and_a_reporters_other_change_both_stand(
    reporter, editor_client, kommune, questionnaire, survey_2021
):
    response = sent_back(survey_2021, kommune, DOCTORS)
    mine = logged_in(reporter)
    state = page_state(mine, kommune.number, "s2_2")
    assert correct(editor_client, kommune, "s22_doctors_with_gp_contract", "12").status_code == 302
    answer = post_section(
        mine, questionnaire, kommune.number, "s2_2", {"s22_doctors_without_gp_contract": "4"}, state=state
    )
    assert answer.status_code == 302
    response.refresh_from_db()
    assert response.raw_values == {"s22_doctors_with_gp_contract": "10", "s22_doctors_without_gp_contract": "4"}
    assert edited_values(response)["s22_doctors_with_gp_contract"] == "12"  # the correction is still active
    assert Correction.objects.get().superseded_at is None


def test_agreeing_with_a_correction_made_meanwhile_is_no_conflict(
    reporter, editor_client, kommune, questionnaire, survey_2021
):
    response = sent_back(survey_2021, kommune, DOCTORS)
    mine = logged_in(reporter)
    state = page_state(mine, kommune.number, "s2_2")
    correct(editor_client, kommune, "s22_doctors_with_gp_contract", "12")
    answer = post_section(
        mine, questionnaire, kommune.number, "s2_2", {"s22_doctors_with_gp_contract": "12"}, state=state
    )
    assert answer.status_code == 302
    response.refresh_from_db()
    assert response.raw_values["s22_doctors_with_gp_contract"] == "12"


def test_changing_a_value_an_editor_corrected_meanwhile_is_a_conflict(
    reporter, editor, editor_client, kommune, questionnaire, survey_2021
):
    response = sent_back(survey_2021, kommune, DOCTORS)
    mine = logged_in(reporter)
    state = page_state(mine, kommune.number, "s2_2")
    correct(editor_client, kommune, "s22_doctors_with_gp_contract", "12")
    changes = {"s22_doctors_with_gp_contract": "11", "s22_doctors_without_gp_contract": "5"}
    answer = post_section(mine, questionnaire, kommune.number, "s2_2", changes, state=state)
    assert answer.status_code == 409
    html = answer.content.decode()
    assert "Noen andre har lagret endringer" in html
    assert re.search(r'<td class="theirs">12 <span class="help">\(editor', html)  # the editor's corrected value
    assert '<td class="mine">11</td>' in html
    response.refresh_from_db()
    assert response.raw_values == DOCTORS  # nothing of the POST written
    assert Correction.objects.get(superseded_at__isnull=True).value == "12"
    # saving again from the conflict page is a deliberate choice: the reporter's value stands, the correction
    # is superseded and stays in the history
    assert 'value="11"' in html and 'value="5"' in html
    again = post_section(mine, questionnaire, kommune.number, "s2_2", changes, state=hidden_state(html))
    assert again.status_code == 302
    response.refresh_from_db()
    assert edited_values(response) == {"s22_doctors_with_gp_contract": "11", "s22_doctors_without_gp_contract": "5"}
    assert Correction.objects.get().superseded_at is not None
    assert ChangeLog.objects.filter(variable="s22_doctors_with_gp_contract", user=editor, new_value="12").exists()


# -- real races on PostgreSQL ----------------------------------------------------------------------------------


def race(*calls):
    """Run the calls at the same moment in threads (each with its own database connection); their results."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - reported to the test below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@POSTGRES
@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_of_one_section_lose_nothing(kommune, questionnaire, survey_2021):
    users = [_user(f"racer{i}") for i in range(2)]
    for user in users:
        Membership.objects.create(user=user, municipality_number=kommune.number)
    start = Response.objects.create(survey=survey_2021, municipality=kommune, raw_values=dict(PART_E)).version
    clients = [logged_in(user) for user in users]
    state = page_state(clients[0], kommune.number, "part_e")
    for _round in range(5):  # disjoint changes: both always stand
        a, b = ("nei", "ja") if stored()["e_hours_from_systems"] == "ja" else ("ja", "nei")
        answers = race(
            lambda a=a, state=state: post_section(clients[0], questionnaire, kommune.number, "part_e",
                                                  {"e_hours_from_systems": a}, state=state, keep=False),
            lambda b=b, state=state: post_section(clients[1], questionnaire, kommune.number, "part_e",
                                                  {"e_split_own_residents": b}, state=state, keep=False),
        )  # fmt: skip
        assert [r.status_code for r in answers] == [302, 302], answers
        assert (stored()["e_hours_from_systems"], stored()["e_split_own_residents"]) == (a, b)
        state = page_state(clients[0], kommune.number, "part_e")
    answers = race(  # the same question, different answers: one wins, the other gets the conflict page
        *(
            lambda c=c, v=v: post_section(c, questionnaire, kommune.number, "part_e",
                                          {"e_split_own_contribution": v}, state=state, keep=False)
            for c, v in zip(clients, ("ja", "nei"), strict=True)
        )
    )  # fmt: skip
    codes = sorted(r.status_code for r in answers)
    assert codes == [302, 409], answers
    winner = ("ja", "nei")[[r.status_code for r in answers].index(302)]
    assert stored()["e_split_own_contribution"] == winner
    assert ChangeLog.objects.filter(variable="e_split_own_contribution").count() == 1
    assert Response.objects.get().version == start + 2 * 5 + 1  # every accepted save counted once


@POSTGRES
@pytest.mark.django_db(transaction=True)
def test_a_correction_racing_a_reporters_save_loses_neither(kommune, questionnaire, survey_2021):
    reporter, editor = _user("racing-reporter"), _user("racing-editor", group="editors")
    Membership.objects.create(user=reporter, municipality_number=kommune.number)
    response = sent_back(survey_2021, kommune, DOCTORS)
    start = response.version
    mine, theirs = logged_in(reporter), logged_in(editor)
    for i in range(4):
        state = page_state(mine, kommune.number, "s2_2")
        saved, corrected = str(20 + i), str(30 + i)
        answers = race(
            lambda saved=saved, state=state: post_section(mine, questionnaire, kommune.number, "s2_2",
                                                          {"s22_doctors_without_gp_contract": saved}, state=state),
            lambda corrected=corrected: correct(theirs, kommune, "s22_doctors_with_gp_contract", corrected),
        )  # fmt: skip
        assert [r.status_code for r in answers] == [302, 302], answers
        response.refresh_from_db()
        assert response.raw_values["s22_doctors_without_gp_contract"] == saved
        assert edited_values(response)["s22_doctors_with_gp_contract"] == corrected
    assert Correction.objects.filter(superseded_at__isnull=True).count() == 1
    assert ChangeLog.objects.filter(layer=ChangeLog.Layer.EDITED).count() == 4
    assert ChangeLog.objects.filter(layer=ChangeLog.Layer.RAW).count() == 4
    assert response.version == start + 8  # four saves and four corrections, each counted once
