"""Dump one survey year to a single archive and restore it into an empty database.

The archive is a zip with `manifest.json` and `data.json` (Django's serializer). Every model whose rows
belong to the year is found by following foreign keys to `Survey` (at most two steps: Response -> Flag, ...), so a
model added later is included without touching this module. Municipalities, the survey and users are referred to
by natural keys; every other row keeps its primary key, so a restore is identical to what was dumped.
"""

import datetime
import json
import uuid
import zipfile
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.db import connection, models, transaction

from surveys.models import Membership, Survey

FORMAT = "kostra-year-archive/1"


class RestoreError(Exception):
    pass


def _paths_to_survey(model, depth: int = 2) -> list[str]:
    """ORM lookups from `model` to Survey, e.g. "response__survey"; empty if the model is not year data."""
    if model is Survey:
        return ["pk"]
    paths = []
    for field in model._meta.get_fields():
        if not (isinstance(field, models.ForeignKey) and field.concrete):
            continue
        target = field.related_model
        if target is Survey:
            paths.append(field.name)
        elif depth > 1 and target._meta.app_label in ("surveys", "validation"):
            paths.extend(f"{field.name}__{p}" for p in _paths_to_survey(target, depth - 1) if p != "pk")
    return paths


def year_models() -> list[tuple[type[models.Model], str]]:
    """(model, lookup to the survey) for every model holding year data, parents before children."""
    found = []
    for model in apps.get_models():
        if model is Survey or model._meta.app_label not in ("surveys", "validation"):
            continue
        paths = _paths_to_survey(model)
        if paths:
            found.append((model, paths[0]))
    # Order by dependency: a model after every model it points to.
    ordered, pending = [], dict(found)
    while pending:
        for model, path in list(pending.items()):
            deps = {f.related_model for f in model._meta.get_fields() if isinstance(f, models.ForeignKey)}
            if not deps & set(pending) - {model}:
                ordered.append((model, path))
                del pending[model]
    return ordered


def _encode(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"cannot archive {type(value).__name__}")


def dump_year(survey: Survey, path: Path) -> dict[str, int]:
    """Write the archive; returns the number of rows per model. Every row is read in one REPEATABLE READ
    transaction (on PostgreSQL): on a live database the archive is the year as it was when the dump started,
    whatever is saved meanwhile."""
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:
            with connection.cursor() as cursor:  # the transaction's first statement, as PostgreSQL requires
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        rows, counts = _read_year(survey)
    # The python serializer plus our own JSON step keeps microseconds (Django's JSON encoder keeps milliseconds).
    data = json.dumps(rows, default=_encode, ensure_ascii=False)
    manifest = {"format": FORMAT, "year": survey.year, "definition_file": survey.definition_file, "counts": counts}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        archive.writestr("data.json", data)
    return counts


def _read_year(survey: Survey) -> tuple[list[dict], dict[str, int]]:
    """The year's rows, serialized (natural keys and users' groups read in the same transaction)."""
    objects, counts = [], {}
    user_ids = set()
    for model, lookup in year_models():
        rows = list(model.objects.filter(**{lookup: survey}).order_by("pk"))
        counts[model._meta.label] = len(rows)
        objects.extend(rows)
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is get_user_model():
                user_ids.update(getattr(r, field.attname) for r in rows if getattr(r, field.attname))
    numbers = set(survey.responses.values_list("municipality__number", flat=True))
    memberships = list(Membership.objects.filter(municipality_number__in=numbers))
    user_ids.update(m.user_id for m in memberships)
    users = list(get_user_model().objects.filter(pk__in=user_ids))
    counts["users"], counts["memberships"] = len(users), len(memberships)
    rows = serializers.serialize(
        "python", users + memberships + objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    return rows, counts


def _ensure_groups(rows: list[dict]) -> None:
    """Users refer to their groups by name; create the groups a fresh database lacks."""
    from django.contrib.auth.models import Group

    for entry in rows:
        if entry["model"] == "auth.user":
            for (name,) in entry["fields"].get("groups", []):
                Group.objects.get_or_create(name=name)


def restore_year(path: Path) -> dict[str, int]:
    """Load an archive into a database that has the register and survey of its year but no responses."""
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        data = archive.read("data.json").decode("utf-8")
    if manifest.get("format") != FORMAT:
        raise RestoreError(f"{path}: not a year archive ({manifest.get('format')!r})")
    survey = Survey.objects.filter(year=manifest["year"]).first()
    if survey is None:
        raise RestoreError(f"no survey for {manifest['year']} in this database: run migrate (and load its register)")
    if survey.responses.exists():
        raise RestoreError(f"{manifest['year']} already has responses; restore needs an empty year")
    with transaction.atomic():
        rows = json.loads(data)
        _ensure_groups(rows)
        for item in serializers.deserialize("python", rows, handle_forward_references=True):
            model = type(item.object)
            if model is get_user_model() and model.objects.filter(username=item.object.username).exists():
                continue  # an existing account is kept as it is
            item.save()
    return manifest["counts"]
