"""Running the rules: one response on submit, or a whole year in chunks (Celery chord or in-process)."""

from collections import Counter
from collections.abc import Iterable

from django.db.models import Case, Count, F, Value, When
from django.utils import timezone

from kostra.dispatch import chord_on_commit
from kostra.reference.groups import SIZE_GROUPS
from questionnaire.rules.ids import B_PARTICIPANT_IDS
from questionnaire.rules.registry import (
    YearData,
    cross_unit_reads,
    cross_unit_rules,
    make_values,
    run_cross_unit_rules,
    unit_rules,
)
from surveys.models import Response, Survey
from surveys.services.references import references_for
from validation.models import Flag, RuleRun
from validation.services.evaluation import edited_texts, load_year, unit_hits
from validation.services.flags import Scorer, sync_flags

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
    references = references_for(survey.year)
    scorer = _scorer(survey)
    number = response.municipality.number
    pks, texts = edited_texts(survey, ids=[response.pk])
    own = make_values(survey.questionnaire, texts[number])
    year = load_year(survey, references, cross_unit_reads())
    counts = sync_flags(
        pks,
        unit_hits(own, references[number]),
        _ids(unit_rules()),
        references=references,
        scorer=scorer,
        run=run,
    )
    counts += _sync_cross_unit(survey, year, references, scorer, run, around=number)
    _finish(run, counts)
    run.refresh_from_db()
    return run


def _sync_cross_unit(survey, year: YearData, references, scorer, run, around: str | None = None) -> Counter:
    """Sync every cross-unit flag of the year, or (`around`) those of the municipalities a response's hits
    and existing flags involve. A cost outlier elsewhere in the size group waits for the next year run.

    Only responses with a hit or a flag not yet closed can change, so only those are synced: a year of 35 600
    responses has a few thousand."""
    hits = run_cross_unit_rules(year)
    rule_ids = _ids(cross_unit_rules())
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
    return counts


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def chunk_size_for(responses: int) -> int:
    """Responses per task for a year of `responses`: CHUNK_SIZE, or more so there are at most MAX_CHUNKS."""
    return max(CHUNK_SIZE, -(-responses // MAX_CHUNKS))


def start_year_run(survey: Survey, *, user=None, chunk_size: int | None = None) -> RuleRun:
    """Run every rule over the year as a Celery chord: the cross-unit rules and the unit rules in chunks run side
    by side (neither needs the other's flags), then a last task adds up the counts."""
    ids = list(survey.responses.order_by("pk").values_list("pk", flat=True))
    chunks = _chunks(ids, chunk_size or chunk_size_for(len(ids)))
    run = RuleRun.objects.create(survey=survey, started_by=user, total_chunks=len(chunks) + 1)
    cells = cell_sizes(survey)
    # The cross-unit task goes first: it is the longest single task, so it should not be the last to start.
    header = [("validation.tasks.run_cross_unit", (run.pk, cells))]
    header += [("validation.tasks.run_unit_chunk", (run.pk, chunk, cells)) for chunk in chunks]
    chord_on_commit(header, ("validation.tasks.finish_year_run", (run.pk,)))
    return run


def run_year_sync(survey: Survey, *, user=None, chunk_size: int | None = None) -> RuleRun:
    """The same run in this process, without Celery (`run_edits --sync`)."""
    ids = list(survey.responses.order_by("pk").values_list("pk", flat=True))
    chunks = _chunks(ids, chunk_size or chunk_size_for(len(ids)))
    run = RuleRun.objects.create(survey=survey, started_by=user, total_chunks=len(chunks) + 1)
    cells = cell_sizes(survey)
    results = [run_cross_unit_for_year(run.pk, cells)] + [run_unit_chunk(run.pk, chunk, cells) for chunk in chunks]
    finish_year_run(run.pk, results)
    run.refresh_from_db()
    return run


def _step(run_id: int, work) -> dict:
    """One task of a year run: do the work, count it done, or record the failure on the run."""
    try:
        counts = work(RuleRun.objects.select_related("survey").get(pk=run_id))
    except Exception as exc:
        _fail(run_id, exc)
        raise
    RuleRun.objects.filter(pk=run_id).update(done_chunks=F("done_chunks") + 1)
    return dict(counts)


def run_unit_chunk(run_id: int, response_ids: Iterable[int], cells: dict | None = None) -> dict:
    """Unit rules for some responses of a year run (`cells`: responses per size group, counted once for the
    run); returns the flag counts."""

    def work(run: RuleRun) -> Counter:
        survey = run.survey
        pks, texts = edited_texts(survey, ids=response_ids)
        values = {number: make_values(survey.questionnaire, t) for number, t in texts.items()}
        # Only the municipalities of the chunk and those their link fields name (a host's B-8.1 is judged per
        # inhabitant of its cooperation): a chunk does not read the whole register.
        needed = set(values) | {n for v in values.values() for n in v.get(B_PARTICIPANT_IDS) or ()}
        references = references_for(survey.year, needed)
        hits = [hit for number, v in values.items() for hit in unit_hits(v, references[number])]
        scorer = _scorer(survey, cells)
        return sync_flags(pks, hits, _ids(unit_rules()), references=references, scorer=scorer, run=run)

    return _step(run_id, work)


def run_cross_unit_for_year(run_id: int, cells: dict | None = None) -> dict:
    """The cross-unit rules over the whole year of a run, and their flags."""

    def work(run: RuleRun) -> Counter:
        references = references_for(run.survey.year)
        year = load_year(run.survey, references, cross_unit_reads())
        return _sync_cross_unit(run.survey, year, references, _scorer(run.survey, cells), run)

    return _step(run_id, work)


def finish_year_run(run_id: int, counts: Iterable[dict]) -> None:
    """The run's totals, once every task has reported."""
    _finish(RuleRun(pk=run_id), sum((Counter(c) for c in counts), Counter()))


def _finish(run: RuleRun, counts: Counter) -> None:
    RuleRun.objects.filter(pk=run.pk).update(
        status=RuleRun.Status.FINISHED, finished_at=timezone.now(), counts=dict(counts)
    )


def _fail(run_id: int, exc: Exception) -> None:
    RuleRun.objects.filter(pk=run_id).update(
        status=RuleRun.Status.FAILED, finished_at=timezone.now(), error=f"{type(exc).__name__}: {exc}"
    )


def progress(run: RuleRun) -> dict:
    """What the progress page polls."""
    return {
        "id": run.pk,
        "status": run.status,
        "done": run.done_chunks,
        "total": run.total_chunks,
        "percent": run.percent,
        "counts": run.counts,
        "error": run.error,
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
    }
