from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LanguageChoice(models.Model):
    """The interface language a user chose with the language switch; it outranks the municipality's målform."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="language_choice")
    language = models.CharField(_("språk"), max_length=5, choices=settings.LANGUAGES)
    chosen_at = models.DateTimeField(_("valgt"), auto_now=True)

    class Meta:
        verbose_name = _("språkvalg")
        verbose_name_plural = _("språkvalg")

    def __str__(self):
        return f"{self.user} {self.language}"
