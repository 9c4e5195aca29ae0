"""What every entry page reads first, in one query: a municipality's response in a year with its survey, its
municipality, the reader's membership of that municipality and the response's explanations of rule hits; for a
save, with the row locked and whether it has an active correction.

The query is built by the ORM once per process and kept as SQL, then run through `raw()` with each request's
values. Building it through the ORM on every request cost four times the query's own CPU (3-4 ms of a 20 ms
save; docs/benchmarks.md). Everything is read fresh on every request, as before: nothing is cached but the SQL.
"""

import functools
import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import Aggregate, Exists, F, JSONField, OuterRef, Subquery
from django.db.models.functions import JSONArray

from kostra.reference.models import Municipality
from surveys.models import Correction, Explanation, Membership, Response, Survey

# Stand-ins for the request's values while the SQL is built, found again among the compiled parameters: each
# within its column's range, or the ORM leaves out the condition as unsatisfiable.
_PLACEHOLDERS = {"year": 32_001, "kommune": "\x00kommune", "user": 2_147_483_001}
_SURVEY, _MUNICIPALITY, _MEMBERSHIP = "entry_survey_", "entry_municipality_", "entry_membership_"


@dataclass(frozen=True)
class EntryRow:
    response: Response  # with .survey and .municipality loaded
    membership: Membership | None  # None: the reader is no member of the municipality
    # Read under the row lock (an editor's correction locks the row too) whether a save may supersede a correction
    # (save_draft's has_corrections), so the usual save, with none, need not look for them. Unlocked: True.
    has_corrections: bool
    explanations: dict[str, str]  # Explanation.key_of(rule id, variables) -> text, for check_response


def read_entry(user, year: int, kommune: str, *, lock: bool = False) -> EntryRow | None:
    """The stored response of `kommune` in `year` as `user` may see it, or None when none is saved yet. With
    `lock` (inside the caller's transaction) the response row is locked for update as it is read."""
    sql, params = _compiled(lock, connection.vendor)
    values = {"year": year, "kommune": kommune, "user": user.pk}
    params = [values[p] if isinstance(p, _Name) else p for p in params]
    found = next(iter(Response.objects.raw(sql, params)), None)
    if found is None:
        return None
    found.survey = _from_columns(Survey, found, _SURVEY)
    found.municipality = _from_columns(Municipality, found, _MUNICIPALITY)
    membership = _from_columns(Membership, found, _MEMBERSHIP) if found.entry_membership_id is not None else None
    rows = found.entry_explanations  # a JSON text on both databases (PostgreSQL's jsonb is read as text), or None
    explanations = {Explanation.key_of(rule, variables): text for rule, variables, text in json.loads(rows or "[]")}
    return EntryRow(found, membership, bool(found.has_active_corrections) if lock else True, explanations)


@functools.cache  # once per model: every request maps its row through these
def _columns(model, prefix: str) -> dict:
    return {f"{prefix}{f.attname}": f for f in model._meta.concrete_fields}


def _from_columns(model, row: Response, prefix: str):
    """A `model` instance from the row's `prefix`ed columns. Annotation columns skip the fields' database
    converters, so each value goes through its field (SQLite gives booleans as 0 and 1)."""
    fields = _columns(model, prefix)
    return model.from_db(
        row._state.db,
        [f.attname for f in fields.values()],
        [f.to_python(getattr(row, column)) for column, f in fields.items()],
    )


@functools.cache
def _compiled(lock: bool, vendor: str) -> tuple[str, tuple]:
    """The read as SQL, and its parameters: the name of the request's value (`year`, `kommune`, `user`) or,
    for the query's own constants (an EXISTS's `SELECT 1`), the value itself. `vendor` keys the cache: the SQL
    is that database's dialect."""
    p = _PLACEHOLDERS
    membership = Membership.objects.filter(user_id=p["user"], municipality_number=OuterRef("municipality__number"))
    related = {column: F(f"survey__{f.attname}") for column, f in _columns(Survey, _SURVEY).items()}
    related |= {column: F(f"municipality__{f.attname}") for column, f in _columns(Municipality, _MUNICIPALITY).items()}
    related |= {
        column: Subquery(membership.values(f.attname)[:1]) for column, f in _columns(Membership, _MEMBERSHIP).items()
    }
    explanations = (
        Explanation.objects.filter(response=OuterRef("pk"))
        .values("response")  # one group: the response's
        .annotate(rows=_JSONList(JSONArray("rule_id", "variables", "text")))
        .values("rows")
    )
    query = Response.objects.filter(
        survey__year=p["year"], municipality__year=p["year"], municipality__number=p["kommune"]
    ).annotate(**related, entry_explanations=Subquery(explanations))
    if lock:
        active = Correction.objects.filter(response=OuterRef("pk"), superseded_at__isnull=True)
        query = query.select_for_update(of=("self",)).annotate(has_active_corrections=Exists(active))
    sql, params = query.query.sql_with_params()
    names = {value: _Name(name) for name, value in p.items()}
    return sql, tuple(names.get(value, value) for value in params)


class _Name(str):
    """A parameter that is the request's value of this name."""


class _JSONList(Aggregate):
    """The aggregated rows as one JSON array: PostgreSQL's JSONB_AGG, SQLite's JSON_GROUP_ARRAY."""

    function = "JSONB_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)
