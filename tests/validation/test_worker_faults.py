"""Faults under a real worker: the worker killed (SIGKILL) in the middle of a year run and started again; the
broker down when a reporter submits, then back. Each test starts its own redis-server on a free port (never the
machine's shared one) and its own worker processes over the test's PostgreSQL database.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from kostra.outbox import sending
from kostra.outbox.models import OutboxMessage
from scripts.own_services import OwnRedis
from surveys.models import Response, SubmissionRound
from surveys.services.entry import checks
from surveys.services.interchange import import_responses
from tests.celery_worker import worker_env
from tests.surveys.test_reporter_support import post_section
from tests.validation.conftest import SAMPLE
from validation.models import Flag, RuleRun
from validation.services import run_year_sync
from validation.services import runs as run_service

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="needs DATABASE_URL=postgres://…"
    ),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
]


@pytest.fixture
def redis(tmp_path):
    server = OwnRedis(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


class Worker:
    """A Celery worker in a process group of its own (so SIGKILL takes its pool processes too)."""

    def __init__(self, env: dict, log: Path):
        self.env, self.log, self.process = env, log, None

    def start(self) -> None:
        name = f"fault-{uuid.uuid4().hex[:8]}@%h"
        command = [sys.executable, "-m", "celery", "-A", "kostra", "worker", "-Q", "entry,batch", "-c", "1",
                   "-n", name, "-l", "warning", "--without-gossip", "--without-mingle"]  # fmt: skip
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def workers(transactional_db, redis, tmp_path):
    env = {
        **worker_env(),
        "CELERY_BROKER_URL": redis.url(),
        "CELERY_RESULT_BACKEND": redis.url(),
        "CELERY_VISIBILITY_TIMEOUT": "3",  # a task of a vanished worker goes to another after 3 s
        "CELERY_RESTORE_INTERVAL": "1",
        "OUTBOX_SWEEP_SECONDS": "1",
    }
    started = []

    def make() -> Worker:
        worker = Worker(env, tmp_path / "worker.log")
        worker.start()
        started.append(worker)
        return worker

    make.env = env
    make.log = tmp_path / "worker.log"
    yield make
    for worker in started:
        worker.stop()


def _wait_for(condition, timeout: float, what: str, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while not (found := condition()):
        assert time.monotonic() < deadline, f"{what} not within {timeout} s"
        time.sleep(interval)
    return found


def _flags() -> list[tuple]:
    return sorted(
        Flag.objects.values_list("response_id", "rule_id", "variables", "severity", "score", "message", "status")
    )


def test_a_year_run_whose_worker_is_killed_finishes_with_a_clean_runs_flags(workers, year_2021, monkeypatch):
    import_responses(SAMPLE / "responses_linked_injected.csv", year_2021)
    first = workers()
    started = subprocess.run(
        [sys.executable, "manage.py", "run_edits", "--chunk-size", "10"],
        cwd=ROOT, env=workers.env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert started.returncode == 0, started.stderr
    run = RuleRun.objects.get(scope="year")
    assert run.total_chunks == 37  # 356 responses in chunks of 10, and the cross-unit part

    _wait_for(lambda: RuleRun.objects.get(pk=run.pk).done_chunks >= 3, 120, "three parts")
    first.kill()  # SIGKILL to the worker and its pool process, in the middle of the run
    run.refresh_from_db()
    assert run.status == "running" and run.done_chunks < run.total_chunks
    monkeypatch.setattr(run_service, "WAITING_SECONDS", 1)
    time.sleep(1.5)
    run.refresh_from_db()
    assert run_service.progress(run)["waiting"] is True  # no worker: the page says so, not "running"

    workers()
    _wait_for(lambda: RuleRun.objects.get(pk=run.pk).status != "running", 180, "the run's end", interval=0.5)
    run.refresh_from_db()
    assert (run.status, run.done_chunks) == ("finished", run.total_chunks)
    assert sorted(map(int, run.part_counts)) == list(range(run.total_chunks))
    drained = {"pending": 0, "not done": 0, "failed": 0}  # the run's rescoring included
    _wait_for(lambda: sending.backlog() == drained, 60, "the outbox to drain")
    recovered = _flags()
    assert run.counts["created"] == len(recovered) > 0  # every flag created once: the killed part left nothing

    Flag.objects.all().delete()
    clean = run_year_sync(year_2021)
    assert _flags() == recovered
    assert clean.counts == run.counts


@pytest.fixture
def celery_on(redis):
    """This (web) process sends its tasks to the test's own Redis, as in production, instead of running them."""
    from kostra.celery import app

    before = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, redis.url()
    app.amqp._producer_pool = None
    yield app
    app.conf.task_always_eager, app.conf.broker_url = before
    app.amqp._producer_pool = None
    app._pool = None


def test_a_submit_while_the_broker_is_down_is_kept_and_its_rule_run_happens_once(
    workers, redis, celery_on, client, reporter, kommune, questionnaire, monkeypatch
):
    monkeypatch.setattr(checks, "rule_hits", lambda questionnaire, texts, ref: [])  # the submit policy is not tested
    client.force_login(reporter)
    post_section(client, questionnaire, kommune.number, "s2_4", {"s24_legevakt_parts": "D"})
    post_section(client, questionnaire, kommune.number, "part_e", {"e_hours_from_systems": "ja"})
    worker = workers()
    redis.stop()

    began = time.monotonic()
    answer = client.post(reverse("surveys:check", args=(2021, kommune.number)), {"action": "submit"})
    assert answer.status_code == 302 and answer["Location"].endswith("/kvittering/")
    assert time.monotonic() - began < 10  # the broker's absence costs the reporter seconds at most
    response = Response.objects.get(municipality=kommune)
    assert response.status == Response.Status.SUBMITTED and SubmissionRound.objects.filter(response=response).exists()
    message = OutboxMessage.objects.get(task_name="validation.tasks.run_rules_for_response")
    assert (message.args, message.sent_at, message.done_at) == ([response.pk], None, None)
    assert not RuleRun.objects.exists()

    redis.start()  # the worker reconnects; its sweep sends what waited
    _wait_for(lambda: RuleRun.objects.filter(response=response, status="finished").exists(), 60, "the rule run")
    message.refresh_from_db()
    assert message.sent_at is not None and message.done_at is not None

    assert sending.send(message.pk, due=Q(pk=message.pk))  # sent again (as after a lost acknowledgement)
    _wait_for(lambda: "already done" in workers.log.read_text(), 30, "the duplicate's delivery")
    assert RuleRun.objects.filter(response=response).count() == 1  # the rule run happened once
    drained = {"pending": 0, "not done": 0, "failed": 0}  # the run's follow-ups (rescoring, receipt) included
    _wait_for(lambda: sending.backlog() == drained, 60, "the outbox to drain")
    assert worker.process.poll() is None
