"""Saving without leaving the page (form.js asks for JSON): the same save, and what the page needs to look as a
reload would show it. Whatever is not a plain save is answered "resubmit", with nothing saved."""

import json

from django.core import signing

from surveys.forms.section import _BASE_SALT, RENDERED_AT
from surveys.models import ChangeLog, Response
from tests.surveys.test_reporter_support import post_section, section_url, stale_after_colleague, stored

IN_PLACE = {"Accept": "application/json"}


def save_in_place(client, questionnaire, number, section_id, values, **kwargs):
    answer = post_section(client, questionnaire, number, section_id, values, headers=IN_PLACE, save="", **kwargs)
    return answer.status_code, json.loads(answer.content)


def next_state(saved) -> dict:
    """The page's hidden fields after form.js applied the answer."""
    return {"_version": str(saved["version"]), "_base": saved["base"]}


def test_a_save_in_place_stores_logs_and_answers_the_new_version(client, reporter, kommune, questionnaire):
    client.force_login(reporter)
    status, saved = save_in_place(client, questionnaire, kommune.number, "part_e", {"e_hours_from_systems": "ja"})
    assert status == 200 and saved["status"] == "saved"
    response = Response.objects.get(municipality=kommune)
    assert saved["version"] == response.version
    assert stored() == {"e_hours_from_systems": "ja"}
    assert ChangeLog.objects.filter(variable="e_hours_from_systems", new_value="ja", user=reporter).count() == 1
    assert saved["message"].startswith("Lagret kl. ")
    base = signing.loads(saved["base"], salt=_BASE_SALT)
    assert base.pop(RENDERED_AT) > 0 and base == {"e_hours_from_systems": "ja"}
    assert saved["inputs"] == {}  # the page shows what is stored
    page = client.get(section_url(kommune.number, "part_e")).content.decode()
    assert 'class="messages"' not in page  # the answer said "saved": no message is left for the next page


def test_the_answered_state_serves_the_next_save(client, reporter, kommune, questionnaire):
    client.force_login(reporter)
    _, first = save_in_place(client, questionnaire, kommune.number, "part_e", {"e_hours_from_systems": "ja"})
    status, second = save_in_place(
        client, questionnaire, kommune.number, "part_e", {"e_hours_from_systems": "nei"}, state=next_state(first)
    )
    assert status == 200 and second["status"] == "saved"
    assert second["version"] == first["version"] + 1
    assert stored() == {"e_hours_from_systems": "nei"}


def test_a_colleagues_answer_saved_meanwhile_is_sent_to_the_page_and_then_kept(
    client, reporter, colleague_client, kommune, questionnaire
):
    client.force_login(reporter)
    _, first = save_in_place(client, questionnaire, kommune.number, "part_e", {"e_hours_from_systems": "ja"})
    post_section(colleague_client, questionnaire, kommune.number, "part_e", {"e_split_onsite_backup": "ja"})
    # The reporter's page still shows e_split_onsite_backup blank: it posts it so.
    status, second = save_in_place(
        client,
        questionnaire,
        kommune.number,
        "part_e",
        {"e_hours_from_systems": "ja", "e_hours_not_discretionary": "nei"},
        state=next_state(first),
        keep=False,
    )
    assert status == 200
    assert second["inputs"] == {"e_split_onsite_backup": "ja"}
    assert stored()["e_split_onsite_backup"] == "ja"
    # form.js puts the colleague's answer in the page; the next save posts it unchanged.
    page = {"e_hours_from_systems": "ja", "e_hours_not_discretionary": "nei", **second["inputs"]}
    save_in_place(client, questionnaire, kommune.number, "part_e", page, state=next_state(second), keep=False)
    assert stored() == {"e_hours_from_systems": "ja", "e_hours_not_discretionary": "nei", "e_split_onsite_backup": "ja"}


def test_numbers_come_back_as_stored(client, reporter, kommune, questionnaire):
    client.force_login(reporter)
    _, saved = save_in_place(
        client, questionnaire, kommune.number, "s2_2", {"s22_doctors_with_gp_contract": "1 200"}, keep=False
    )
    assert stored()["s22_doctors_with_gp_contract"] == "1200"
    assert saved["inputs"] == {"s22_doctors_with_gp_contract": "1200"}


def test_findings_are_sent_for_the_page_to_show_and_cleared_when_fixed(client, reporter, kommune, questionnaire):
    client.force_login(reporter)
    var = "s22_doctors_with_gp_contract"
    question = questionnaire.variables[var].question_id
    _, saved = save_in_place(client, questionnaire, kommune.number, "s2_2", {var: "tolv"})
    assert stored()[var] == "tolv"  # a draft keeps what was typed
    assert f'id="err-{question}"' in saved["findings"][question]
    assert "Feil:" in saved["findings"][question]
    assert 'role="alert"' in saved["summary"] and f'href="#id_{var}"' in saved["summary"]
    _, fixed = save_in_place(client, questionnaire, kommune.number, "s2_2", {var: "12"}, state=next_state(saved))
    assert question not in fixed["findings"]
    assert f'href="#id_{var}"' not in fixed["summary"]


def test_a_conflict_is_answered_resubmit_and_nothing_is_saved(
    client, reporter, colleague_client, kommune, questionnaire
):
    client.force_login(reporter)
    stale = stale_after_colleague(client, colleague_client, questionnaire, kommune.number)
    before = (stored(), ChangeLog.objects.count())
    mine = {"e_hours_from_systems": "ja", "e_split_onsite_backup": "nei"}
    status, answer = save_in_place(client, questionnaire, kommune.number, "part_e", mine, state=stale, keep=False)
    assert (status, answer) == (409, {"status": "resubmit"})
    assert (stored(), ChangeLog.objects.count()) == before
    # The plain post form.js falls back to shows the conflict page.
    plain = post_section(client, questionnaire, kommune.number, "part_e", mine, state=stale, keep=False)
    assert plain.status_code == 409 and "Noen andre har lagret" in plain.content.decode()


def test_a_tampered_base_is_answered_resubmit(client, reporter, kommune, questionnaire):
    client.force_login(reporter)
    state = {"_version": "1", "_base": "not-signed"}
    status, answer = save_in_place(
        client, questionnaire, kommune.number, "part_e", {"e_hours_from_systems": "ja"}, state=state
    )
    assert (status, answer) == (409, {"status": "resubmit"})
    assert not kommune.responses.exists()


def test_save_and_next_still_goes_to_the_next_page(client, reporter, kommune, questionnaire):
    client.force_login(reporter)
    answer = post_section(
        client, questionnaire, kommune.number, "s2_2", {"s22_doctors_with_gp_contract": "3"}, headers=IN_PLACE,
        save_next="",
    )  # fmt: skip
    assert answer.status_code == 302 and answer["Location"] == section_url(kommune.number, "s2_3")
    assert stored()["s22_doctors_with_gp_contract"] == "3"


def test_a_save_looks_for_corrections_to_supersede_only_when_the_response_has_any(
    client, reporter, kommune, questionnaire, editor
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from surveys.models import Correction
    from surveys.services.values import correct_value

    def correction_reads(value, state=None):
        with CaptureQueriesContext(connection) as queries:
            status, saved = save_in_place(
                client, questionnaire, kommune.number, "part_e", {"e_hours_from_systems": value}, state=state
            )
        assert status == 200 and saved["status"] == "saved"
        reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "surveys_correction"')]
        return len(reads), saved

    client.force_login(reporter)
    _, first = correction_reads("ja")  # creates the response row
    reads, second = correction_reads("nei", next_state(first))
    assert reads == 0
    correct_value(Response.objects.get(), "e_hours_from_systems", "ja", editor=editor, reason="telefon")
    # The reporter's page (from before the correction) saves "ja" too: the raw value moves, the correction goes.
    reads, _ = correction_reads("ja", next_state(second))
    assert reads > 0 and Correction.objects.get().superseded_at is not None
