from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "kostra.reference"
    label = "reference"
    verbose_name = "Referansedata"
