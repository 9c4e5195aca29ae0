from django.apps import AppConfig


class LanguagesConfig(AppConfig):
    name = "kostra.languages"
    label = "languages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kostra.languages import signals  # noqa: F401 - connects the login handler
