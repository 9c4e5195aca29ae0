"""Running the rules: one response on submit, or a whole year in parts (Celery tasks through the outbox, or
in-process)."""

from collections import Counter
from collections.abc import Iterable
from contextvars import ContextVar

from django.db import DatabaseError, transaction
from django.db.models import Case, Count, Value, When
from django.utils import timezone

from kostra.dispatch import enqueue_on_commit
from kostra.reference.groups import SIZE_GROUPS
from questionnaire.rules.ids import B_PARTICIPANT_IDS
from questionnaire.rules.registry import (
    Undecided,
    YearData,
    cross_unit_reads,
    cross_unit_rules,
    make_values,
    run_cross_unit_rules,
    unit_rules,
)
from surveys.models import Response, Survey
from surveys.services.audit import log_action
from surveys.services.references import references_for
from validation.models import Flag, RuleRun
from validation.services.evaluation import edited_texts, load_year, unit_hits
from validation.services.flags import Scorer, sync_flags
from validation.services.outcomes import record_undecided, tally
from validation.services.rescoring import rescore_year

CHUNK_SIZE = 100  # responses per batch task at least: big enough to amortise queries, small enough to show progress
MAX_CHUNKS = 100  # a larger year gets larger chunks: per-task overhead stays flat, progress still moves by 1 %


SYNC_BATCH = 1000  # responses per transaction when a year's cross-unit flags are synced


def cell_sizes(survey: Survey) -> dict[int, int]:
    """Responses per size group, counted in the database (a handful of rows); a year run counts once."""
    bounds = [lower for lower, _label in SIZE_GROUPS]
    group = Case(
        *(When(municipality__population__gte=lower, then=Value(i)) for i, lower in reversed(list(enumerate(bounds)))),
        default=Value(0),
    )
    rows = survey.responses.annotate(group=group).values("group").annotate(n=Count("id")).values_list("group", "n")
    return dict(rows)


def _scorer(survey: Survey, cells: dict | None = None) -> Scorer:
    cells = cell_sizes(survey) if cells is None else {int(group): n for group, n in cells.items()}
    amounts = frozenset(v.id for v in survey.questionnaire.variables.values() if v.type == "amount_1000nok")
    return Scorer(cells, amounts)


def _ids(rules) -> set[str]:
    return {r.id for r in rules}


def run_rules_for_response(response: Response) -> RuleRun:
    """Unit rules for one response, and the cross-unit rules for it and the municipalities its hits involve."""
    survey = response.survey
    run = RuleRun.objects.create(survey=survey, scope=RuleRun.Scope.RESPONSE, response=response, total_chunks=1)
    log_action("run.started", user=None, response=response, subject=f"run:{run.pk}")
    references = references_for(survey.year)
    scorer = _scorer(survey)
    number = response.municipality.number
    pks, texts = edited_texts(survey, ids=[response.pk])
    if number not in texts:  # never submitted: there is nothing to check yet
        _finish(run, Counter())
        run.refresh_from_db()
        return run
    own = make_values(survey.questionnaire, texts[number])
    year = load_year(survey, references, cross_unit_reads())
    undecided: list[Undecided] = []
    hits = unit_hits(own, references[number], undecided)
    counts = sync_flags(
        pks, hits, _ids(unit_rules()), references=references, scorer=scorer, run=run, undecided=undecided
    )
    counts += tally(unit_rules(), hits, undecided, [number])
    record_undecided(run, undecided)
    counts += _sync_cross_unit(survey, year, references, scorer, run, around=number)
    _finish(run, counts)
    # Scores depend on the whole year (hit rates, expected values, cells): rescored on the batch queue.
    enqueue_on_commit("validation.tasks.rescore_year", survey.pk)
    run.refresh_from_db()
    return run


def _sync_cross_unit(survey, year: YearData, references, scorer, run, around: str | None = None) -> Counter:
    """Sync every cross-unit flag of the year, or (`around`) those of the municipalities a response's hits
    and existing flags involve. A cost outlier elsewhere in the size group waits for the next year run.

    Only responses with a hit or a flag not yet closed can change, so only those are synced: a year of 35 600
    responses has a few thousand."""
    undecided: list[Undecided] = []
    hits = run_cross_unit_rules(year, undecided=undecided)
    record_undecided(run, undecided)
    rule_ids = _ids(cross_unit_rules()) - {u.rule_id for u in undecided}  # a rule that raised keeps its flags
    open_flags = (
        Flag.objects.filter(response__survey=survey, rule_id__in=rule_ids)
        .exclude(status=Flag.Status.CORRECTED)
        .values_list("response__municipality__number", "related")
    )
    if around is None:
        involved = {hit.kommunenummer for hit in hits} | {number for number, _related in open_flags}
    else:
        involved = {around}
        for hit in hits:
            if hit.kommunenummer == around or around in hit.related:
                involved |= {hit.kommunenummer, *hit.related}
        involved |= {number for number, related in open_flags if number == around or around in related}
    involved_responses = survey.responses.filter(municipality__number__in=sorted(involved))
    targets = sorted(involved_responses.values_list("municipality__number", "pk"))
    counts: Counter = Counter()
    for batch in _chunks(targets, SYNC_BATCH):
        counts += sync_flags(dict(batch), hits, rule_ids, references=references, scorer=scorer, run=run)
    if around is None:  # a year run: every response's outcome of every cross-unit rule
        counts += tally(cross_unit_rules(), hits, undecided, year.values)
    return counts


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def chunk_size_for(responses: int) -> int:
    """Responses per task for a year of `responses`: CHUNK_SIZE, or more so there are at most MAX_CHUNKS."""
    return max(CHUNK_SIZE, -(-responses // MAX_CHUNKS))


def start_year_run(survey: Survey, *, user=None, chunk_size: int | None = None) -> RuleRun:
    """Run every rule over the year as tasks that run side by side: the cross-unit rules (part 0) and the unit
    rules in chunks (parts 1…); neither needs the other's flags. The run record counts the parts done; the last
    part to finish finishes the run. Sent through the outbox, each part runs once even if its worker dies."""
    ids = list(survey.responses.order_by("pk").values_list("pk", flat=True))
    chunks = _chunks(ids, chunk_size or chunk_size_for(len(ids)))
    run = RuleRun.objects.create(survey=survey, started_by=user, total_chunks=len(chunks) + 1)
    cells = cell_sizes(survey)
    # The cross-unit task goes first: it is the longest single task, so it should not be the last to start.
    log_action("run.started", user=user, subject=f"run:{run.pk}", detail=f"year {survey.year}")
    enqueue_on_commit("validation.tasks.run_cross_unit", run.pk, cells)
    for part, chunk in enumerate(chunks, start=1):
        enqueue_on_commit("validation.tasks.run_unit_chunk", run.pk, chunk, cells, part)
    return run


def run_year_sync(survey: Survey, *, user=None, chunk_size: int | None = None) -> RuleRun:
    """The same run in this process, without Celery (`run_edits --sync`)."""
    ids = list(survey.responses.order_by("pk").values_list("pk", flat=True))
    chunks = _chunks(ids, chunk_size or chunk_size_for(len(ids)))
    run = RuleRun.objects.create(survey=survey, started_by=user, total_chunks=len(chunks) + 1)
    log_action("run.started", user=user, subject=f"run:{run.pk}", detail=f"year {survey.year}")
    cells = cell_sizes(survey)
    token = _IN_PROCESS.set(True)
    try:
        run_cross_unit_for_year(run.pk, cells)
        for part, chunk in enumerate(chunks, start=1):
            run_unit_chunk(run.pk, chunk, cells, part)
    finally:
        _IN_PROCESS.reset(token)
    run.refresh_from_db()
    if run.status == RuleRun.Status.FINISHED:
        rescore_year(survey)
    return run


class _AlreadyDone(Exception):
    """A part found done when its result was to be recorded: its writes are rolled back."""


def _step(run_id: int, part: int, work) -> dict:
    """One part of a year run, at most once: do the work and record the part done in one transaction (a worker
    killed in between leaves neither), or record the failure on the run. A part already done, or of a run that
    failed, is skipped."""
    run = RuleRun.objects.select_related("survey").get(pk=run_id)
    if run.status != RuleRun.Status.RUNNING or str(part) in run.part_counts:
        return {}
    try:
        with transaction.atomic():
            counts = dict(work(run))
            _record_part(run_id, part, counts)
    except _AlreadyDone:
        return {}
    except DatabaseError:
        raise  # the database is away: the task is retried, nothing of the part was kept
    except Exception as exc:
        fail_run(run_id, exc)
        raise
    return counts


def _record_part(run_id: int, part: int, counts: dict) -> None:
    """Count the part done (the run row locked: parts finishing together take turns); the last one finishes the
    run with the sum of every part's counts."""
    run = RuleRun.objects.select_for_update().get(pk=run_id)
    if str(part) in run.part_counts or run.status != RuleRun.Status.RUNNING:
        raise _AlreadyDone
    run.part_counts[str(part)] = counts
    run.done_chunks = len(run.part_counts)
    run.progressed_at = timezone.now()
    fields = ["part_counts", "done_chunks", "progressed_at"]
    if run.done_chunks >= run.total_chunks:
        run.status, run.finished_at = RuleRun.Status.FINISHED, run.progressed_at
        run.counts = dict(sum((Counter(c) for c in run.part_counts.values()), Counter()))
        fields += ["status", "finished_at", "counts"]
    run.save(update_fields=fields)
    if run.status == RuleRun.Status.FINISHED:
        _finished(run.pk, run.survey_id, Counter(run.counts))


def run_unit_chunk(run_id: int, response_ids: Iterable[int], cells: dict | None = None, part: int = 1) -> dict:
    """Unit rules for some responses of a year run (`cells`: responses per size group, counted once for the
    run; `part`: the chunk's number in the run); returns the flag counts."""

    def work(run: RuleRun) -> Counter:
        survey = run.survey
        pks, texts = edited_texts(survey, ids=response_ids)
        values = {number: make_values(survey.questionnaire, t) for number, t in texts.items()}
        # Only the municipalities of the chunk and those their link fields name (a host's B-8.1 is judged per
        # inhabitant of its cooperation): a chunk does not read the whole register.
        needed = set(values) | {n for v in values.values() for n in v.get(B_PARTICIPANT_IDS) or ()}
        references = references_for(survey.year, needed)
        undecided: list[Undecided] = []
        hits = [hit for number, v in values.items() for hit in unit_hits(v, references[number], undecided)]
        scorer = _scorer(survey, cells)
        rules = unit_rules()
        counts = sync_flags(pks, hits, _ids(rules), references=references, scorer=scorer, run=run, undecided=undecided)
        record_undecided(run, undecided)
        return counts + tally(rules, hits, undecided, values)

    return _step(run_id, part, work)


def run_cross_unit_for_year(run_id: int, cells: dict | None = None) -> dict:
    """The cross-unit rules over the whole year of a run (its part 0), and their flags."""

    def work(run: RuleRun) -> Counter:
        references = references_for(run.survey.year)
        year = load_year(run.survey, references, cross_unit_reads())
        return _sync_cross_unit(run.survey, year, references, _scorer(run.survey, cells), run)

    return _step(run_id, 0, work)


def _finish(run: RuleRun, counts: Counter) -> None:
    RuleRun.objects.filter(pk=run.pk).update(
        status=RuleRun.Status.FINISHED, finished_at=timezone.now(), counts=dict(counts)
    )
    _finished(run.pk, None, counts)


_IN_PROCESS = ContextVar("in_process_year_run", default=False)  # run_year_sync rescores itself, at once


def _finished(run_id: int, survey_id: int | None, counts: Counter) -> None:
    """A finished run is audited; a year run's end has the year's open flags scored for selective editing
    (rescoring.py) on the batch queue."""
    found = {severity: counts.get(severity, 0) for severity in ("error", "warning", "info")}
    log_action("run.finished", user=None, subject=f"run:{run_id}", detail=found)
    if survey_id is not None and not _IN_PROCESS.get():
        enqueue_on_commit("validation.tasks.rescore_year", survey_id)


def fail_run(run_id: int, exc: BaseException) -> None:
    """Record a run's failure (its task calls this again after its transaction has rolled back)."""
    error = f"{type(exc).__name__}: {exc}"
    failed = RuleRun.objects.filter(pk=run_id, status=RuleRun.Status.RUNNING).update(
        status=RuleRun.Status.FAILED, finished_at=timezone.now(), error=error
    )
    if failed:
        log_action("run.failed", user=None, subject=f"run:{run_id}", detail=error)


WAITING_SECONDS = 30  # a running year run with no part finished for this long is waiting for a worker


def waiting_for_worker(run: RuleRun) -> bool:
    """True while a year run makes no progress: no part has finished for WAITING_SECONDS (no worker is up, or
    the one that was died and its task waits to be given to another)."""
    if run.status != RuleRun.Status.RUNNING or run.scope != RuleRun.Scope.YEAR:
        return False
    last = run.progressed_at or run.started_at
    return (timezone.now() - last).total_seconds() > WAITING_SECONDS


def progress(run: RuleRun) -> dict:
    """What the progress page polls."""
    return {
        "id": run.pk,
        "status": run.status,
        "done": run.done_chunks,
        "total": run.total_chunks,
        "percent": run.percent,
        "waiting": waiting_for_worker(run),
        "counts": run.counts,
        "error": run.error,
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
    }
