"""How a year run reads and splits its work: edited texts as plain rows, chunk sizes, and which responses the
cross-unit sync touches."""

import pytest

from surveys.services.edited import edited_values
from surveys.services.values import correct_value
from validation.models import Flag
from validation.services import edited_texts, run_year_sync
from validation.services.runs import CHUNK_SIZE, MAX_CHUNKS, chunk_size_for

LV05_MISMATCH = {
    "host": {"s24_legevakt_parts": "B", "b_participant_count": "1", "b_participant_kommune_ids": "1851"},
    "participant": {"s24_legevakt_parts": "C", "c_host_kommune_ids": "5001"},
}


@pytest.mark.parametrize(
    ("responses", "size"),
    [(1, CHUNK_SIZE), (356, CHUNK_SIZE), (CHUNK_SIZE * MAX_CHUNKS, CHUNK_SIZE), (35600, 356), (35601, 357)],
)
def test_chunks_grow_with_the_year_so_there_are_at_most_max_chunks(responses, size):
    assert chunk_size_for(responses) == size
    assert -(-responses // size) <= max(MAX_CHUNKS, 1)


def test_edited_texts_overlay_active_corrections_only(submitted, editor):
    response = submitted("1851", c_net_operating_cost="1358000", c_doctors_count="4", e_hours_from_systems="ja")
    correct_value(response, "c_net_operating_cost", "1358", editor=editor, reason="tusenfeil")
    correct_value(response, "c_doctors_count", "5", editor=editor, reason="først")
    correct_value(response, "c_doctors_count", "6", editor=editor, reason="så")  # supersedes 5
    correct_value(response, "e_hours_from_systems", "", editor=editor, reason="blankes")
    other = submitted("1875", c_net_operating_cost="2000")

    pks, texts = edited_texts(response.survey)
    assert pks == {"1851": response.pk, "1875": other.pk}
    assert texts["1851"]["c_net_operating_cost"] == "1358"
    assert texts["1851"]["c_doctors_count"] == "6"
    assert texts["1851"]["e_hours_from_systems"] == ""
    edited = edited_values(response)
    assert {k: v for k, v in texts["1851"].items() if v != ""} == edited

    pks, texts = edited_texts(response.survey, ids=[other.pk], variables=["c_net_operating_cost", "c_doctors_count"])
    assert (pks, texts) == ({"1875": other.pk}, {"1875": {"c_net_operating_cost": "2000"}})


def test_a_year_run_closes_a_cross_unit_flag_whose_hit_is_gone(submitted, editor):
    host = submitted("1804", **LV05_MISMATCH["host"])
    participant = submitted("1851", **LV05_MISMATCH["participant"])
    bystander = submitted("1875", c_net_operating_cost="2000")
    run_year_sync(host.survey)
    lv05 = Flag.objects.filter(rule_id="LV-05")
    assert set(lv05.values_list("response__municipality__number", "status")) == {("1804", "open"), ("1851", "open")}

    correct_value(participant, "c_host_kommune_ids", "1804", editor=editor, reason="feil vert")
    run = run_year_sync(host.survey)
    assert set(lv05.values_list("status", flat=True)) == {"corrected"}
    assert run.counts["corrected"] == 2
    assert not Flag.objects.filter(response=bystander, rule_id="LV-05").exists()

    correct_value(participant, "c_host_kommune_ids", "5001", editor=editor, reason="tilbake")
    run_year_sync(host.survey)
    assert set(lv05.values_list("status", flat=True)) == {"open"}
