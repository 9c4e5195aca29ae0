"""A year run's parts are recorded on the run: each is done at most once, the last one finishes the run, and a
run that makes no progress says it is waiting for a worker."""

from datetime import timedelta

import pytest
from django.utils import timezone

from validation.models import Flag, RuleRun
from validation.services import progress, run_year_sync, start_year_run
from validation.services.runs import cell_sizes, run_cross_unit_for_year, run_unit_chunk, waiting_for_worker


def _flags():
    return sorted(Flag.objects.values_list("response_id", "rule_id", "variables", "severity", "score", "status"))


@pytest.fixture
def year(response_factory):
    response_factory("4601", s24_legevakt_parts="A", a_net_operating_cost="90000000")  # in kroner: EQ-06
    response_factory("0301")
    survey = response_factory("1813").survey
    survey.responses.update(status="submitted")  # rules read submitted values only
    return survey


@pytest.mark.django_db
def test_a_part_done_twice_counts_once_and_the_flags_are_a_clean_runs(year):
    clean = run_year_sync(year, chunk_size=1)
    expected = _flags()
    Flag.objects.all().delete()
    ids = list(year.responses.order_by("pk").values_list("pk", flat=True))
    run = RuleRun.objects.create(survey=year, total_chunks=len(ids) + 1)
    cells = cell_sizes(year)
    first = run_unit_chunk(run.pk, ids[:1], cells, 1)
    assert run_unit_chunk(run.pk, ids[:1], cells, 1) == {}  # redelivered: skipped
    run.refresh_from_db()
    assert (run.done_chunks, run.status, run.part_counts["1"]) == (1, "running", first)
    run_cross_unit_for_year(run.pk, cells)
    for part, pk in enumerate(ids[1:], start=2):
        run_unit_chunk(run.pk, [pk], cells, part)
    run.refresh_from_db()
    assert (run.status, run.done_chunks, run.total_chunks) == ("finished", len(ids) + 1, len(ids) + 1)
    assert run.counts == clean.counts
    assert _flags() == expected


@pytest.mark.django_db(transaction=True)
def test_a_year_run_through_the_outbox_finishes_by_its_last_part(year):
    run = start_year_run(year, chunk_size=1)  # eager: every part runs in-process as its message is sent
    run.refresh_from_db()
    assert (run.status, run.done_chunks, run.total_chunks) == ("finished", 4, 4)
    assert sorted(run.part_counts) == ["0", "1", "2", "3"]
    assert sorted(Flag.objects.values_list("rule_id", flat=True)).count("EQ-01") == 2  # no part chosen in 2-4


@pytest.mark.django_db
def test_a_run_without_progress_is_waiting_for_a_worker(year):
    run = RuleRun.objects.create(survey=year, total_chunks=3)
    assert not waiting_for_worker(run) and progress(run)["waiting"] is False
    RuleRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(minutes=2))
    run.refresh_from_db()
    assert waiting_for_worker(run) and progress(run)["waiting"] is True
    run.progressed_at = timezone.now()  # a part has just finished: a worker is at it
    assert not waiting_for_worker(run)
    run.status = RuleRun.Status.FINISHED
    run.progressed_at = None
    assert not waiting_for_worker(run)


@pytest.mark.django_db
def test_the_progress_page_says_waiting_for_a_worker(client, editor, year):
    run = RuleRun.objects.create(survey=year, total_chunks=3)
    RuleRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(minutes=2))
    client.force_login(editor)
    html = client.get(f"/kontroll/kjoringer/{run.pk}/").content.decode()
    assert '<span id="run-status">Venter på en ledig arbeidsprosess</span>' in html
