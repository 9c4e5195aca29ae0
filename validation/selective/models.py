"""What selective editing keeps: each scored flag's parts of the score and the published cells its fix moves
(for the stop estimate), and per survey year the threshold under which a response needs no manual review,
with every change of it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from surveys.models import Survey


class FlagImpact(models.Model):
    """The last scoring of a flag: suspicion, impact and the cells (`table|row|column` -> relative change)."""

    flag = models.OneToOneField("validation.Flag", on_delete=models.CASCADE, related_name="impact")
    suspicion = models.FloatField(_("mistanke"))
    impact = models.FloatField(_("betydning"))
    cells = models.JSONField(default=dict, blank=True)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("flaggets betydning")
        verbose_name_plural = _("flaggenes betydning")

    def __str__(self):
        return f"{self.flag_id}: {self.suspicion} x {self.impact}"


class EditingThreshold(models.Model):
    """A survey year's threshold: a response whose priority is below it needs no manual review."""

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="editing_threshold")
    threshold = models.FloatField(_("terskel"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("terskel for manuell kontroll")
        verbose_name_plural = _("terskler for manuell kontroll")

    def __str__(self):
        return f"{self.survey_id}: {self.threshold}"


class ThresholdChange(models.Model):
    """Audit row: who set a year's threshold from what to what, and why."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="threshold_changes")
    old = models.FloatField()
    new = models.FloatField()
    reason = models.TextField(_("begrunnelse"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("endring av terskel")
        verbose_name_plural = _("endringer av terskel")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.survey_id}: {self.old} -> {self.new}"
