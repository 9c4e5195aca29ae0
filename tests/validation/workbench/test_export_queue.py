"""export_queue (interchange.md section 3): the default work queue in rank order, all or nothing."""

import csv

import pytest
from django.core.management import CommandError, call_command

from tests.validation.workbench.conftest import BAERUM, HAA, HVALER, KRONER_ERROR
from validation.models import Flag
from validation.selective.models import FlagImpact


@pytest.fixture
def year_run(submitted):
    """Hå with a 1000-error, Hvaler with an implausibly low amount, Bærum clean; the year's rules run."""
    submitted(HAA, **KRONER_ERROR)
    submitted(HVALER, a_net_operating_cost="1")
    submitted(BAERUM)
    call_command("run_edits", "--year", "2021", "--sync")


def read(path):
    return list(csv.reader(path.read_text(encoding="utf-8").splitlines()))


def test_export_queue_writes_the_contract_columns_in_rank_order(year_run, tmp_path):
    out = tmp_path / "queue.csv"
    call_command("export_queue", str(out), "--year", "2021")
    header, *rows = read(out)
    assert header == ["rank", "kommunenummer", "score", "open_flags", "top_rule_id"]
    open_flags = Flag.objects.filter(status="open")
    numbers = sorted(set(open_flags.values_list("response__municipality__number", flat=True)))
    assert sorted(r[1] for r in rows) == numbers  # one row per response with open flags
    assert [r[0] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    scores = [float(r[2]) for r in rows]
    assert scores == sorted(scores, reverse=True)
    first = rows[0]
    assert first[1] == HAA and first[4] == "EQ-06"
    haa = open_flags.filter(response__municipality__number=HAA)
    assert int(first[3]) == haa.count()
    assert float(first[2]) == pytest.approx(sum(haa.values_list("score", flat=True)), abs=0.01)
    assert first[2] == f"{float(first[2]):.2f}"


def test_the_year_run_scores_open_flags_with_their_cells(year_run):
    eq06 = Flag.objects.get(rule_id="EQ-06", response__municipality__number=HAA)
    impact = FlagImpact.objects.get(flag=eq06)
    assert impact.cells and all(key.startswith("6.2|") for key in impact.cells)
    assert eq06.score == pytest.approx(round(100 * impact.suspicion * impact.impact, 2), abs=0.02)


def test_export_queue_leaves_no_file_on_error(year_run, tmp_path):
    target = tmp_path / "missing-dir" / "queue.csv"
    with pytest.raises(CommandError):
        call_command("export_queue", str(target))
    assert not target.exists()


def test_export_queue_refuses_an_unknown_year(year_run, tmp_path):
    target = tmp_path / "queue.csv"
    with pytest.raises(CommandError):
        call_command("export_queue", str(target), "--year", "1999")
    assert not target.exists()


def test_a_response_run_has_the_year_rescored_after_commit(submitted, django_capture_on_commit_callbacks):
    from surveys.models import Response
    from validation.services import run_rules_for_response

    response = submitted(HAA, **KRONER_ERROR)
    with django_capture_on_commit_callbacks(execute=True):
        run_rules_for_response(Response.objects.select_related("survey", "municipality").get(pk=response.pk))
    eq06 = Flag.objects.get(response=response, rule_id="EQ-06")
    assert FlagImpact.objects.get(flag=eq06).cells
