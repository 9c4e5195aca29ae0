"""Saving: drafts keep invalid values with their errors; a colleague's concurrent change is never overwritten."""

import re

from surveys.models import ChangeLog
from tests.surveys.test_reporter_support import (
    is_checked,
    post_section,
    section_url,
    stale_after_colleague,
    stored,
)


def test_invalid_values_are_saved_as_typed_and_shown_with_their_errors(client, reporter, kommune, questionnaire):
    client.force_login(reporter)
    values = {"s22_doctors_with_gp_contract": "tolv", "s22_doctors_without_gp_contract": "-3"}
    assert post_section(client, questionnaire, kommune.number, "s2_2", values).status_code == 302
    assert stored() == values
    html = client.get(section_url(kommune.number, "s2_2")).content.decode()
    assert 'role="alert"' in html
    assert 'href="#id_s22_doctors_with_gp_contract"' in html  # the summary links to the field
    assert 'value="tolv"' in html
    assert re.search(r'aria-describedby="[^"]*err-s22_doctors_with_gp_contract', html)
    assert ChangeLog.objects.filter(variable="s22_doctors_with_gp_contract", new_value="tolv").exists()


def test_numbers_typed_the_norwegian_way_are_stored_encoded(client, reporter, kommune, questionnaire):
    client.force_login(reporter)
    post_section(client, questionnaire, kommune.number, "s2_4", {"s24_legevakt_parts": "A"})
    post_section(
        client,
        questionnaire,
        kommune.number,
        "part_a",
        {"a_net_operating_cost": "12 500", "a_fast_ansatte_used": "ja", "a_fast_ansatte_count": "3"},
    )
    post_section(client, questionnaire, kommune.number, "part_a", {"a_fast_ansatte_arsverk": "2,5"})
    assert stored()["a_net_operating_cost"] == "12500"
    assert stored()["a_fast_ansatte_arsverk"] == "2.5"


def test_amount_shows_unit_and_per_inhabitant_hint(client, reporter, kommune, questionnaire):
    client.force_login(reporter)
    post_section(client, questionnaire, kommune.number, "s2_4", {"s24_legevakt_parts": "A"})
    amount = round(1409 * kommune.population / 1000)
    post_section(client, questionnaire, kommune.number, "part_a", {"a_net_operating_cost": str(amount)})
    html = client.get(section_url(kommune.number, "part_a")).content.decode()
    assert '<span class="unit">1000 kr</span>' in html
    assert "= 1\u202f409 kr per innbygger" in html or "= 1\u202f408 kr per innbygger" in html  # thin space
    assert f'data-population="{kommune.population}"' in html


def test_amount_hint_warns_when_implausible(client, reporter, kommune, questionnaire):
    client.force_login(reporter)
    post_section(client, questionnaire, kommune.number, "s2_4", {"s24_legevakt_parts": "C"})
    post_section(
        client, questionnaire, kommune.number, "part_c", {"c_net_operating_cost": str(kommune.population * 30)}
    )
    html = client.get(section_url(kommune.number, "part_c")).content.decode()
    assert "Er beløpet oppgitt i kroner" in html


def test_second_save_from_a_stale_page_gets_a_conflict_showing_both_values(
    client, reporter, colleague_client, kommune, questionnaire
):
    client.force_login(reporter)
    stale = stale_after_colleague(client, colleague_client, questionnaire, kommune.number)
    response = post_section(
        client,
        questionnaire,
        kommune.number,
        "part_e",
        {"e_hours_from_systems": "ja", "e_split_onsite_backup": "nei"},
        state=stale,
        keep=False,
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Noen andre har lagret endringer" in html
    assert re.search(r'<td class="theirs">Ja <span class="help">\(colleague', html)
    assert '<td class="mine">Nei</td>' in html
    assert stored()["e_split_onsite_backup"] == "ja"  # nothing overwritten
    # the page now holds the reporter's value on top of the colleague's; saving it again is a deliberate choice
    assert is_checked(html, "id_e_split_onsite_backup_1")
    fresh = dict(re.findall(r'<input type="hidden" name="(_version|_base)" value="([^"]*)"', html))
    again = post_section(client, questionnaire, kommune.number, "part_e", {"e_split_onsite_backup": "nei"}, state=fresh)
    assert again.status_code == 302
    assert stored()["e_split_onsite_backup"] == "nei"


def test_concurrent_saves_of_different_questions_both_stand(client, reporter, colleague_client, kommune, questionnaire):
    client.force_login(reporter)
    stale = stale_after_colleague(client, colleague_client, questionnaire, kommune.number)
    response = post_section(
        client,
        questionnaire,
        kommune.number,
        "part_e",
        {"e_hours_from_systems": "ja", "e_hours_not_discretionary": "nei"},
        state=stale,
        keep=False,
    )
    assert response.status_code == 302
    assert stored() == {"e_hours_from_systems": "ja", "e_split_onsite_backup": "ja", "e_hours_not_discretionary": "nei"}


def test_a_tampered_base_is_refused(client, reporter, kommune, questionnaire):
    client.force_login(reporter)
    state = {"_version": "1", "_base": "not-signed"}
    post_section(client, questionnaire, kommune.number, "part_e", {"e_hours_from_systems": "ja"}, state=state)
    assert not kommune.responses.exists()


def test_what_one_page_sets_on_its_inputs_stays_on_that_page(client, reporter, kommune, other_kommune, questionnaire):
    """Forms share their fields' prototypes (built once per process): an error's aria-describedby, a read-only
    page's disabled inputs and one municipality's amount scale must not show on the next page."""
    from surveys.models import Membership

    Membership.objects.create(user=reporter, municipality_number=other_kommune.number, parts="B")  # read-only 2-2
    client.force_login(reporter)
    post_section(client, questionnaire, kommune.number, "s2_2", {"s22_doctors_with_gp_contract": "tolv"})
    assert "err-s22_doctors_with_gp_contract" in client.get(section_url(kommune.number, "s2_2")).content.decode()
    read_only = client.get(section_url(other_kommune.number, "s2_2")).content.decode()
    assert "err-s22_doctors_with_gp_contract" not in read_only
    assert re.search(r'<input[^>]*name="s22_doctors_with_gp_contract"[^>]*disabled', read_only)
    again = client.get(section_url(kommune.number, "s2_2")).content.decode()
    assert not re.search(r'<input[^>]*name="s22_doctors_with_gp_contract"[^>]*disabled', again)


def test_a_number_beyond_its_range_is_an_error_at_its_field(client, reporter, kommune, questionnaire):
    client.force_login(reporter)
    post_section(client, questionnaire, kommune.number, "s2_4", {"s24_legevakt_parts": "A"})
    huge = "999999999999999999999999999.5"
    values = {"a_fast_ansatte_used": "ja", "a_fast_ansatte_count": "3", "a_fast_ansatte_arsverk": huge}
    post_section(client, questionnaire, kommune.number, "part_a", values)
    html = client.get(section_url(kommune.number, "part_a")).content.decode()
    assert 'href="#id_a_fast_ansatte_arsverk"' in html  # the summary links to the field
    at_field = re.search(r'id="err-a_fast_ansatte_arsverk">(.*?)</ul>', html, re.DOTALL).group(1)
    assert "over høyeste tillatte verdi 9999" in at_field
