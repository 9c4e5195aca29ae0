"""The flags CSV of interchange.md section 3."""

from pathlib import Path

from surveys.models import Survey
from surveys.services.interchange import write_csv_atomically
from validation.models import Flag

HEADER = ["kommunenummer", "rule_id", "severity", "variables", "status", "message"]


def flag_rows(survey: Survey) -> list[list[str]]:
    """One row per flag of the year (every status), by municipality, rule and variables."""
    flags = (
        Flag.objects.filter(response__survey=survey)
        .order_by("response__municipality__number", "rule_id", "variables")
        .values_list("response__municipality__number", "rule_id", "severity", "variables", "status", "message")
    )
    return [list(row) for row in flags]


def export_flags(path: Path, survey: Survey) -> int:
    """Write the flags CSV (all or nothing); returns the number of flags."""
    rows = flag_rows(survey)
    write_csv_atomically(Path(path), HEADER, rows)
    return len(rows)
