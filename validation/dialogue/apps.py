from django.apps import AppConfig


class DialogueConfig(AppConfig):
    name = "validation.dialogue"
    label = "dialogue"
    verbose_name = "Spørsmål fra SSB og kommunens svar"
