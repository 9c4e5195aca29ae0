"""Selective editing on the sample year: the database path (import, year run, rescoring, export_queue) gives the
queue that scripts/bench_selective.py replays, and the queue meets its targets there (docs/benchmarks.md)."""

import sys
from pathlib import Path

import pytest

from surveys.services.interchange import import_responses
from tests.validation.conftest import SAMPLE, read_responses
from validation.services import run_year_sync
from validation.services.export import queue_rows

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(SCRIPTS))
    try:
        import bench_selective
    finally:
        sys.path.remove(str(SCRIPTS))
    return bench_selective


@pytest.fixture(scope="module")
def year(bench):
    return bench.Year()


def test_the_stored_queue_is_the_one_the_benchmark_replays(year_2021, bench, year):
    import_responses(SAMPLE / "responses_linked_injected.csv", year_2021)
    run_year_sync(year_2021)
    stored = [(number, float(score)) for _rank, number, score, _n, _rule in queue_rows(year_2021)]
    order, scores, _seconds = bench.queue_order(year, read_responses(SAMPLE / "responses_linked_injected.csv"))
    assert [number for number, _score in stored] == order[: len(stored)]
    assert all(score == pytest.approx(scores[number], abs=0.01) for number, score in stored)


def test_the_queue_removes_every_wrong_published_cell_within_35_percent(bench, year):
    clean = read_responses(SAMPLE / "responses_linked.csv")
    planted = read_responses(SAMPLE / "responses_linked_injected.csv")
    order, _scores, _seconds = bench.queue_order(year, planted)
    curve = bench.replay(year, order, clean, planted, year.cells(clean))
    share, _area = bench.summary(curve, len(planted))
    assert curve[0] > 0 and share <= 0.35
