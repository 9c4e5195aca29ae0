"""Flags across runs: created open, status kept while nothing changes, reopened on change, corrected when the hit
goes, never duplicated; editors' judgements; scores."""

import pytest
from django.db import IntegrityError, transaction

from surveys.services.values import correct_value
from validation.models import Flag, RuleRun
from validation.services import FlagError, run_rules_for_response, run_year_sync, set_flag_status

THOUSAND_ERROR = {"s24_legevakt_parts": "C", "c_net_operating_cost": "1358000", "c_cooperation_types": "omgang"}


def flag(response, rule_id="EQ-06", variables="c_net_operating_cost") -> Flag:
    return Flag.objects.get(response=response, rule_id=rule_id, variables=variables)


def test_a_hit_creates_an_open_flag(submitted):
    response = submitted("1851", **THOUSAND_ERROR)
    run = run_rules_for_response(response)
    found = flag(response)
    assert (found.status, found.severity, found.suggestion) == ("open", "error", {"c_net_operating_cost": "1358"})
    assert found.seen == {"c_net_operating_cost": 1358000}
    assert found.first_seen_at == found.last_seen_at and found.last_run == run
    assert (run.status, run.scope, run.response) == (RuleRun.Status.FINISHED, "response", response)


def test_a_rerun_keeps_a_confirmed_flag_and_its_judgement(submitted, editor):
    response = submitted("1851", **THOUSAND_ERROR)
    run_rules_for_response(response)
    set_flag_status(flag(response), "confirmed", editor=editor, reason="Bekreftet på telefon")
    first_seen = flag(response).first_seen_at
    run_rules_for_response(response)
    again = flag(response)
    assert (again.status, again.status_by, again.status_reason) == ("confirmed", editor, "Bekreftet på telefon")
    assert again.first_seen_at == first_seen and again.last_seen_at > first_seen


def test_changed_seen_values_reopen_a_confirmed_flag(submitted, editor):
    response = submitted("1851", **THOUSAND_ERROR)
    run_rules_for_response(response)
    set_flag_status(flag(response), "confirmed", editor=editor, reason="ok")
    correct_value(response, "c_net_operating_cost", "2500000", editor=editor, reason="ny verdi fra kommunen")
    run_rules_for_response(response)
    again = flag(response)
    assert again.status == "open" and again.status_by is None
    assert again.seen == {"c_net_operating_cost": 2500000}


def test_a_dismissed_flag_stays_dismissed_while_values_stand(submitted, editor):
    response = submitted("1851", **THOUSAND_ERROR)
    run_rules_for_response(response)
    set_flag_status(flag(response), "dismissed", editor=editor, reason="kjent")
    run_rules_for_response(response)
    assert flag(response).status == "dismissed"


def test_a_flag_whose_hit_is_gone_becomes_corrected_and_reopens_if_it_returns(submitted, editor):
    response = submitted("1851", **THOUSAND_ERROR)
    run_rules_for_response(response)
    correct_value(response, "c_net_operating_cost", "1358", editor=editor, reason="1000-feil")
    run_rules_for_response(response)
    assert flag(response).status == "corrected"
    correct_value(response, "c_net_operating_cost", "1358000", editor=editor, reason="angret")
    run_rules_for_response(response)
    assert flag(response).status == "open"


def test_repeated_runs_never_duplicate_a_flag(submitted):
    response = submitted("1851", **THOUSAND_ERROR)
    for _ in range(3):
        run_rules_for_response(response)
    run_year_sync(response.survey)
    run_year_sync(response.survey, chunk_size=1)
    keys = list(Flag.objects.values_list("response", "rule_id", "variables"))
    assert len(keys) == len(set(keys)) and flag(response)


def test_the_database_refuses_a_duplicate_flag(submitted):
    response = submitted("1851", **THOUSAND_ERROR)
    run_rules_for_response(response)
    copy = flag(response)
    copy.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


def test_a_year_run_counts_and_finishes(submitted):
    submitted("1851", **THOUSAND_ERROR)
    submitted("1875", s24_legevakt_parts="C", c_cooperation_types="omgang", c_net_operating_cost="-10")
    run = run_year_sync(submitted("1813", s24_legevakt_parts="").survey)
    assert (run.status, run.done_chunks, run.total_chunks) == ("finished", 2, 2)
    assert run.counts["error"] >= 2 and run.counts["created"] == Flag.objects.count()
    rerun = run_year_sync(run.survey)
    assert rerun.counts.get("created", 0) == 0 and rerun.counts["unchanged"] == Flag.objects.count()


def test_cross_unit_flags_name_the_related_municipalities(submitted):
    host = submitted(
        "1804",
        s24_legevakt_parts="B",
        b_participant_count="1",
        b_participant_kommune_ids="1851",
        b_total_net_operating_cost="10000",
        b_own_share_net_operating_cost="7000",
    )
    participant = submitted("1851", s24_legevakt_parts="C", c_host_kommune_ids="5001", c_net_operating_cost="3000")
    run_rules_for_response(participant)
    assert flag(host, "LV-05", "b_participant_kommune_ids").related == ["1851"]
    assert flag(participant, "LV-05", "c_host_kommune_ids").related == ["1804"]


def test_a_submit_closes_cross_unit_flags_it_resolves(submitted, editor):
    submitted("1804", s24_legevakt_parts="B", b_participant_count="1", b_participant_kommune_ids="1851")
    participant = submitted("1851", s24_legevakt_parts="C", c_host_kommune_ids="5001")
    run_rules_for_response(participant)
    correct_value(participant, "c_host_kommune_ids", "1804", editor=editor, reason="feil vert")
    run_rules_for_response(participant)
    assert set(Flag.objects.filter(rule_id="LV-05").values_list("status", flat=True)) == {"corrected"}


def test_editors_must_give_a_reason(submitted, editor):
    response = submitted("1851", **THOUSAND_ERROR)
    run_rules_for_response(response)
    with pytest.raises(FlagError):
        set_flag_status(flag(response), "dismissed", editor=editor, reason=" ")
    with pytest.raises(FlagError):
        set_flag_status(flag(response), "corrected", editor=editor, reason="rettet")


def test_scores_rank_errors_and_large_amounts_first(submitted):
    big = submitted("1851", **THOUSAND_ERROR)
    small = submitted(
        "1875",
        s24_legevakt_parts="C",
        c_cooperation_types="omgang",
        c_net_operating_cost="2000",
        e_hours_from_systems="",
    )
    run_year_sync(big.survey)
    eq06 = flag(big)
    pr11 = Flag.objects.filter(response=small, rule_id="PR-11").first()
    assert eq06.score > pr11.score > 0


def test_flags_are_stored_in_bokmal_whatever_language_the_task_runs_in(submitted):
    from django.utils import translation

    from validation.tasks import run_rules_for_response as task

    response = submitted("1813", s24_legevakt_parts="")
    with translation.override("nn"):  # an eager task inside a nynorsk reporter's request
        task(response.pk)
    messages = list(Flag.objects.filter(response=response).values_list("message", flat=True))
    assert "Ingen organisasjonsform (del A, B, C eller D) er krysset av i 2-4." in messages
