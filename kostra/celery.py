"""The Celery app; configuration comes from Django settings (CELERY_*).

Every task runs through kostra.outbox.execution.OutboxTask, which runs a task sent from the outbox exactly once."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kostra.settings")

app = Celery("kostra", task_cls="kostra.outbox.execution:OutboxTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
