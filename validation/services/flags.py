"""Keeping flags in step with rule hits, scoring them, and editors' judgements on them.

Lifecycle of a flag, identified by (response, rule_id, variables):
- a new hit creates an `open` flag;
- the same hit with the same seen values keeps the flag and its status (a `confirmed` flag stays confirmed);
- the same hit with changed seen values reopens a confirmed or dismissed flag;
- a hit that reappears after it was `corrected` reopens the flag;
- a flag whose hit is gone becomes `corrected`.
"""

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from questionnaire.rules.registry import ERROR, INFO, WARNING, Hit, Reference
from validation.models import Flag, RuleRun

SEVERITY_WEIGHT = {ERROR: 3, WARNING: 2, INFO: 1}
EDITOR_STATUSES = (Flag.Status.OPEN, Flag.Status.CONFIRMED, Flag.Status.DISMISSED)


class FlagError(Exception):
    """A status change that is not allowed; the message is for the editor."""


def variables_key(variables: Iterable[str]) -> str:
    return "|".join(variables)


def jsonable(value):
    """A seen value as stored and compared: JSON types, lists as their text encoding."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return "|".join(str(v) for v in value)
    return str(value)


class Scorer:
    """score = suspicion x impact (docs/rules.md): severity weight x the municipality's share of its size-group
    cell x the magnitude of an amount involved, times 100."""

    def __init__(self, cell_sizes: Mapping[int, int], amount_variables: frozenset[str]):
        self.cell_sizes, self.amount_variables = cell_sizes, amount_variables

    def __call__(self, hit: Hit, ref: Reference | None) -> float:
        share = 1 / max(1, self.cell_sizes.get(ref.size_group, 1)) if ref else 1.0
        return round(100 * SEVERITY_WEIGHT.get(hit.severity, 1) * share * self._magnitude(hit, ref), 2)

    def _magnitude(self, hit: Hit, ref: Reference | None) -> float:
        amounts = [
            abs(value)
            for var, value in hit.seen.items()
            if var in self.amount_variables and isinstance(value, int | float | Decimal)
        ]
        if not amounts or not ref or not ref.population:
            return 1.0
        kr_per_inhabitant = max(amounts) * 1000 / ref.population
        return 1 + math.log10(1 + kr_per_inhabitant / 1000)


def sync_flags(
    targets: Mapping[str, int],
    hits: Iterable[Hit],
    rule_ids: Iterable[str],
    *,
    references: Mapping[str, Reference],
    scorer: Scorer,
    run: RuleRun | None = None,
) -> Counter:
    """Make the flags of the responses `targets` (kommunenummer -> response pk) for the rules `rule_ids` match
    `hits` (which name their municipality).

    Atomic; concurrent runs over the same response take turns (_take_turns), and the unique constraint makes a
    duplicate impossible even where there are no such locks (SQLite)."""
    now, rule_ids, pks = timezone.now(), set(rule_ids), sorted(targets.values())
    wanted: dict[tuple[int, str, str], Hit] = {}
    for hit in hits:
        pk = targets.get(hit.kommunenummer)
        if pk is not None and hit.rule_id in rule_ids:
            wanted.setdefault((pk, hit.rule_id, variables_key(hit.variables)), hit)
    # Scored before the locks are taken: the locked part only reads and writes flags.
    scored = {key: _fields(hit, scorer(hit, references.get(hit.kommunenummer))) for key, hit in wanted.items()}
    counts: Counter = Counter()
    with transaction.atomic():
        _take_turns(pks)
        existing = {
            (f.response_id, f.rule_id, f.variables): f
            for f in Flag.objects.filter(response__in=pks, rule_id__in=rule_ids).order_by()
        }
        create, changed, unchanged = [], [], []
        for key, hit in wanted.items():
            fields = scored[key]
            flag = existing.get(key)
            counts[hit.severity] += 1
            if flag is None:
                create.append(
                    Flag(
                        response_id=key[0],
                        rule_id=key[1],
                        variables=key[2],
                        first_seen_at=now,
                        last_seen_at=now,
                        last_run=run,
                        **fields,
                    )
                )
                counts["created"] += 1
                continue
            outcome = _apply_hit(flag, fields, now)
            counts[outcome] += 1
            if outcome == "unchanged":
                unchanged.append(flag.pk)
            else:
                flag.last_seen_at, flag.last_run = now, run
                changed.append(flag)
        for key, flag in existing.items():
            if key not in wanted and flag.status != Flag.Status.CORRECTED:
                _set_status(flag, Flag.Status.CORRECTED, None, _("Regelen slår ikke lenger til."), now)
                changed.append(flag)
                counts["corrected"] += 1
        Flag.objects.bulk_create(create, batch_size=500, ignore_conflicts=True)
        Flag.objects.bulk_update(changed, WRITTEN, batch_size=500)
        Flag.objects.filter(pk__in=unchanged).update(last_seen_at=now, last_run=run)
    return counts


FLAG_SYNC_LOCKS = 0x464C4147  # "FLAG": the advisory-lock namespace of sync_flags, one lock per response


def _take_turns(response_pks: list[int]) -> None:
    """Lock the responses' flags for this transaction, in pk order (no deadlock between runs).

    PostgreSQL advisory locks, not the response rows: a run of the rules waits only for another run over the
    same responses, never for a reporter saving one, and no reporter's save waits for a run (a year run's
    cross-unit part would otherwise hold every response of the year while it writes flags)."""
    if connection.vendor != "postgresql" or not response_pks:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s::int, pk::int) FROM unnest(%s::bigint[]) AS pk ORDER BY pk",
            [FLAG_SYNC_LOCKS, sorted(response_pks)],
        )


UPDATABLE = ("severity", "message", "seen", "suggestion", "related", "score")
WRITTEN = (*UPDATABLE, "status", "status_by", "status_at", "status_reason", "last_seen_at", "last_run")


def _fields(hit: Hit, score: float) -> dict:
    return {
        "severity": hit.severity,
        "message": hit.message,
        "seen": {str(k): jsonable(v) for k, v in hit.seen.items()},
        "suggestion": {str(k): str(v) for k, v in hit.suggestion.items()},
        "related": sorted(hit.related),
        "score": score,
    }


def _apply_hit(flag: Flag, fields: dict, now) -> str:
    """Apply a hit found again to its flag: 'reopened', 'updated' or 'unchanged'."""
    reopen = flag.status == Flag.Status.CORRECTED or (
        flag.seen != fields["seen"] and flag.status in (Flag.Status.CONFIRMED, Flag.Status.DISMISSED)
    )
    dirty = any(getattr(flag, name) != fields[name] for name in UPDATABLE)
    for name in UPDATABLE:
        setattr(flag, name, fields[name])
    if reopen:
        _set_status(flag, Flag.Status.OPEN, None, _("Åpnet igjen: verdiene regelen ser på er endret."), now)
        return "reopened"
    return "updated" if dirty else "unchanged"


def _set_status(flag: Flag, status: str, user, reason: str, now) -> None:
    flag.status, flag.status_by, flag.status_reason, flag.status_at = status, user, reason, now


def set_flag_status(flag: Flag, status: str, *, editor, reason: str) -> Flag:
    """An editor's judgement: confirm a flagged value as right, dismiss the flag, or open it again."""
    if status not in EDITOR_STATUSES:
        raise FlagError(
            _("Status «%(status)s» settes av kontrollkjøringen, ikke av en kontrollør.") % {"status": status}
        )
    if status != Flag.Status.OPEN and not reason.strip():
        raise FlagError(_("Skriv en begrunnelse."))
    if flag.status == Flag.Status.CORRECTED and status != Flag.Status.OPEN:
        raise FlagError(_("Flagget er allerede rettet."))
    with transaction.atomic():
        locked = Flag.objects.select_for_update().get(pk=flag.pk)
        _set_status(locked, status, editor, reason.strip(), timezone.now())
        locked.save(update_fields=["status", "status_by", "status_reason", "status_at"])
    return locked
