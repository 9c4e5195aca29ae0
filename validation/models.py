"""Flags (stored rule hits, followed up by editors) and rule runs (progress of a batch run).

A flag is identified by (response, rule_id, variables): the same hit found again is the same flag, whoever
found it and however often. Its status survives re-runs as long as the values the rule looked at (`seen`)
stay the same; see validation/services/flags.py for the lifecycle.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from surveys.models import Response, Survey
from validation.workbench.models import FollowUpContact, ReviewEvent  # noqa: F401 - models of the workbench


class RuleRun(models.Model):
    """One run of the rules: a whole year in chunks (batch) or one response (on submit)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Kjører")
        FINISHED = "finished", _("Ferdig")
        FAILED = "failed", _("Feilet")

    class Scope(models.TextChoices):
        YEAR = "year", _("Hele året")
        RESPONSE = "response", _("Ett svar")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="rule_runs")
    scope = models.CharField(max_length=10, choices=Scope, default=Scope.YEAR)
    response = models.ForeignKey(Response, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status, default=Status.RUNNING)
    started_at = models.DateTimeField(_("startet"), auto_now_add=True)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    total_chunks = models.PositiveIntegerField(default=0)
    done_chunks = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True, help_text="created/reopened/unchanged/corrected, by severity")
    part_counts = models.JSONField(
        default=dict, blank=True, help_text="a year run's finished parts (0: cross-unit, 1…: unit chunks): their counts"
    )
    progressed_at = models.DateTimeField(null=True, blank=True, help_text="when a part last finished")
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("kontrollkjøring")
        verbose_name_plural = _("kontrollkjøringer")
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.survey.year} {self.get_scope_display()} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.FINISHED:
            return 100
        return int(100 * self.done_chunks / self.total_chunks) if self.total_chunks else 0


class Flag(models.Model):
    """A rule hit on one response, kept across runs, with the editor's judgement."""

    class Status(models.TextChoices):
        OPEN = "open", _("Åpen")
        CONFIRMED = "confirmed", _("Bekreftet riktig")
        CORRECTED = "corrected", _("Rettet")
        DISMISSED = "dismissed", _("Avvist")

    class Severity(models.TextChoices):
        ERROR = "error", _("Feil")
        WARNING = "warning", _("Advarsel")
        INFO = "info", _("Til informasjon")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="flags")
    rule_id = models.CharField(_("regel"), max_length=20)
    variables = models.CharField(_("variabler"), max_length=2000, help_text="variable ids joined by '|'")
    severity = models.CharField(_("alvorlighet"), max_length=10, choices=Severity)
    message = models.TextField(_("melding"))
    seen = models.JSONField(_("verdier regelen så"), default=dict)
    suggestion = models.JSONField(_("forslag"), default=dict, blank=True)
    related = models.JSONField(_("andre kommuner"), default=list, blank=True)
    score = models.FloatField(_("prioritet"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    status_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.TextField(_("begrunnelse"), blank=True)
    first_seen_at = models.DateTimeField(_("først funnet"))
    last_seen_at = models.DateTimeField(_("sist funnet"))
    last_run = models.ForeignKey(RuleRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("kontrollflagg")
        verbose_name_plural = _("kontrollflagg")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "rule_id", "variables"], name="one_flag_per_hit"),
        ]
        indexes = [
            models.Index(fields=["rule_id", "status"]),
            models.Index(fields=["status", "severity"]),
        ]

    def __str__(self):
        return f"{self.rule_id} {self.variables}"

    @property
    def variable_list(self) -> list[str]:
        return self.variables.split("|") if self.variables else []


class UndecidedOutcome(models.Model):
    """A rule that raised on a response (or a year) during a run: neither pass nor fail, shown to editors."""

    run = models.ForeignKey(RuleRun, on_delete=models.CASCADE, related_name="undecided")
    rule_id = models.CharField(max_length=20)
    kommunenummer = models.CharField(max_length=4, blank=True)  # blank: a cross-unit rule over the whole year
    error = models.TextField()

    class Meta:
        verbose_name = _("uavklart regelutfall")
        verbose_name_plural = _("uavklarte regelutfall")
        ordering = ["rule_id", "kommunenummer"]

    def __str__(self):
        return f"{self.rule_id} {self.kommunenummer}: {self.error}"
