"""Writing values: the one place raw values, corrections and the change log move together."""

from django.db import transaction
from django.utils import timezone

from surveys.models import ChangeLog, Correction, Response


class StaleVersion(Exception):
    """The response changed since the writer loaded it."""

    def __init__(self, response: Response, conflicts: dict[str, tuple[str, str]]):
        self.response = response
        self.conflicts = conflicts  # variable -> (value now stored, value the writer tried to save)
        super().__init__(f"response {response.pk} changed meanwhile: {', '.join(sorted(conflicts))}")


def raw_changes(response: Response, values: dict[str, str]) -> dict[str, tuple[str, str]]:
    """variable -> (old, new) for the values that differ from the stored raw values."""
    stored = response.raw_values
    return {var: (stored.get(var, ""), new) for var, new in values.items() if stored.get(var, "") != new}


def apply_raw_changes(
    response: Response,
    values: dict[str, str],
    *,
    user,
    source: str,
    reason: str = "",
    may_supersede: bool = True,
    client: str = "",
):
    """Put respondent (or import) values into `response` in memory; returns unsaved ChangeLog rows.

    A changed raw value supersedes an editor's correction of that variable: the respondent's new value stands.
    `may_supersede=False`: the caller knows the response has no active correction, so none is looked for.
    `client`: the API token's name, for writes through the API.
    """
    changes = raw_changes(response, values)
    if not changes:
        return [], []
    for var, (_old, new) in changes.items():
        if new == "":
            response.raw_values.pop(var, None)
        else:
            response.raw_values[var] = new
    superseded = []
    if response.pk and may_supersede:
        superseded = list(
            Correction.objects.filter(response=response, variable__in=changes, superseded_at__isnull=True)
        )
        for correction in superseded:
            correction.superseded_at = timezone.now()
    response.version += 1
    log = [
        ChangeLog(
            response=response,
            variable=var,
            old_value=old,
            new_value=new,
            source=source,
            user=user,
            reason=reason,
            layer=ChangeLog.Layer.RAW,
            client=client,
        )
        for var, (old, new) in changes.items()
    ]
    return log, superseded


def save_raw_values(
    response: Response, values: dict[str, str], *, user, source: str, expected_version=None, baseline=None
):
    """Store changed raw values atomically with their change log; refuse a stale write.

    `expected_version` is the version the writer loaded and `baseline` the values it saw then. If someone saved
    in between, only the writer's own changes are applied, and a variable both changed differently is a
    conflict (nothing is written). Without a baseline, every value that differs from the stored one conflicts.
    """
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if expected_version is not None and locked.version != expected_version:
            if baseline is not None:
                values = {var: new for var, new in values.items() if baseline.get(var, "") != new}
            conflicts = {
                var: (locked.raw_values.get(var, ""), new)
                for var, new in values.items()
                if locked.raw_values.get(var, "") != new
                and (baseline is None or locked.raw_values.get(var, "") != baseline.get(var, ""))
            }
            if conflicts:
                raise StaleVersion(locked, conflicts)
        log = write_raw_changes(locked, values, user=user, source=source)
    response.refresh_from_db()
    return log


def write_raw_changes(
    locked: Response, values: dict[str, str], *, user, source: str, may_supersede: bool = True, client: str = ""
) -> list[ChangeLog]:
    """Write respondent values into a response the caller has locked and checked (inside its transaction):
    the changed raw values, their change log and the corrections they supersede (see apply_raw_changes)."""
    log, superseded = apply_raw_changes(
        locked, values, user=user, source=source, may_supersede=may_supersede, client=client
    )
    if log:
        locked.save(update_fields=["raw_values", "version", "last_changed_at"])
        ChangeLog.objects.bulk_create(log)
        Correction.objects.bulk_update(superseded, ["superseded_at"])
    return log


def correct_value(response: Response, variable: str, value: str, *, editor, reason: str) -> Correction:
    """An editor's correction: the edited value is stored beside the raw one, with who/when/why."""
    if not reason.strip():
        raise ValueError("a reason is required for every correction")
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        previous = locked.active_corrections().get(variable)
        old = previous.value if previous else locked.raw_values.get(variable, "")
        if previous:
            previous.superseded_at = timezone.now()
            previous.save(update_fields=["superseded_at"])
        correction = Correction.objects.create(
            response=locked,
            variable=variable,
            value=value,
            raw_value=locked.raw_values.get(variable, ""),
            reason=reason,
            editor=editor,
        )
        ChangeLog.objects.create(
            response=locked,
            variable=variable,
            old_value=old,
            new_value=value,
            source=ChangeLog.Source.EDITOR,
            user=editor,
            reason=reason,
            layer=ChangeLog.Layer.EDITED,
        )
        locked.version += 1
        locked.save(update_fields=["version", "last_changed_at"])
    return correction
