"""A real Celery worker over Redis and PostgreSQL runs the rules for the imported sample year (linked, with
planted errors), both as a year run (run_edits) and as a submit task on the `entry` queue.

Runs only when DATABASE_URL is PostgreSQL and Redis answers (tests/celery_worker.py); the year_2021 fixture
reloads the register and the survey after the worker fixture's flush.
"""

import subprocess
import sys
import time
from pathlib import Path

from surveys.services.interchange import import_responses
from tests.celery_worker import WORKER_MARKS, call_task
from tests.validation.conftest import SAMPLE, read_planted
from validation.models import Flag, RuleRun

ROOT = Path(__file__).resolve().parents[2]
pytestmark = WORKER_MARKS


def _manage(env, *args, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def _overlaps(flag: Flag, listed: set[str], questionnaire) -> bool:
    names = set(flag.variable_list)
    names |= {questionnaire.variables[v].question_id for v in flag.variable_list if v in questionnaire.variables}
    return bool(names & listed)


def test_a_worker_flags_every_planted_error_on_its_municipality(worker, year_2021):
    import_responses(SAMPLE / "responses_linked_injected.csv", year_2021)

    done = _manage(worker, "run_edits", "--year", "2021", "--wait", "--timeout", "240")
    assert done.returncode == 0, done.stderr + done.stdout
    run = RuleRun.objects.get(scope="year")
    assert (run.status, run.done_chunks) == ("finished", run.total_chunks)
    assert run.total_chunks > 2  # the chord had several chunks for the two worker processes

    flags = list(Flag.objects.select_related("response__municipality"))
    questionnaire = year_2021.questionnaire
    missed = [
        (error["kommunenummer"], error["error_type"])
        for error in read_planted(SAMPLE / "injected_linked.csv")
        if not any(
            f.response.municipality.number == error["kommunenummer"]
            and _overlaps(f, set(error["variables"].split("|")), questionnaire)
            for f in flags
        )
    ]
    assert missed == []
    keys = [(f.response_id, f.rule_id, f.variables) for f in flags]
    assert len(keys) == len(set(keys))

    rerun = _manage(worker, "run_edits", "--wait", "--timeout", "240")
    assert rerun.returncode == 0, rerun.stderr
    assert Flag.objects.count() == len(flags)
    assert RuleRun.objects.filter(scope="year").first().counts.get("created", 0) == 0


def test_a_submit_task_runs_in_the_worker(worker, year_2021):
    import_responses(SAMPLE / "responses_linked_injected.csv", year_2021)
    response = year_2021.responses.get(municipality__number="1824")  # a planted 1000-error in a_net_operating_cost
    sent = call_task(worker, "validation.tasks.run_rules_for_response", response.pk)
    assert sent.returncode == 0, sent.stderr
    deadline = time.monotonic() + 60
    while not RuleRun.objects.filter(scope="response", status="finished").exists():
        assert time.monotonic() < deadline, "the entry task did not finish"
        time.sleep(0.2)
    flag = Flag.objects.get(response=response, rule_id="EQ-06")
    assert (flag.severity, flag.variables) == ("error", "a_net_operating_cost")
    assert flag.suggestion == {"a_net_operating_cost": "26102"}
