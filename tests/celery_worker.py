"""A real Celery worker for integration tests: a separate process over Redis and the test's PostgreSQL database.

Tests that use the `worker` fixture (tests/conftest.py) carry WORKER_MARKS: they run only when DATABASE_URL is
PostgreSQL and Redis answers at 127.0.0.1:6379. The worker is a separate process, so the test data must be
committed: the fixture uses `transactional_db`, which flushes afterwards.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
REDIS_DB = int(os.environ.get("TEST_REDIS_DB", "13"))  # a database of its own, emptied before and after


def redis_client():
    import redis

    return redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB, socket_timeout=2)


def _redis_answers() -> bool:
    try:
        return bool(redis_client().ping())
    except Exception:  # noqa: BLE001 - any failure means there is no usable Redis
        return False


WORKER_MARKS = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="needs DATABASE_URL=postgres://…"
    ),
    pytest.mark.skipif(not _redis_answers(), reason="needs Redis at 127.0.0.1:6379"),
]


def worker_env() -> dict[str, str]:
    """The environment of this test run, pointed at the test database and the Redis broker."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    broker = f"redis://127.0.0.1:6379/{REDIS_DB}"
    return {**os.environ, "DATABASE_URL": url, "CELERY_BROKER_URL": broker, "CELERY_RESULT_BACKEND": broker}


def run_worker():
    """Start a worker on both queues; yields its environment, stops it afterwards (printing any traceback)."""
    redis_client().flushdb()
    env = worker_env()
    command = [sys.executable, "-m", "celery", "-A", "kostra", "worker", "-Q", "entry,batch", "-c", "2"]
    command += ["-n", f"test-worker-{os.getpid()}@%h", "-l", "warning", "--without-gossip", "--without-mingle"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    yield env
    process.terminate()
    try:
        output = process.communicate(timeout=30)[0].decode(errors="replace")
    except subprocess.TimeoutExpired:
        process.kill()
        output = process.communicate()[0].decode(errors="replace")
    redis_client().flushdb()
    if "Traceback" in output:
        print(output[-4000:])


def call_task(env: dict, name: str, *args) -> subprocess.CompletedProcess:
    """Send a task to the worker's broker as another system would (`celery call`)."""
    import json

    return subprocess.run(
        [sys.executable, "-m", "celery", "-A", "kostra", "call", name, "--args", json.dumps(list(args))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
