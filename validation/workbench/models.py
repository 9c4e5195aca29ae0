"""The editors' own records: follow-up contacts with municipalities (EQ-22) and review events.

A review event is an editor's action on a response that is not a value change (value changes are ChangeLog
rows): a flag confirmed or dismissed, a response sent back, marked done or assigned, a code set, a contact
logged. Together with ChangeLog it is the audit trail of a response.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kostra.reference.models import Municipality
from surveys.models import ChangeLog, Response, Survey


class FollowUpContact(models.Model):
    """One contact with a municipality about its response: when, how, about which flags, and what came of it."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-post")
        PHONE = "phone", _("Telefon")
        PORTAL = "portal", _("Portal")

    class Outcome(models.TextChoices):
        NO_ANSWER = "no_answer", _("Ikke svart")
        CONFIRMED = "confirmed", _("Bekreftet riktig")
        CORRECTED_IN_PORTAL = "corrected_portal", _("Rettet av kommunen i portalen")
        CORRECTED_BY_EDITOR = "corrected_editor", _("Rettet av kontrollør etter svar")

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="follow_ups")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="follow_ups")
    contacted_on = models.DateField(_("kontaktet"))
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel)
    flags = models.ManyToManyField("validation.Flag", blank=True, related_name="contacts", verbose_name=_("flagg"))
    question = models.TextField(_("hva vi spurte om"))
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome, default=Outcome.NO_ANSWER)
    follow_up_on = models.DateField(_("følg opp innen"), null=True, blank=True)
    notes = models.TextField(_("notater"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("oppfølgingskontakt")
        verbose_name_plural = _("oppfølgingskontakter")
        ordering = ["-contacted_on", "-id"]
        indexes = [models.Index(fields=["survey", "municipality"]), models.Index(fields=["outcome", "follow_up_on"])]

    def __str__(self):
        return f"{self.municipality} {self.contacted_on:%d.%m.%Y} ({self.get_channel_display()})"

    @property
    def replied(self) -> bool:
        return self.outcome != self.Outcome.NO_ANSWER


class ReviewEvent(models.Model):
    """An editor's (or an import's) action on a response besides a value change; `action` is dotted."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="review_events")
    action = models.CharField(max_length=40, db_index=True)  # flag.confirmed, response.sent_back, code.set, ...
    variable = models.CharField(max_length=100, blank=True)
    flag = models.ForeignKey("validation.Flag", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    detail = models.TextField(blank=True)  # the new code, the assignee, the flag's rule, ...
    reason = models.TextField(blank=True)
    source = models.CharField(max_length=20, choices=ChangeLog.Source, default=ChangeLog.Source.EDITOR)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("kontrollhendelse")
        verbose_name_plural = _("kontrollhendelser")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.action} {self.variable}".strip()
