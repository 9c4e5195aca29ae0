"""The responses CSV of interchange.md section 1: all-or-nothing import, raw or edited export."""

import csv
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Count
from django.utils import timezone, translation

from kostra.reference.models import Municipality
from questionnaire.values import problem
from surveys.models import ChangeLog, Correction, Response, SubmissionRound, Survey
from surveys.services.values import apply_raw_changes

KEY = "kommunenummer"


class ImportRejected(Exception):
    """The file has errors; nothing was written. `errors` are `row N, column C: value V: reason` lines."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(f"{len(errors)} error(s)")


@dataclass
class ImportResult:
    created: int
    replaced: int


def _error(row: int, column: str, value: str, reason: str) -> str:
    return f"row {row}, column {column}: value {value}: {reason}"


def _read_rows(text: str, survey: Survey, replace: bool) -> tuple[list[str], list[tuple[int, dict]], list[str]]:
    variables = survey.questionnaire.variables
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    errors: list[str] = []
    if not header:
        return [], [], [_error(1, KEY, "", "the file has no header row")]
    if KEY not in header:
        errors.append(_error(1, KEY, "", "the column kommunenummer is missing"))
    seen_columns = set()
    for name in header:
        if name in seen_columns:
            errors.append(_error(1, name, name, "the column appears twice"))
        seen_columns.add(name)
        if name != KEY and name not in variables:
            errors.append(_error(1, name, name, f"not a variable id of the {survey.year} questionnaire"))
    register = set(Municipality.objects.filter(year=survey.year).values_list("number", flat=True))
    existing = set(survey.responses.values_list("municipality__number", flat=True))
    rows, seen_numbers = [], {}
    for line, cells in enumerate(reader, start=2):
        if not any(cells):
            continue  # a trailing empty line is not a row
        if len(cells) != len(header):
            errors.append(_error(line, "*", f"{len(cells)} cells", f"the header has {len(header)} columns"))
            continue
        record = dict(zip(header, cells, strict=True))
        number = record.get(KEY, "")
        if number not in register:
            errors.append(_error(line, KEY, number, f"not a municipality of the {survey.year} register"))
        elif number in seen_numbers:
            errors.append(_error(line, KEY, number, f"the same municipality as row {seen_numbers[number]}"))
        elif number in existing and not replace:
            errors.append(_error(line, KEY, number, f"a response for {survey.year} exists already (use --replace)"))
        seen_numbers.setdefault(number, line)
        for column, value in record.items():
            var = variables.get(column)
            if var is None:
                continue
            reason = problem(var, value, frozenset(register))
            if reason:
                errors.append(_error(line, column, value, reason))
        rows.append((line, record))
    return header, rows, errors


def import_responses(path: Path, survey: Survey, *, replace: bool = False, user=None) -> ImportResult:
    """Validate the whole file, then store every row as a submitted response, or raise ImportRejected."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected([f"row ?, column ?: value ?: the file is not UTF-8 ({exc.reason})"]) from None
    try:
        # The contract's error lines are English, also where problem() has a bokmål translation for the web form.
        with translation.override(None):
            header, rows, errors = _read_rows(text, survey, replace)
    except csv.Error as exc:
        raise ImportRejected([f"row ?, column ?: value ?: not a readable CSV file ({exc})"]) from None
    if errors:
        raise ImportRejected(errors)
    columns = [c for c in header if c != KEY]
    municipalities = {m.number: m for m in Municipality.objects.filter(year=survey.year)}
    now = timezone.now()
    created = replaced = 0
    with transaction.atomic():
        existing = {
            r.municipality.number: r
            for r in survey.responses.select_for_update()
            .select_related("municipality")
            .filter(municipality__number__in=[rec[KEY] for _line, rec in rows])
        }
        log, superseded, rounds = [], [], []
        for _line, record in rows:
            values = {c: record[c] for c in columns}
            response = existing.get(record[KEY])
            if response is None:
                response = Response(survey=survey, municipality=municipalities[record[KEY]], raw_values={})
                created += 1
            else:
                # A file row is the whole response: variables without a column are not answered.
                values = {var: "" for var in response.raw_values} | values
                replaced += 1
            changes, old_corrections = apply_raw_changes(
                response, values, user=user, source=ChangeLog.Source.IMPORT, reason="import_responses"
            )
            response.status = Response.Status.SUBMITTED
            response.submitted_at = now
            response.first_submitted_at = response.first_submitted_at or now
            response.save()
            log.extend(changes)
            superseded.extend(old_corrections)
            rounds.append(SubmissionRound(response=response, number=0, values=dict(response.raw_values)))
        ChangeLog.objects.bulk_create(log, batch_size=2000)
        Correction.objects.bulk_update(superseded, ["superseded_at"], batch_size=500)
        _number_rounds(rounds)
        SubmissionRound.objects.bulk_create(rounds, batch_size=500)
    return ImportResult(created=created, replaced=replaced)


def _number_rounds(rounds: list[SubmissionRound]) -> None:
    counts = dict(
        SubmissionRound.objects.filter(response__in=[r.response for r in rounds])
        .values_list("response")
        .annotate(n=Count("id"))
    )
    for round_ in rounds:
        round_.number = counts.get(round_.response.pk, 0) + 1


def export_rows(survey: Survey, layer: str = "edited") -> tuple[list[str], list[list[str]]]:
    """Header and rows of the responses CSV; one row per existing response."""
    variables = list(survey.questionnaire.variables)
    responses = survey.responses.select_related("municipality").order_by("municipality__number")
    if layer == "edited":
        responses = responses.prefetch_related("corrections")
    rows = []
    for response in responses:
        values = response.edited_values() if layer == "edited" else response.raw_values
        rows.append([response.municipality.number] + [values.get(v, "") for v in variables])
    return [KEY, *variables], rows


def write_csv_atomically(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write to a temporary file beside `path`, then rename: a failure leaves `path` as it was."""
    path = Path(path)
    handle, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
