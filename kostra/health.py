"""Health endpoint: is the database up, does the broker answer, are workers listening?"""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from kostra.celery import app


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # noqa: BLE001 - any failure is "down", with its reason
        return f"error: {exc.__class__.__name__}"


def _broker_and_workers() -> tuple[str, str | int]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "not configured (tasks run in-process)", "eager"
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc.__class__.__name__}", 0
    replies = app.control.inspect(timeout=1.0).ping() or {}
    return "ok", len(replies)


@never_cache
def health(request):
    database = _database()
    broker, workers = _broker_and_workers()
    healthy = database == "ok" and (workers == "eager" or (broker == "ok" and workers > 0))
    body = {"status": "ok" if healthy else "degraded", "database": database, "broker": broker, "workers": workers}
    return JsonResponse(body, status=200 if healthy else 503)
