"""The review page: the whole response with raw and edited values side by side, flags at their questions with
the respondent's explanation, amounts per inhabitant from the register, compact grids and the last changes."""

import re

import pytest
from django.urls import reverse

from surveys.models import Explanation
from tests.validation.workbench.conftest import HAA
from validation.models import Flag
from validation.workbench import actions
from validation.workbench.review import build_review


@pytest.fixture
def page(editor_client, kroner_error):
    def get():
        return editor_client.get(reverse("workbench:review", args=(2021, HAA))).content.decode()

    return get


def _section(html: str, section_id: str) -> str:
    start = html.index(f'id="s-{section_id}"')
    end = html.find("<section", start)
    return html[start:end]


def test_every_section_is_shown_with_its_values(page, kroner_error, questionnaire):
    html = page()
    for section in ("s2_2", "s2_3", "s2_4", "part_a", "part_e"):
        assert f'id="s-{section}"' in html
    assert 'id="s-part_b"' not in html  # nothing answered there
    for var in ("s22_doctors_with_gp_contract", "a_fastleger_count", "e_hours_from_systems"):
        raw = kroner_error.raw_values[var]
        shown = {"ja": "Ja", "nei": "Nei"}.get(raw, raw)
        assert re.search(rf'<td class="wb-raw" data-var="{var}">{shown}', html), var


def test_flag_is_inline_at_its_question_with_the_explanation(page, kroner_error):
    flag = Flag.objects.get(response=kroner_error, rule_id="EQ-06")
    Explanation.objects.create(
        response=kroner_error, rule_id="EQ-06", variables="a_net_operating_cost", text="Beløpet er i kroner, beklager."
    )
    part_a = _section(page(), "part_a")
    assert f'id="flag-{flag.pk}"' in part_a
    assert part_a.index('data-var="a_net_operating_cost"') < part_a.index(f'id="flag-{flag.pk}"')
    assert "Kommunens forklaring: «Beløpet er i kroner, beklager.»" in part_a
    assert 'name="action" value="suggestion"' in part_a


def test_amounts_per_inhabitant(kroner_error):
    review = build_review(kroner_error)
    assert review.population == 19_296
    cost = next(v for s in review.sections for q in s.questions for v in q.values if v.var_id == "a_net_operating_cost")
    assert round(cost.per_inhabitant_raw) == round(10_287_000 * 1000 / 19_296)
    assert round(cost.per_inhabitant_edited) == round(10_287_000 * 1000 / 19_296)


def test_grids_are_compact(page, kroner_error):
    html = _section(page(), "part_a")
    grid = html[html.index('id="q-a_staff_time"') :]
    grid = grid[: grid.index("</table>")]
    ticked_rows = {
        row
        for row in ("fast_ansatte", "fastleger", "andre_leger", "sykepleiere", "annet_helsepersonell")
        if any(kroner_error.raw_values.get(f"a_staff_time_{row}_{t}") == "1" for t in ("dag", "kveld", "natt", "helg"))
    }
    assert grid.count('<tr><th scope="row">') == len(ticked_rows)


def test_last_changes_and_status_after_an_action(page, kroner_error, editor):
    flag = Flag.objects.get(response=kroner_error, rule_id="EQ-06")
    actions.apply_suggestion(flag, editor=editor, reason="Delt på 1000.")
    html = page()
    changes = html[html.index('id="changes-title"') :]
    assert "value.corrected" in changes and "Delt på 1000." in changes
    assert 'data-editing-status="UNDER_ARBEID"' in html
    assert "Rettet av editor" in html


def test_unknown_response_is_404(editor_client, kroner_error):
    assert editor_client.get(reverse("workbench:review", args=(2021, "0301"))).status_code == 404
