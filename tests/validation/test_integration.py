"""A real Celery worker over Redis and PostgreSQL runs the rules for the imported sample year (linked, with
planted errors), both as a year run (run_edits) and as a submit task on the `entry` queue.

Runs only when DATABASE_URL is PostgreSQL and Redis answers at 127.0.0.1:6379. The worker is a separate
process, so the test data must be committed: `transactional_db`, which flushes afterwards (the year_2021
fixture reloads the register and the survey).
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from surveys.services.interchange import import_responses
from tests.validation.conftest import SAMPLE, read_planted
from validation.models import Flag, RuleRun

ROOT = Path(__file__).resolve().parents[2]
REDIS_DB = 13  # a database of its own, emptied before and after


def _redis():
    import redis

    return redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB, socket_timeout=2)


def _redis_answers() -> bool:
    try:
        return bool(_redis().ping())
    except Exception:  # noqa: BLE001 - any failure means there is no usable Redis
        return False


pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="needs DATABASE_URL=postgres://…"
    ),
    pytest.mark.skipif(not _redis_answers(), reason="needs Redis at 127.0.0.1:6379"),
]


def _worker_env() -> dict[str, str]:
    """The environment of this test run, pointed at the test database and the Redis broker."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    broker = f"redis://127.0.0.1:6379/{REDIS_DB}"
    return {**os.environ, "DATABASE_URL": url, "CELERY_BROKER_URL": broker, "CELERY_RESULT_BACKEND": broker}


@pytest.fixture
def worker(transactional_db):
    _redis().flushdb()
    env = _worker_env()
    command = [sys.executable, "-m", "celery", "-A", "kostra", "worker", "-Q", "entry,batch", "-c", "2"]
    command += ["-n", f"rules-test-{os.getpid()}@%h", "-l", "warning", "--without-gossip", "--without-mingle"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    yield env
    process.terminate()
    try:
        output = process.communicate(timeout=30)[0].decode(errors="replace")
    except subprocess.TimeoutExpired:
        process.kill()
        output = process.communicate()[0].decode(errors="replace")
    _redis().flushdb()
    if "Traceback" in output:
        print(output[-4000:])


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
    sent = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "kostra", "call", "validation.tasks.run_rules_for_response"]
        + ["--args", f"[{response.pk}]"],
        cwd=ROOT,
        env=worker,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert sent.returncode == 0, sent.stderr
    deadline = time.monotonic() + 60
    while not RuleRun.objects.filter(scope="response", status="finished").exists():
        assert time.monotonic() < deadline, "the entry task did not finish"
        time.sleep(0.2)
    flag = Flag.objects.get(response=response, rule_id="EQ-06")
    assert (flag.severity, flag.variables) == ("error", "a_net_operating_cost")
    assert flag.suggestion == {"a_net_operating_cost": "26102"}
