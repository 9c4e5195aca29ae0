from django.apps import AppConfig


class SelectiveConfig(AppConfig):
    name = "validation.selective"
    label = "selective"
    verbose_name = "Selektiv editering"
