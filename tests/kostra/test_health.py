"""The health endpoint reports the database, the broker and the workers."""

import pytest


@pytest.mark.django_db
def test_eager_mode_is_healthy_without_broker(client):
    body = client.get("/health/").json()
    assert body == {
        "status": "ok",
        "database": "ok",
        "broker": "not configured (tasks run in-process)",
        "workers": "eager",
    }


@pytest.mark.django_db
def test_unreachable_broker_is_degraded(client, settings):
    from kostra.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    old = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/health/")
    finally:
        app.conf.broker_url = old
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")


def test_deploy_check_passes_with_production_environment(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DEBUG": "False",
        "SECRET_KEY": "x" * 20 + "-a-real-production-secret-with-enough-entropy-0123456789",
        "ALLOWED_HOSTS": "legevakt.example.no",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    for leaked in ("CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # the browser tests set the latter
        env.pop(leaked, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
