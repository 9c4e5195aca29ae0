"""Surveys, responses and their values.

Layout: a response keeps the respondent's raw values as one JSON document keyed by variable id
(the text encoding of interchange.md, stored verbatim). Editors' corrections are rows of their own; the
edited value of a variable is its correction, else its value as last submitted (surveys/services/edited.py).
Every change is a row of ChangeLog.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kostra.reference.models import Municipality
from questionnaire.loader import load_definition
from questionnaire.schema import Questionnaire


class SurveyManager(models.Manager):
    def get_by_natural_key(self, year):
        return self.get(year=year)


class Survey(models.Model):
    year = models.PositiveSmallIntegerField(_("år"), unique=True)
    definition_file = models.CharField(_("definisjonsfil"), max_length=100)
    questionnaire_version = models.CharField(_("skjemaversjon"), max_length=20)
    is_open = models.BooleanField(_("åpen for rapportering"), default=True)

    objects = SurveyManager()

    class Meta:
        verbose_name = _("undersøkelse")
        verbose_name_plural = _("undersøkelser")
        ordering = ["-year"]

    def __str__(self):
        return f"Legevaktkartlegging {self.year}"

    def natural_key(self):
        return (self.year,)

    @property
    def questionnaire(self) -> Questionnaire:
        return load_definition(self.definition_file)


class Response(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("Under utfylling")
        SUBMITTED = "submitted", _("Sendt inn")
        UNDER_REVIEW = "under_review", _("Under kontroll")
        ACCEPTED = "accepted", _("Godkjent")
        SENT_BACK = "sent_back", _("Sendt tilbake")

    class EditingStatus(models.TextChoices):
        UBEHANDLET = "UBEHANDLET", _("Ubehandlet")
        UNDER_ARBEID = "UNDER_ARBEID", _("Under arbeid")
        FERDIG = "FERDIG", _("Ferdig")

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="responses")
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.IN_PROGRESS)
    editing_status = models.CharField(
        _("kontrollstatus"), max_length=20, choices=EditingStatus, default=EditingStatus.UBEHANDLET
    )
    raw_values = models.JSONField(_("rapporterte verdier"), default=dict)
    # Bumped by every write; a save that started from an older version is a conflict (optimistic locking).
    version = models.PositiveIntegerField(default=1)
    first_saved_at = models.DateTimeField(_("først lagret"), auto_now_add=True)
    last_changed_at = models.DateTimeField(_("sist endret"), auto_now=True)
    submitted_at = models.DateTimeField(_("sist sendt inn"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("først sendt inn"), null=True, blank=True)
    assigned_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_back_message = models.TextField(_("melding til kommunen"), blank=True)

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        ordering = ["survey", "municipality__number"]
        constraints = [models.UniqueConstraint(fields=["survey", "municipality"], name="one_response_per_survey")]

    def __str__(self):
        return f"{self.municipality} ({self.survey.year})"

    @property
    def was_submitted(self) -> bool:
        return self.first_submitted_at is not None

    def active_corrections(self) -> dict[str, "Correction"]:
        return {c.variable: c for c in self.corrections.all() if c.superseded_at is None}


class Correction(models.Model):
    """An editor's value for one variable; the raw value stays in the response."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="corrections")
    variable = models.CharField(max_length=100)
    value = models.TextField(blank=True)
    raw_value = models.TextField(_("rapportert verdi da rettingen ble gjort"), blank=True)
    reason = models.TextField(_("begrunnelse"))
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the respondent later changes the raw value: the new raw value stands.
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["response", "variable"])]

    def __str__(self):
        return f"{self.variable} = {self.value!r}"


class ChangeLog(models.Model):
    """Every change of a value, by anyone: who, when, old, new, why, source."""

    class Source(models.TextChoices):
        RESPONDENT = "respondent", _("Respondent")
        EDITOR = "editor", _("Kontrollør")
        IMPORT = "import", _("Import")
        API = "api", _("API")

    class Layer(models.TextChoices):
        RAW = "raw", _("Rapportert")
        EDITED = "edited", _("Kontrollert")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="changes")
    variable = models.CharField(max_length=100)
    layer = models.CharField(max_length=10, choices=Layer, default=Layer.RAW)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    source = models.CharField(max_length=20, choices=Source)
    # For source "api": the name of the API token the write came with (the user is the token's owner).
    client = models.CharField(_("klient"), max_length=80, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["response", "variable"])]

    def __str__(self):
        return f"{self.variable}: {self.old_value!r} -> {self.new_value!r}"


class SubmissionRound(models.Model):
    """A copy of the raw values as they were submitted, one per submission."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    values = models.JSONField()

    class Meta:
        ordering = ["response", "number"]
        constraints = [models.UniqueConstraint(fields=["response", "number"], name="unique_round")]

    def __str__(self):
        return f"{self.response} #{self.number}"


class Membership(models.Model):
    """A user reporting for a municipality, optionally limited to some parts (A-E)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    municipality_number = models.CharField(_("kommunenummer"), max_length=4, db_index=True)
    parts = models.CharField(
        _("deler"), max_length=20, blank=True, help_text=_("Tom = alle deler, ellers f.eks. 'B|E'")
    )
    is_main_contact = models.BooleanField(_("hovedkontakt"), default=False)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [models.UniqueConstraint(fields=["user", "municipality_number"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} - {self.municipality_number}"

    def allows_part(self, part: str | None) -> bool:
        return not self.parts or part is None or part in self.parts.split("|")


class EditorCode(models.Model):
    """An editor's judgement on one variable (table-definitions.md section 2): `unusable` on an amount,
    `can` / `cannot` / `unclear` on an årsverk comment."""

    AMOUNT_CODES = ("unusable",)
    COMMENT_CODES = ("can", "cannot", "unclear")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="codes")
    variable = models.CharField(max_length=100)
    code = models.CharField(max_length=20)
    note = models.TextField(_("merknad"), blank=True)
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("koding")
        verbose_name_plural = _("kodinger")
        constraints = [models.UniqueConstraint(fields=["response", "variable"], name="one_code_per_variable")]

    def __str__(self):
        return f"{self.variable}: {self.code}"


class Explanation(models.Model):
    """A respondent's explanation of a rule hit (a warning, or an error confirmed as correct)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="explanations")
    rule_id = models.CharField(max_length=20)
    variables = models.CharField(max_length=500, help_text="variable ids joined by '|'")
    text = models.TextField(_("forklaring"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("forklaring")
        verbose_name_plural = _("forklaringer")
        constraints = [
            models.UniqueConstraint(fields=["response", "rule_id", "variables"], name="one_explanation_per_hit")
        ]

    def __str__(self):
        return f"{self.rule_id} ({self.variables})"

    @staticmethod
    def key_of(rule_id: str, variables: str) -> str:
        """The rule hit an explanation belongs to: its rule id and its variables joined by '|'."""
        return f"{rule_id}:{variables}"


class TableSnapshot(models.Model):
    """A published year: the tables frozen as computed at publication; public views serve this."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="snapshots")
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    tables = models.JSONField(help_text="list of tables in the interchange JSON shape, with drill-down removed")
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-published_at"]

    def __str__(self):
        return f"{self.survey.year} publisert {self.published_at:%Y-%m-%d %H:%M}"


class TableWorkbook(models.Model):
    """All tables of a year in one Excel file, built by a Celery worker (queue `batch`) rather than a web worker.

    Either the live tables as an editor asked for them (`snapshot` empty) or a publication's tables, built once
    per snapshot: the file is kept here so the web worker only hands it out.
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("Lages")
        FINISHED = "finished", _("Ferdig")
        FAILED = "failed", _("Feilet")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="workbooks")
    snapshot = models.OneToOneField(
        TableSnapshot, null=True, blank=True, on_delete=models.CASCADE, related_name="workbook"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("bestilt"), auto_now_add=True)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)
    # The language of the file's own texts (sheet about each table, notes): the editor's page language for live
    # files; a publication's file is bokmål like the published tables.
    language = models.CharField(_("språk"), max_length=5, default="nb")
    status = models.CharField(max_length=10, choices=Status, default=Status.RUNNING)
    content = models.BinaryField(blank=True, default=b"")
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Excel-fil med alle tabeller")
        verbose_name_plural = _("Excel-filer med alle tabeller")
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        what = "publisert" if self.snapshot_id else "levende"
        return f"{self.survey.year} {what} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def filename(self) -> str:
        if self.snapshot_id:
            return f"legevakt_{self.survey.year}_tabeller.xlsx"
        stamp = timezone.localtime(self.requested_at).strftime("%Y%m%d-%H%M")
        return f"legevakt_{self.survey.year}_tabeller_{stamp}.xlsx"


class AuditEvent(models.Model):
    """The service's audit trail besides value changes (ChangeLog) and the editors' review events: submissions,
    explanations, invitations and rule runs; `action` is dotted (response.submitted, member.invited, run.started)."""

    action = models.CharField(max_length=40, db_index=True)
    response = models.ForeignKey(Response, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    municipality_number = models.CharField(max_length=4, blank=True)
    subject = models.CharField(max_length=100, blank=True)  # what else the action was on: "run:12", a username
    detail = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("revisjonshendelse")
        verbose_name_plural = _("revisjonshendelser")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.action} {self.subject}".strip()
