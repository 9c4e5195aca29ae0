"""A collection season: its dates, its reminder schedule, the main contacts and every e-mail sent.

A Message is the log of one e-mail and also its claim: its `key` is unique per thing it tells (the invitation of
a municipality in a season, one reminder to one municipality, the receipt of one submission round, one notice), so
a second attempt to write the same message finds the first instead of sending again.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kostra.reference.models import Municipality
from surveys.models import Survey


class Season(models.Model):
    """The dates of a survey year's collection."""

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="season")
    opens_on = models.DateField(_("åpner"))
    deadline = models.DateField(_("frist"))
    closes_on = models.DateField(
        _("stenger"),
        help_text=_("Etter denne dagen kan kommunene bare svare på SSBs spørsmål i skjemaer som er sendt tilbake."),
    )
    editors_final_on = models.DateField(_("kontrollørenes siste dag"))

    class Meta:
        verbose_name = _("innsamlingsperiode")
        verbose_name_plural = _("innsamlingsperioder")
        ordering = ["-survey__year"]

    def __str__(self):
        return f"{self.survey.year}: {self.opens_on:%d.%m.%Y} - {self.closes_on:%d.%m.%Y}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.opens_on and self.deadline and self.closes_on and self.editors_final_on:
            if not (self.opens_on <= self.deadline <= self.closes_on <= self.editors_final_on):
                raise ValidationError(
                    _("Datoene må komme i rekkefølgen åpner, frist, stenger, kontrollørenes siste dag.")
                )


class Reminder(models.Model):
    """A reminder of the season's schedule: so many days before the deadline (negative: after it)."""

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="reminders")
    days_before_deadline = models.SmallIntegerField(
        _("dager før fristen"), help_text=_("Negativt tall: dager etter fristen.")
    )

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        ordering = ["season", "-days_before_deadline"]
        constraints = [models.UniqueConstraint(fields=["season", "days_before_deadline"], name="one_reminder_per_day")]

    def __str__(self):
        return f"{self.season.survey.year}: {self.due_on:%d.%m.%Y}"

    @property
    def due_on(self) -> datetime.date:
        return self.season.deadline - datetime.timedelta(days=self.days_before_deadline)


class Contact(models.Model):
    """The main contact of a municipality in a survey year: who is invited and reminded."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="contacts")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="contacts")
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-post"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hovedkontakt")
        verbose_name_plural = _("hovedkontakter")
        ordering = ["survey", "municipality__number"]
        constraints = [models.UniqueConstraint(fields=["survey", "municipality"], name="one_contact_per_year")]

    def __str__(self):
        return f"{self.name} <{self.email}>"


class ContactChange(models.Model):
    """Every change of a main contact: who, when, from what to what (import or editor)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="changes")
    source = models.CharField(max_length=20)  # "import" or "editor"
    old_name = models.CharField(max_length=200, blank=True)
    old_email = models.CharField(max_length=254, blank=True)
    new_name = models.CharField(max_length=200)
    new_email = models.CharField(max_length=254)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.old_email} -> {self.new_email}"


class Message(models.Model):
    """One e-mail: what, to whom, when it was written and sent, and how delivery went."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitasjon")
        COLLEAGUE = "colleague", _("Invitasjon fra kollega")
        REMINDER = "reminder", _("Påminnelse")
        RECEIPT = "receipt", _("Kvittering")
        SENT_BACK = "sent_back", _("Sendt tilbake")
        FINISHED = "finished", _("Ferdig kontrollert")

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        SENDING = "sending", _("Sendes")
        RETRYING = "retrying", _("Prøves igjen")
        SENT = "sent", _("Levert")
        FAILED = "failed", _("Feilet")

    key = models.CharField(max_length=300, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    survey = models.ForeignKey(Survey, null=True, blank=True, on_delete=models.CASCADE, related_name="messages")
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    reminder = models.ForeignKey(Reminder, null=True, blank=True, on_delete=models.PROTECT, related_name="messages")
    to = models.TextField(_("til"), help_text="addresses separated by commas")
    language = models.CharField(max_length=8, default="nb")
    subject = models.CharField(_("emne"), max_length=300)
    body_text = models.TextField()
    body_html = models.TextField()
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    last_error = models.TextField(_("siste feil"), blank=True)
    created_at = models.DateTimeField(_("skrevet"), default=timezone.now)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("levert"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-post")
        verbose_name_plural = _("e-poster")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["survey", "kind", "municipality"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} -> {self.to}"

    @property
    def recipients(self) -> list[str]:
        return [a for a in self.to.split(",") if a]
