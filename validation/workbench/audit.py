"""The audit trail of a response: every value change (ChangeLog, by respondent, editor or import) and every
editor action (ReviewEvent), newest first, filterable by variable and source, and as CSV."""

import io
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from kostra.spreadsheet_cells import SafeCsvWriter
from surveys.models import ChangeLog, Response
from validation.models import ReviewEvent

CSV_HEADER = ["at", "source", "action", "variable", "layer", "old_value", "new_value", "user", "reason"]


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


def timeline_csv(rows: list[AuditRow]) -> str:
    """The rows as CSV text (times in ISO 8601, local time)."""
    out = io.StringIO()
    writer = SafeCsvWriter(out)
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(
            [
                timezone.localtime(row.at).isoformat(timespec="seconds"),
                row.source,
                row.action,
                row.variable,
                row.layer,
                row.old_value,
                row.new_value,
                row.user,
                row.reason,
            ]
        )
    return out.getvalue()
