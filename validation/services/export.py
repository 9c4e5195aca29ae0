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


QUEUE_HEADER = ["rank", "kommunenummer", "score", "open_flags", "top_rule_id"]


def queue_rows(survey: Survey) -> list[list]:
    """The default work queue (every submitted response with open flags), in rank order."""
    from validation.workbench.queue import QueueFilters, top_flags, work_queue

    responses = list(work_queue(survey, QueueFilters(), None))
    best = top_flags(responses, QueueFilters())
    return [
        [rank, r.municipality.number, f"{r.total_score or 0:.2f}", r.open_count, best[r.pk].rule_id]
        for rank, r in enumerate(responses, start=1)
    ]


def export_queue(path: Path, survey: Survey) -> int:
    """Write the queue CSV of interchange.md section 3 (all or nothing); returns the number of responses."""
    rows = queue_rows(survey)
    write_csv_atomically(Path(path), QUEUE_HEADER, rows)
    return len(rows)
