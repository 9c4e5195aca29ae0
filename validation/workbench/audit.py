"""The audit trail of a response: every value change (ChangeLog, by respondent, editor or import) and every
editor action (ReviewEvent), newest first, filterable by variable and source, and as CSV."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy

from surveys.models import ChangeLog, Response
from validation.models import ReviewEvent

CSV_HEADER = (
    gettext_lazy("Tid"),
    gettext_lazy("Kilde"),
    gettext_lazy("Hendelse"),
    gettext_lazy("Variabel"),
    gettext_lazy("Lag"),
    gettext_lazy("Fra"),
    gettext_lazy("Til"),
    gettext_lazy("Bruker"),
    gettext_lazy("Begrunnelse"),
)
# The name people read for each dotted action; the code stays in the data and the page's data attribute.
ACTION_LABELS = {
    "value.reported": gettext_lazy("Verdi rapportert"),
    "value.corrected": gettext_lazy("Verdi rettet"),
    "flag.confirmed": gettext_lazy("Flagg bekreftet riktig"),
    "flag.dismissed": gettext_lazy("Flagg avvist"),
    "flag.corrected": gettext_lazy("Flagg lukket som rettet"),
    "flag.reopened": gettext_lazy("Flagg åpnet igjen"),
    "response.sent_back": gettext_lazy("Sendt tilbake til kommunen"),
    "response.done": gettext_lazy("Merket ferdig"),
    "response.reopened": gettext_lazy("Gjenåpnet"),
    "response.assigned": gettext_lazy("Tildelt kontrollør"),
    "code.set": gettext_lazy("Kode satt"),
    "code.removed": gettext_lazy("Kode fjernet"),
    "contact.logged": gettext_lazy("Kontakt logget"),
    "contact.updated": gettext_lazy("Kontakt oppdatert"),
}


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    source: str
    action: str  # value.reported (raw layer), value.corrected (edited layer), or the event's dotted action
    variable: str
    layer: str
    old_value: str
    new_value: str
    user: str
    reason: str

    @property
    def source_label(self) -> str:
        return str(ChangeLog.Source(self.source).label) if self.source in ChangeLog.Source.values else self.source

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))

    @property
    def layer_label(self) -> str:
        return str(ChangeLog.Layer(self.layer).label) if self.layer in ChangeLog.Layer.values else self.layer


def timeline(response: Response, *, variable: str = "", source: str = "", limit: int | None = None) -> list[AuditRow]:
    """The response's changes and actions, newest first."""
    changes = ChangeLog.objects.filter(response=response).select_related("user")
    events = ReviewEvent.objects.filter(response=response).select_related("user")
    if variable:
        changes, events = changes.filter(variable=variable), events.filter(variable=variable)
    if source:
        changes, events = changes.filter(source=source), events.filter(source=source)
    if limit:
        changes, events = changes[:limit], events[:limit]
    rows = [_change_row(c) for c in changes] + [_event_row(e) for e in events]
    rows.sort(key=lambda row: row.at, reverse=True)
    return rows[:limit] if limit else rows


def _username(user) -> str:
    return user.get_username() if user else ""


def _change_row(change: ChangeLog) -> AuditRow:
    action = "value.corrected" if change.layer == ChangeLog.Layer.EDITED else "value.reported"
    return AuditRow(
        change.at,
        change.source,
        action,
        change.variable,
        change.layer,
        change.old_value,
        change.new_value,
        _username(change.user),
        change.reason,
    )


def _event_row(event: ReviewEvent) -> AuditRow:
    return AuditRow(
        event.at, event.source, event.action, event.variable, "", "", event.detail, _username(event.user), event.reason
    )


def variables_changed(response: Response) -> list[str]:
    """The variables the trail mentions, for the filter."""
    names = set(ChangeLog.objects.filter(response=response).values_list("variable", flat=True))
    names |= set(ReviewEvent.objects.filter(response=response).exclude(variable="").values_list("variable", flat=True))
    return sorted(names)


def csv_rows(rows: list[AuditRow]) -> list[list[str]]:
    """The rows for a people's CSV: names rather than codes, local times a spreadsheet reads as dates."""
    return [
        [
            timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M:%S"),
            row.source_label,
            row.action_label,
            row.variable,
            row.layer_label,
            row.old_value,
            row.new_value,
            row.user,
            row.reason,
        ]
        for row in rows
    ]
