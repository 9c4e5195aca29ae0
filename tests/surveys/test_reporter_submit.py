"""Submitting: invalid values and errors block, warnings need a correction or an explanation, info is not shown;
a submitted response is read-only until an editor sends it back."""

import pytest
from django.urls import reverse

from questionnaire.rules.registry import ERROR, INFO, WARNING, Hit, get_rule
from surveys.models import Explanation, Response, SubmissionRound
from surveys.services.entry import checks
from tests.surveys.test_reporter_support import post_section, section_url, stored


@pytest.fixture
def hits(monkeypatch):
    """Rule hits under the test's control, so the policy is tested apart from the rules' thresholds."""
    found = []
    monkeypatch.setattr(checks, "rule_hits", lambda questionnaire, texts, ref: list(found))
    return found


@pytest.fixture
def draft(client, reporter, kommune, questionnaire):
    client.force_login(reporter)
    post_section(client, questionnaire, kommune.number, "s2_4", {"s24_legevakt_parts": "D"})
    post_section(client, questionnaire, kommune.number, "part_e", {"e_hours_from_systems": "ja"})
    return client


def _check_url(kommune):
    return reverse("surveys:check", args=(2021, kommune.number))


def _submit(client, kommune, **explanations):
    data = {"action": "submit", **{f"explain:{k}": v for k, v in explanations.items()}}
    return client.post(_check_url(kommune), data)


def _status():
    return Response.objects.get().status


def test_clean_response_is_submitted_with_a_round_and_a_receipt(draft, kommune, hits, reporter):
    response = _submit(draft, kommune)
    assert response["Location"] == reverse("surveys:receipt", args=(2021, kommune.number))
    saved = Response.objects.get()
    assert saved.status == Response.Status.SUBMITTED
    assert saved.submitted_at is not None and saved.first_submitted_at == saved.submitted_at
    round_ = SubmissionRound.objects.get(response=saved)
    assert (round_.number, round_.values, round_.submitted_by) == (1, saved.raw_values, reporter)
    assert "er sendt inn" in draft.get(response["Location"]).content.decode()


def test_warning_must_be_explained_before_submit(draft, kommune, hits):
    hits.append(Hit(("e_hours_from_systems",), WARNING, "Sjekk svaret", rule_id="TEST-W"))
    _submit(draft, kommune)
    assert _status() == Response.Status.IN_PROGRESS
    html = draft.get(_check_url(kommune)).content.decode()
    assert 'name="explain:TEST-W:e_hours_from_systems"' in html
    _submit(draft, kommune, **{"TEST-W:e_hours_from_systems": "Stemmer, sjekket med legevaktsjefen."})
    assert _status() == Response.Status.SUBMITTED
    explanation = Explanation.objects.get()
    assert (explanation.rule_id, explanation.variables) == ("TEST-W", "e_hours_from_systems")


def test_error_blocks_submit_until_confirmed_with_an_explanation(draft, kommune, hits):
    hits.append(Hit(("e_hours_from_systems", "s24_legevakt_parts"), ERROR, "Motstrid", rule_id="TEST-E"))
    _submit(draft, kommune)
    assert _status() == Response.Status.IN_PROGRESS
    state = draft.get(reverse("surveys:overview", args=(2021, kommune.number))).content.decode()
    assert "state-has_errors" in state
    _submit(draft, kommune, **{"TEST-E:e_hours_from_systems|s24_legevakt_parts": "   "})
    assert _status() == Response.Status.IN_PROGRESS  # blank is no explanation
    _submit(draft, kommune, **{"TEST-E:e_hours_from_systems|s24_legevakt_parts": "Riktig: bekreftet."})
    assert _status() == Response.Status.SUBMITTED


def test_explanations_can_be_saved_without_submitting(draft, kommune, hits):
    hits.append(Hit(("e_hours_from_systems",), WARNING, "Sjekk svaret", rule_id="TEST-W"))
    draft.post(_check_url(kommune), {"action": "explain", "explain:TEST-W:e_hours_from_systems": "Forklart."})
    assert _status() == Response.Status.IN_PROGRESS
    assert Explanation.objects.get().text == "Forklart."
    overview = draft.get(reverse("surveys:overview", args=(2021, kommune.number))).content.decode()
    assert "state-has_warnings" not in overview


def test_info_hits_are_not_shown_to_reporters_and_do_not_block(monkeypatch, draft, kommune):
    info = Hit(("e_hours_from_systems",), INFO, "Til SSB", rule_id="TEST-I")
    monkeypatch.setattr(checks, "run_unit_rules", lambda values, ref: [info])
    assert 'data-rule-id="TEST-I"' not in draft.get(_check_url(kommune)).content.decode()
    _submit(draft, kommune)
    assert _status() == Response.Status.SUBMITTED


def test_invalid_value_blocks_submit_and_cannot_be_explained_away(draft, kommune, questionnaire, hits):
    post_section(draft, questionnaire, kommune.number, "part_d", {"d_doctors_count": "mange"})
    _submit(draft, kommune)
    assert _status() == Response.Status.IN_PROGRESS
    html = draft.get(_check_url(kommune)).content.decode()
    assert 'data-kind="invalid"' in html


def test_missing_required_answer_blocks_submit(draft, kommune, questionnaire, hits):
    post_section(draft, questionnaire, kommune.number, "s2_4", {"s24_legevakt_parts": "A|D"})
    _submit(draft, kommune)
    assert _status() == Response.Status.IN_PROGRESS
    html = draft.get(section_url(kommune.number, "part_a")).content.decode()
    assert "Svar mangler" in html


def test_submitted_response_is_read_only(draft, kommune, questionnaire, hits):
    _submit(draft, kommune)
    refused = post_section(draft, questionnaire, kommune.number, "part_e", {"e_hours_from_systems": "nei"})
    assert refused.status_code == 403
    assert stored()["e_hours_from_systems"] == "ja"
    html = draft.get(section_url(kommune.number, "part_e")).content.decode()
    assert 'name="save"' not in html
    assert "disabled" in html
    assert 'value="submit"' not in draft.get(_check_url(kommune)).content.decode()
    _submit(draft, kommune)
    assert SubmissionRound.objects.count() == 1


def test_sent_back_response_shows_the_message_and_can_be_resubmitted(draft, kommune, questionnaire, hits):
    _submit(draft, kommune)
    first = Response.objects.get()
    Response.objects.filter(pk=first.pk).update(
        status=Response.Status.SENT_BACK, sent_back_message="Sjekk beløpet i del E."
    )
    overview = draft.get(reverse("surveys:overview", args=(2021, kommune.number))).content.decode()
    assert "Sjekk beløpet i del E." in overview
    assert (
        post_section(draft, questionnaire, kommune.number, "part_e", {"e_hours_from_systems": "nei"}).status_code == 302
    )
    _submit(draft, kommune)
    again = Response.objects.get()
    assert again.status == Response.Status.SUBMITTED
    assert again.first_submitted_at == first.first_submitted_at
    assert list(again.rounds.values_list("number", flat=True)) == [1, 2]


def test_real_cost_rule_warns_and_is_explained(draft, kommune, questionnaire):
    """EQ-06 through the form: 1 (1000 kr) for a participant of Bergen's size is implausibly low."""
    try:
        get_rule("EQ-06")
    except KeyError:
        pytest.skip("rule EQ-06 is not registered yet")
    post_section(draft, questionnaire, kommune.number, "s2_4", {"s24_legevakt_parts": "C"})
    post_section(draft, questionnaire, kommune.number, "part_c", {"c_net_operating_cost": "1"})
    check = checks.check_response(Response.objects.get())
    eq06 = [f for f in check.findings if f.rule_id == "EQ-06"]
    assert [(f.severity, f.variables) for f in eq06] == [(WARNING, ("c_net_operating_cost",))]
    html = draft.get(section_url(kommune.number, "part_c")).content.decode()
    assert 'data-rule-id="EQ-06"' in html


def test_submit_schedules_the_batch_rules(draft, kommune, hits, django_capture_on_commit_callbacks):
    from validation.models import RuleRun

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _submit(draft, kommune)
    assert callbacks  # scheduled after the commit, not inside the submit transaction
    assert RuleRun.objects.filter(response=Response.objects.get(), scope=RuleRun.Scope.RESPONSE).exists()


def test_an_explained_warning_shows_as_explained_after_a_save_with_no_query_of_its_own(draft, kommune, hits):
    """The explanations come with the entry read (surveys/services/entry_read.py), the page's and the save's."""
    import json

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.surveys.test_reporter_support import page_state

    hits.append(Hit(("e_hours_from_systems",), WARNING, "Sjekk svaret", rule_id="TEST-W"))
    draft.post(_check_url(kommune), {"action": "explain", "explain:TEST-W:e_hours_from_systems": "Stemmer."})
    with CaptureQueriesContext(connection) as queries:
        page = draft.get(section_url(kommune.number, "part_e")).content.decode()
        state = page_state(draft, kommune.number, "part_e")
        answer = draft.post(
            section_url(kommune.number, "part_e"),
            {**state, "e_hours_from_systems": "nei", "save": ""},
            headers={"Accept": "application/json"},
        )
    assert "resolved" in page and "Forklart" in page
    saved = json.loads(answer.content)
    assert saved["status"] == "saved" and "Forklart" in saved["findings"]["e_hours_from_systems"]
    assert not [q for q in queries if q["sql"].startswith('SELECT "surveys_explanation"')]
