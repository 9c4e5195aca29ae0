"""Main contacts: importing the year's list from CSV (all rows or none) and an editor's change; every change logged."""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from collection.models import Contact, ContactChange
from kostra.reference.models import Municipality
from surveys.models import Survey

COLUMNS = ("kommunenummer", "name", "email")


class ContactsRejected(Exception):
    """The file has errors; nothing was written. `errors` are `row N, column C: value V: reason` lines."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


@dataclass
class ContactsResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0


def _error(row, column: str, value: str, reason: str) -> str:
    return f"row {row}, column {column}: value {value}: {reason}"


def address_problem(email: str) -> str | None:
    try:
        validate_email(email)
    except ValidationError:
        return "not a valid e-mail address"
    return None


def _read(text: str, survey: Survey) -> tuple[list[tuple[Municipality, str, str]], list[str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], [_error(1, c, "", "column missing from the header") for c in missing]
    municipalities = {m.number: m for m in Municipality.objects.filter(year=survey.year)}
    rows, errors, seen = [], [], {}
    for line, row in enumerate(reader, start=2):
        number, name, email = (row.get(c) or "" for c in COLUMNS)
        number, name, email = number.strip(), name.strip(), email.strip()
        if number not in municipalities:
            errors.append(_error(line, "kommunenummer", number, f"no municipality with this number in {survey.year}"))
        elif number in seen:
            errors.append(_error(line, "kommunenummer", number, f"the same municipality as row {seen[number]}"))
        else:
            seen[number] = line
        if not name:
            errors.append(_error(line, "name", name, "a name is required"))
        if problem := address_problem(email):
            errors.append(_error(line, "email", email, problem))
        if not errors:
            rows.append((municipalities[number], name, email))
    return rows, errors


def import_contacts(path: Path, survey: Survey, *, user=None) -> ContactsResult:
    """Validate the whole file (UTF-8, with or without BOM), then store every row, or raise ContactsRejected."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContactsRejected([_error("?", "?", "?", f"the file is not UTF-8 ({exc.reason})")]) from None
    rows, errors = _read(text, survey)
    if errors:
        raise ContactsRejected(errors)
    result = ContactsResult()
    with transaction.atomic():
        for municipality, name, email in rows:
            outcome = set_contact(survey, municipality, name=name, email=email, user=user, source="import")
            setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def set_contact(survey: Survey, municipality: Municipality, *, name: str, email: str, user, source: str) -> str:
    """Create or change the municipality's main contact and log it; "created", "changed" or "unchanged"."""
    name, email = name.strip(), email.strip()
    if problem := address_problem(email):
        raise ValueError(problem)
    with transaction.atomic():
        contact = Contact.objects.select_for_update().filter(survey=survey, municipality=municipality).first()
        if contact is not None and (contact.name, contact.email) == (name, email):
            return "unchanged"
        old_name, old_email = (contact.name, contact.email) if contact else ("", "")
        if contact is None:
            contact = Contact.objects.create(survey=survey, municipality=municipality, name=name, email=email)
        else:
            contact.name, contact.email = name, email
            contact.save(update_fields=["name", "email", "updated_at"])
        ContactChange.objects.create(
            contact=contact,
            source=source,
            old_name=old_name,
            old_email=old_email,
            new_name=name,
            new_email=email,
            user=user,
        )
    return "changed" if old_email or old_name else "created"
