"""Routing: each part only when ticked, Part E always, hidden answers kept and marked, shown again on re-tick."""

import json
import re

import pytest
from django.urls import reverse

from tests.surveys.test_reporter_support import is_checked, post_section, section_url, stored


@pytest.fixture
def logged_in(client, reporter):
    client.force_login(reporter)
    return client


_STATE = re.compile(r'<tr class="state-(\w+)">\s*<th scope="row"><a href="[^"]*/del/(\w+)/"')


def _states(client, number):
    """section id -> state, as the overview shows them."""
    html = client.get(reverse("surveys:overview", args=(2021, number))).content.decode()
    return {section_id: state for state, section_id in _STATE.findall(html)}


@pytest.mark.parametrize("ticked", ["A", "B", "C", "D", "A|C", "B|D"])
def test_each_part_is_applicable_only_when_ticked(logged_in, kommune, questionnaire, ticked):
    post_section(logged_in, questionnaire, kommune.number, "s2_4", {"s24_legevakt_parts": ticked})
    states = _states(logged_in, kommune.number)
    for letter in "ABCD":
        applicable = states[f"part_{letter.lower()}"] != "not_applicable"
        assert applicable == (letter in ticked.split("|")), letter
    assert states["part_e"] != "not_applicable"


def test_part_e_is_always_applicable(logged_in, kommune):
    states = _states(logged_in, kommune.number)
    assert states["part_e"] == "not_started"
    assert all(states[f"part_{p}"] == "not_applicable" for p in "abcd")


def test_unticked_part_keeps_its_answers_and_is_marked_not_applicable(logged_in, kommune, questionnaire):
    post_section(logged_in, questionnaire, kommune.number, "s2_4", {"s24_legevakt_parts": "A|C"})
    post_section(
        logged_in, questionnaire, kommune.number, "part_a", {"a_variant": "ordinaer", "a_fastleger_used": "ja"}
    )
    post_section(logged_in, questionnaire, kommune.number, "s2_4", {"s24_legevakt_parts": "C"})
    assert stored()["a_variant"] == "ordinaer"
    assert stored()["a_fastleger_used"] == "ja"
    assert _states(logged_in, kommune.number)["part_a"] == "not_applicable"
    html = logged_in.get(section_url(kommune.number, "part_a")).content.decode()
    assert "ikke aktuell" in html
    assert 'name="save"' not in html  # not editable while not applicable
    post_section(logged_in, questionnaire, kommune.number, "s2_4", {"s24_legevakt_parts": "A|C"})
    html = logged_in.get(section_url(kommune.number, "part_a")).content.decode()
    assert is_checked(html, "id_a_variant_0")


def test_hidden_question_keeps_its_answer_and_counts_as_blank(logged_in, kommune, questionnaire):
    post_section(logged_in, questionnaire, kommune.number, "s2_4", {"s24_legevakt_parts": "A"})
    post_section(
        logged_in, questionnaire, kommune.number, "part_a", {"a_fastleger_used": "ja", "a_fastleger_count": "12x"}
    )
    html = logged_in.get(section_url(kommune.number, "part_a")).content.decode()
    assert "not a whole number" in html or "ikke et helt tall" in html
    post_section(logged_in, questionnaire, kommune.number, "part_a", {"a_fastleger_used": "nei"})
    assert stored()["a_fastleger_count"] == "12x"  # kept verbatim
    html = logged_in.get(section_url(kommune.number, "part_a")).content.decode()
    assert re.search(r'id="q-a_fastleger_count"[^>]*hidden', html)
    assert 'value="12x"' in html  # still in the page, so a save posts it back
    assert "not a whole number" not in html  # hidden: counts as blank, no error


def test_questions_carry_their_conditions_for_the_browser(logged_in, kommune, questionnaire):
    post_section(logged_in, questionnaire, kommune.number, "s2_4", {"s24_legevakt_parts": "A"})
    html = logged_in.get(section_url(kommune.number, "part_a")).content.decode()
    match = re.search(r'id="q-a_fastleger_count" data-show-if="([^"]+)"', html)
    tree = json.loads(match.group(1).replace("&quot;", '"'))
    assert tree == ["cmp", ["var", "a_fastleger_used"], ["==", ["const", "ja"]]]
    block = re.search(r'<fieldset class="block" data-show-if="([^"]+)"', html).group(1)
    assert json.loads(block.replace("&quot;", '"')) == ["var", "a_staff_time_fastleger_dag"]
    context = re.search(r'<script id="form-context" type="application/json">(.*?)</script>', html).group(1)
    assert json.loads(context) == {"s24_legevakt_parts": ["A"]}


def test_save_next_goes_to_the_next_shown_section(logged_in, kommune, questionnaire):
    response = post_section(
        logged_in, questionnaire, kommune.number, "s2_4", {"s24_legevakt_parts": "C"}, save_next="1"
    )
    assert response["Location"] == section_url(kommune.number, "part_c")
    response = post_section(logged_in, questionnaire, kommune.number, "part_e", {}, save_next="1")
    assert response["Location"] == reverse("surveys:check", args=(2021, kommune.number))
