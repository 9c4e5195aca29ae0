"""Running the editing rules and keeping their flags: the entry points for tasks, commands and views."""

from validation.services.evaluation import (
    edited_texts,
    evaluate,
    load_year,
    unit_hits,
)
from validation.services.export import export_flags, flag_rows
from validation.services.flags import FlagError, Scorer, set_flag_status, sync_flags
from validation.services.runs import (
    finish_year_run,
    progress,
    run_cross_unit_for_year,
    run_rules_for_response,
    run_unit_chunk,
    run_year_sync,
    start_year_run,
)

__all__ = [
    "FlagError",
    "Scorer",
    "edited_texts",
    "evaluate",
    "export_flags",
    "finish_year_run",
    "flag_rows",
    "load_year",
    "progress",
    "run_cross_unit_for_year",
    "run_rules_for_response",
    "run_unit_chunk",
    "run_year_sync",
    "set_flag_status",
    "start_year_run",
    "sync_flags",
    "unit_hits",
]
