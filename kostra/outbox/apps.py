from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "kostra.outbox"
    label = "outbox"
    verbose_name = "Utboks for bakgrunnsjobber"

    def ready(self):
        from kostra.outbox import worker  # noqa: F401 - connects the sweep to Celery's worker_ready signal
