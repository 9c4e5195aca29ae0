from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "kostra.outbox"
    label = "outbox"
    verbose_name = "Utboks for bakgrunnsjobber"
