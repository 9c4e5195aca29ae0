"""Grids: a POST of ticked boxes stores the cell ids as '1' and '0'; never-answered hidden cells stay blank."""

import re

import pytest

from tests.surveys.test_reporter_support import post_section, section_url, stored


@pytest.fixture
def part_a(client, reporter, kommune, questionnaire):
    client.force_login(reporter)
    post_section(client, questionnaire, kommune.number, "s2_4", {"s24_legevakt_parts": "A"})
    return client


def _cell(questionnaire, question, row, column=None, block=None):
    return questionnaire.questions[question].matrix.cell_id(row, column, block)


def test_staff_time_grid_stores_ticks_as_1_and_shown_unticked_as_0(part_a, kommune, questionnaire):
    night = _cell(questionnaire, "a_staff_time", "fastleger", "natt")
    post_section(part_a, questionnaire, kommune.number, "part_a", {"a_fastleger_used": "ja", night: "1"})
    values = stored()
    assert values[night] == "1"
    for time in ("dag", "kveld", "helg"):
        assert values[_cell(questionnaire, "a_staff_time", "fastleger", time)] == "0"
    # rows of groups not used are hidden and were never answered: nothing is invented for them
    assert _cell(questionnaire, "a_staff_time", "sykepleiere", "natt") not in values


def test_shift_grid_block_appears_for_ticked_time_and_stores_several_ticks_per_row(part_a, kommune, questionnaire):
    night = _cell(questionnaire, "a_staff_time", "fastleger", "natt")
    post_section(part_a, questionnaire, kommune.number, "part_a", {"a_fastleger_used": "ja", night: "1"})
    html = part_a.get(section_url(kommune.number, "part_a")).content.decode()
    assert '<fieldset class="block" data-show-if="[&quot;var&quot;,&quot;a_staff_time_fastleger_natt&quot;]">' in html
    assert (
        '<fieldset class="block" data-show-if="[&quot;var&quot;,&quot;a_staff_time_fastleger_dag&quot;]" hidden>'
        in html
    )
    on_site = _cell(questionnaire, "a_fastleger_shifts", "primaervakt", "tilstede", "natt")
    at_home = _cell(questionnaire, "a_fastleger_shifts", "primaervakt", "hjemme", "natt")
    post_section(part_a, questionnaire, kommune.number, "part_a", {on_site: "1", at_home: "1"})
    values = stored()
    assert values[on_site] == values[at_home] == "1"
    assert values[_cell(questionnaire, "a_fastleger_shifts", "primaervakt", "ved_behov", "natt")] == "0"
    assert _cell(questionnaire, "a_fastleger_shifts", "primaervakt", "tilstede", "dag") not in values


def test_unticking_a_stored_tick_stores_0_even_when_hidden(part_a, kommune, questionnaire):
    night = _cell(questionnaire, "a_staff_time", "fastleger", "natt")
    post_section(part_a, questionnaire, kommune.number, "part_a", {"a_fastleger_used": "ja", night: "1"})
    post_section(part_a, questionnaire, kommune.number, "part_a", {night: "0"})
    assert stored()[night] == "0"


def test_hidden_ticks_are_kept_when_the_row_is_hidden(part_a, kommune, questionnaire):
    night = _cell(questionnaire, "a_staff_time", "fastleger", "natt")
    post_section(part_a, questionnaire, kommune.number, "part_a", {"a_fastleger_used": "ja", night: "1"})
    post_section(part_a, questionnaire, kommune.number, "part_a", {"a_fastleger_used": "nei"})
    assert stored()[night] == "1"  # the hidden checkbox is still in the page and posted back


def test_grid_has_headers_and_a_label_for_every_box(part_a, kommune):
    html = part_a.get(section_url(kommune.number, "part_a")).content.decode()
    assert '<th scope="col">Natt</th>' in html
    assert '<th scope="row">Kommunens egne fastleger</th>' in html
    pattern = r'<label class="cell"><input ([^>]*fastleger_dag[^>]*)><span class="visually-hidden">([^<]*)<'
    cell = re.search(pattern, html)
    assert set(cell.group(1).split()) == {
        'id="id_a_staff_time_fastleger_dag"',
        'name="a_staff_time_fastleger_dag"',
        'type="checkbox"',
    }
    assert cell.group(2) == "Kommunens egne fastleger, Dag (dagtid)"


def test_participant_contribution_counts_are_integer_cells(client, reporter, kommune, questionnaire):
    client.force_login(reporter)
    post_section(client, questionnaire, kommune.number, "s2_4", {"s24_legevakt_parts": "B"})
    shifts = _cell(questionnaire, "b_participant_contribution_counts", "vakter")
    post_section(client, questionnaire, kommune.number, "part_b", {"b_participant_count": "3", shifts: "2"})
    assert stored()[shifts] == "2"


def test_choice_questions_render_radios_and_multi_choice_renders_checkboxes(client, reporter, kommune):
    client.force_login(reporter)
    html = client.get(section_url(kommune.number, "s2_4")).content.decode()
    assert re.search(r'<input [^>]*id="id_s24_legevakt_parts_0"[^>]*type="checkbox"', html)
    html = client.get(section_url(kommune.number, "part_e")).content.decode()
    assert re.search(r'<input [^>]*id="id_e_hours_from_systems_0"[^>]*type="radio" value="ja"', html)
    assert '<label for="id_e_hours_from_systems_1">' in html
