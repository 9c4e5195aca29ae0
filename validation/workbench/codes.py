"""Editor codes (table-definitions.md section 2): `unusable` on the five amounts, `can` / `cannot` / `unclear`
on the nine årsverk comments, and their CSV exchange form `kommunenummer,variable,code`.

No code is the default: an amount is usable, a comment uncoded. The import is all or nothing.
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kostra.reference.models import Municipality
from questionnaire.rules.ids import ARSVERK_COMMENTS, COSTS
from surveys.models import ChangeLog, EditorCode, Response, Survey
from surveys.services.interchange import write_csv_atomically
from validation.models import ReviewEvent
from validation.workbench.actions import WorkbenchError, begin_work, log_event

HEADER = ["kommunenummer", "variable", "code"]
AMOUNT_VARIABLES = tuple(var for part_costs in COSTS.values() for var in part_costs)
COMMENT_VARIABLES = tuple(var for comments in ARSVERK_COMMENTS.values() for var in comments)
CODES_FOR = {
    **dict.fromkeys(AMOUNT_VARIABLES, EditorCode.AMOUNT_CODES),
    **dict.fromkeys(COMMENT_VARIABLES, EditorCode.COMMENT_CODES),
}
CODE_LABELS = {
    "unusable": gettext_lazy("ubrukelig"),
    "can": gettext_lazy("kan rapportere"),
    "cannot": gettext_lazy("kan ikke rapportere"),
    "unclear": gettext_lazy("uklart"),
}


def code_choices(codes: tuple[str, ...]) -> list[tuple[str, str]]:
    """Choices of a code select: no code first (an amount is then usable, a comment uncoded)."""
    blank = gettext_lazy("brukbar") if codes == EditorCode.AMOUNT_CODES else gettext_lazy("ukodet")
    return [("", blank)] + [(c, CODE_LABELS[c]) for c in codes]


def allowed_codes(variable: str) -> tuple[str, ...]:
    return CODES_FOR.get(variable, ())


def set_code(response: Response, variable: str, code: str, *, editor, note: str = "") -> EditorCode | None:
    """Set (or with code '' remove) the editor's code of one variable; the note is optional."""
    if variable not in CODES_FOR:
        raise WorkbenchError(_("«%(var)s» kan ikke kodes.") % {"var": variable})
    if code and code not in CODES_FOR[variable]:
        raise WorkbenchError(_("«%(code)s» er ikke en kode for %(var)s.") % {"code": code, "var": variable})
    note = (note or "").strip()
    with transaction.atomic():
        current = EditorCode.objects.filter(response=response, variable=variable).first()
        if not code:
            if current is None:
                return None
            current.delete()
            log_event(response, "code.removed", user=editor, variable=variable, reason=note, detail=current.code)
            return None
        if current and current.code == code and current.note == note:
            return current
        saved, _created = EditorCode.objects.update_or_create(
            response=response, variable=variable, defaults={"code": code, "note": note, "editor": editor}
        )
        begin_work(response, editor)
        log_event(response, "code.set", user=editor, variable=variable, reason=note, detail=code)
    return saved


def comments_to_code(survey: Survey, variable: str) -> list[tuple[Response, str, EditorCode | None]]:
    """Every submitted response with a (edited) text in `variable`, with its code: the bulk coding list."""
    responses = (
        survey.responses.filter(first_submitted_at__isnull=False)
        .select_related("municipality")
        .prefetch_related("corrections")
        .order_by("municipality__number")
    )
    codes = {c.response_id: c for c in EditorCode.objects.filter(response__survey=survey, variable=variable)}
    rows = []
    for response in responses:
        text = response.edited_values().get(variable, "")
        if text or response.pk in codes:
            rows.append((response, text, codes.get(response.pk)))
    return rows


# -- CSV ------------------------------------------------------------------------------------------------------


class CodesRejected(Exception):
    """The file has errors; nothing was written. `errors` are `row N, column C: value V: reason` lines."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(f"{len(errors)} error(s)")


@dataclass(frozen=True)
class CodesImported:
    written: int
    removed: int


def _error(row: int, column: str, value: str, reason: str) -> str:
    return f"row {row}, column {column}: value {value}: {reason}"


NOT_CODED = "not a coded variable (the five amounts or the nine årsverk comments)"


def _read(text: str, survey: Survey) -> tuple[list[tuple[str, str, str]], list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        return [], [_error(1, "kommunenummer", "", "the file has no header row")]
    errors = [
        _error(1, name, name, "unknown column (the columns are kommunenummer, variable, code)")
        for name in header
        if name not in HEADER
    ]
    errors += [_error(1, name, "", "the column is missing") for name in HEADER if name not in header]
    if errors:
        return [], errors
    register = set(Municipality.objects.filter(year=survey.year).values_list("number", flat=True))
    with_response = set(survey.responses.values_list("municipality__number", flat=True))
    rows, seen = [], {}
    for line, cells in enumerate(reader, start=2):
        if not any(cells):
            continue
        if len(cells) != len(header):
            errors.append(_error(line, "*", f"{len(cells)} cells", f"the header has {len(header)} columns"))
            continue
        record = dict(zip(header, cells, strict=True))
        number, variable, code = record["kommunenummer"], record["variable"], record["code"]
        if number not in register:
            errors.append(_error(line, "kommunenummer", number, f"not a municipality of the {survey.year} register"))
        elif number not in with_response:
            errors.append(_error(line, "kommunenummer", number, f"the municipality has no response for {survey.year}"))
        if variable not in CODES_FOR:
            errors.append(_error(line, "variable", variable, NOT_CODED))
        elif code not in CODES_FOR[variable]:
            valid = ", ".join(CODES_FOR[variable])
            errors.append(_error(line, "code", code, f"not a code for {variable} (use {valid})"))
        key = (number, variable)
        if key in seen:
            errors.append(_error(line, "variable", variable, f"the same municipality and variable as row {seen[key]}"))
        seen.setdefault(key, line)
        rows.append((number, variable, code))
    return rows, errors


def import_codes(path: Path, survey: Survey, *, replace: bool = False, user=None) -> CodesImported:
    """Store every code of the file, or raise CodesRejected and change nothing. `replace` also removes the year's
    codes the file does not list."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CodesRejected([f"row ?, column ?: value ?: the file is not UTF-8 ({exc.reason})"]) from None
    try:
        rows, errors = _read(text, survey)
    except csv.Error as exc:
        raise CodesRejected([f"row ?, column ?: value ?: not a readable CSV file ({exc})"]) from None
    if errors:
        raise CodesRejected(errors)
    responses = {r.municipality.number: r for r in survey.responses.select_related("municipality")}
    wanted = {(number, variable): code for number, variable, code in rows}
    removed = written = 0
    with transaction.atomic():
        existing = {
            (c.response.municipality.number, c.variable): c
            for c in EditorCode.objects.filter(response__survey=survey).select_related("response__municipality")
        }
        events = []
        if replace:
            for key, old in existing.items():
                if key not in wanted:
                    old.delete()
                    events.append(_import_event(old.response, "code.removed", key[1], old.code, user))
                    removed += 1
        for (number, variable), code in wanted.items():
            old = existing.get((number, variable))
            if old is not None and old.code == code:
                continue
            response = responses[number]
            EditorCode.objects.update_or_create(
                response=response, variable=variable, defaults={"code": code, "editor": user, "note": ""}
            )
            events.append(_import_event(response, "code.set", variable, code, user))
            written += 1
        ReviewEvent.objects.bulk_create(events)
    return CodesImported(written=written, removed=removed)


def _import_event(response: Response, action: str, variable: str, code: str, user) -> ReviewEvent:
    return ReviewEvent(
        response=response,
        action=action,
        variable=variable,
        detail=code,
        user=user,
        source=ChangeLog.Source.IMPORT,
        reason="import_codes",
    )


def code_rows(survey: Survey) -> list[list[str]]:
    """The year's codes as CSV rows, by municipality and variable."""
    rows = (
        EditorCode.objects.filter(response__survey=survey)
        .order_by("response__municipality__number", "variable")
        .values_list("response__municipality__number", "variable", "code")
    )
    return [list(row) for row in rows]


def export_codes(path: Path, survey: Survey) -> int:
    """Write the codes CSV (atomically: a failure leaves an existing file as it was); returns the row count."""
    rows = code_rows(survey)
    write_csv_atomically(Path(path), HEADER, rows)
    return len(rows)
