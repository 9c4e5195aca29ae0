"""SSB's questions when a response is sent back, one per flag the editor picked, with the municipality's answer.

A question is answered by a written reply (kept here, beside the flag) or by a changed value: `seen` holds the
flagged answers when the question was asked, and a stored answer that differs from it is a change the rules
judge again when the response is submitted. Submitting closes the round's questions; a new send-back asks anew.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from surveys.models import Response
from validation.models import Flag


class FlagQuestion(models.Model):
    flag = models.ForeignKey(Flag, on_delete=models.CASCADE, related_name="questions")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="flag_questions")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(_("spurt"), auto_now_add=True)
    seen = models.JSONField(_("verdier da SSB spurte"), default=dict)
    reply = models.TextField(_("kommunens svar"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(_("svart"), null=True, blank=True)
    closed_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)

    class Meta:
        verbose_name = _("spørsmål fra SSB")
        verbose_name_plural = _("spørsmål fra SSB")
        ordering = ["asked_at", "id"]
        indexes = [models.Index(fields=["response", "closed_at"])]

    def __str__(self):
        return f"{self.flag} ({self.asked_at:%Y-%m-%d})"
