"""run_edits and export_flags (interchange.md section 3), and the submit hook that schedules a run."""

import csv

import pytest
from django.core.management import CommandError, call_command

from kostra.dispatch import enqueue_on_commit
from validation.models import Flag, RuleRun

THOUSAND_ERROR = {"s24_legevakt_parts": "C", "c_net_operating_cost": "1358000", "c_cooperation_types": "omgang"}


def test_run_edits_sync_flags_the_year(submitted, capsys):
    submitted("1851", **THOUSAND_ERROR)
    call_command("run_edits", "--year", "2021", "--sync")
    assert Flag.objects.filter(rule_id="EQ-06", severity="error").count() == 1
    assert "finished" in capsys.readouterr().out


def test_run_edits_through_celery_in_eager_mode(submitted, settings, django_capture_on_commit_callbacks):
    assert settings.CELERY_TASK_ALWAYS_EAGER  # no broker configured in tests
    submitted("1851", **THOUSAND_ERROR)
    with django_capture_on_commit_callbacks(execute=True):  # the chord is sent once the run row is committed
        call_command("run_edits", "--chunk-size", "1")
    run = RuleRun.objects.get(scope="year")
    assert (run.status, run.done_chunks, run.total_chunks) == ("finished", 2, 2)
    assert run.counts["error"] >= 1
    assert Flag.objects.filter(rule_id="EQ-06").exists()


def test_run_edits_refuses_an_unknown_year(year_2021):
    with pytest.raises(CommandError, match="1999"):
        call_command("run_edits", "--year", "1999", "--sync")


def test_export_flags_writes_the_interchange_columns(submitted, tmp_path, editor):
    response = submitted("1851", **THOUSAND_ERROR, e_hours_from_systems="ja")
    call_command("run_edits", "--sync")
    Flag.objects.filter(response=response, rule_id="PR-11").update(status="dismissed")
    out = tmp_path / "flags.csv"
    call_command("export_flags", str(out), "--year", "2021")
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "kommunenummer,rule_id,severity,variables,status,message"
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) == Flag.objects.count()
    eq06 = next(r for r in rows if r["rule_id"] == "EQ-06")
    assert eq06 == {
        "kommunenummer": "1851",
        "rule_id": "EQ-06",
        "severity": "error",
        "variables": "c_net_operating_cost",
        "status": "open",
        "message": Flag.objects.get(rule_id="EQ-06").message,
    }
    multi = next(r for r in rows if r["rule_id"] == "PR-11")
    assert multi["status"] == "dismissed"
    assert all(r["severity"] in ("error", "warning", "info") for r in rows)
    assert [r["kommunenummer"] for r in rows] == sorted(r["kommunenummer"] for r in rows)


def test_export_flags_joins_variables_with_a_bar(submitted, tmp_path):
    submitted("1804", s24_legevakt_parts="B", b_total_net_operating_cost="100", b_own_share_net_operating_cost="900")
    call_command("run_edits", "--sync")
    out = tmp_path / "flags.csv"
    call_command("export_flags", str(out))
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert any(r["variables"] == "b_own_share_net_operating_cost|b_total_net_operating_cost" for r in rows)


def test_export_flags_leaves_no_file_on_error(year_2021, tmp_path):
    target = tmp_path / "missing-dir" / "flags.csv"
    with pytest.raises(CommandError):
        call_command("export_flags", str(target))
    assert not target.exists()


def test_submit_schedules_a_run_after_commit(submitted, django_capture_on_commit_callbacks):
    response = submitted("1851", **THOUSAND_ERROR)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_on_commit("validation.tasks.run_rules_for_response", response.pk)
    assert len(callbacks) == 1
    assert Flag.objects.filter(response=response, rule_id="EQ-06").exists()
    assert RuleRun.objects.get().scope == "response"


def test_submit_tasks_go_to_the_entry_queue_and_batch_chunks_to_batch():
    from kostra.celery import app

    route = app.amqp.router.route
    assert route({}, "validation.tasks.run_rules_for_response")["queue"].name == "entry"
    assert route({}, "validation.tasks.run_unit_chunk")["queue"].name == "batch"
    assert route({}, "validation.tasks.run_cross_unit")["queue"].name == "batch"
    assert route({}, "validation.tasks.finish_year_run")["queue"].name == "batch"
