"""The reminder run on PostgreSQL, Redis and a real Celery worker delivering to a real SMTP server: with the clock
set, run twice (four times) at once, and started by Celery beat from its database schedule, every due message is
sent exactly once; an SMTP outage delays the reminders until the server is back, without losing or doubling any."""

import datetime
import subprocess
import sys
import time

import pytest
from django.utils import timezone

from collection.models import Message
from tests.celery_worker import ROOT, WORKER_MARKS, call_task, run_worker
from tests.collection.conftest import SmtpServer, free_port, make_season

pytestmark = WORKER_MARKS
RUN = "collection.tasks.send_due_mailings"


@pytest.fixture
def smtp(tmp_path):
    server = SmtpServer(free_port(), tmp_path / "mail")
    yield server
    server.stop()


@pytest.fixture
def mail_worker(smtp, monkeypatch, transactional_db):
    """A worker whose e-mail goes to `smtp` by SMTP, retrying after 1, 2, 4 ... seconds."""
    monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{smtp.port}")
    monkeypatch.setenv("MAIL_RETRY_SECONDS", "1")
    yield from run_worker()


def _wait(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _all_sent(n):
    return lambda: Message.objects.filter(status=Message.Status.SENT).count() >= n


def _recipients(server) -> list[str]:
    return sorted(m["X-Envelope-To"] for m in server.messages())


EXPECTED = sorted(["k0301@kommune.example", "k4601@kommune.example", "k4620@kommune.example"] * 2)


def test_concurrent_runs_with_the_clock_set_send_each_due_message_once(smtp, mail_worker, season, contacts):
    smtp.start()
    calls = [
        subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "kostra", "call", RUN, "--args", '["2022-03-01T09:00:00"]'],
            cwd=ROOT,
            env=mail_worker,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(4)
    ]
    assert all(c.wait(timeout=60) == 0 for c in calls)
    assert _wait(_all_sent(6))
    time.sleep(2)  # time for a duplicate to show up, were there one
    assert _recipients(smtp) == EXPECTED
    assert Message.objects.count() == 6
    assert set(Message.objects.values_list("status", "attempts")) == {(Message.Status.SENT, 1)}
    assert sorted(Message.objects.values_list("kind", flat=True)) == ["invitation"] * 3 + ["reminder"] * 3


def test_celery_beat_runs_the_reminders_from_its_database_schedule(smtp, mail_worker, survey_2021, contacts):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    make_season(survey_2021, timezone.localdate() + datetime.timedelta(days=3), reminders=(3,))
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.update_or_create(name="reminders (test)", defaults={"task": RUN, "interval": every_second})
    smtp.start()
    beat = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kostra", "beat", "--max-interval", "1", "-l", "info"],
        cwd=ROOT,
        env=mail_worker,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        assert _wait(_all_sent(6))
        time.sleep(4)  # several more beat runs
    finally:
        beat.terminate()
        output = beat.communicate(timeout=30)[0].decode(errors="replace")
    assert output.count(f"Sending due task reminders (test) ({RUN})") >= 3, output[-2000:]
    assert _recipients(smtp) == EXPECTED
    assert Message.objects.count() == 6


def test_an_smtp_outage_delays_the_reminders_until_the_server_is_back(smtp, mail_worker, season, contacts):
    assert call_task(mail_worker, RUN, "2022-03-01T09:00:00").returncode == 0
    assert _wait(lambda: Message.objects.filter(status=Message.Status.RETRYING).count() == 6)
    assert _recipients(smtp) == []
    smtp.start()  # the worker's retries (1, 2, 4 s ...) now get through
    assert _wait(_all_sent(6))
    assert call_task(mail_worker, RUN, "2022-03-01T09:00:00").returncode == 0  # a later run adds nothing
    time.sleep(2)
    assert _recipients(smtp) == EXPECTED
    assert Message.objects.count() == 6
    assert all(n >= 2 for n in Message.objects.values_list("attempts", flat=True))
