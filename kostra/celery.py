"""The Celery app; configuration comes from Django settings (CELERY_*).

Every task runs through kostra.outbox.execution.OutboxTask, which runs a task sent from the outbox exactly once."""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kostra.settings")

app = Celery("kostra", task_cls="kostra.outbox.execution:OutboxTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _sweep_outbox(**kwargs):
    """A worker that starts sends what the outbox holds, and keeps sweeping it (kostra/outbox/worker.py)."""
    from kostra.outbox.worker import start_sweeping

    start_sweeping(**kwargs)
