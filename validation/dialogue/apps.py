from django.apps import AppConfig


class DialogueConfig(AppConfig):
    name = "validation.dialogue"
    label = "dialogue"
    verbose_name = "Spørsmål fra SSB og kommunens svar"

    def ready(self):
        from surveys.services.entry import questions
        from validation.dialogue import services

        questions.register(services)  # the reporter's side asks for questions without importing this app
