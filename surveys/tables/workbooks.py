"""The Excel file with all tables of a year: built by a Celery worker, kept in the database, handed out by the web.

Building it (every table computed, then written by openpyxl) takes about a second of CPU: on a web worker it
holds up every request queued behind it, so an editor's request starts a job and the page polls for the file.
A publication's file is built once per snapshot (queued at publication) and then served as stored.
"""

import logging

from django.utils import timezone, translation

from kostra.dispatch import enqueue_on_commit
from surveys.models import Survey, TableSnapshot, TableWorkbook
from surveys.tables import export
from surveys.tables.services import TableSource

logger = logging.getLogger(__name__)

KEEP_LIVE = 5  # an editor's earlier files of a year are kept this many deep (they are snapshots of moving data)


def request_live(survey: Survey, user, language: str = "nb") -> TableWorkbook:
    """Queue a file of the live tables for `user` (an editor), in `language`; older live files of the year beyond
    KEEP_LIVE go."""
    workbook = TableWorkbook.objects.create(survey=survey, requested_by=user, language=language)
    stale = TableWorkbook.objects.filter(survey=survey, snapshot=None).values_list("pk", flat=True)[KEEP_LIVE:]
    TableWorkbook.objects.filter(pk__in=list(stale)).delete()
    _enqueue(workbook)
    return workbook


def request_published(snapshot: TableSnapshot) -> TableWorkbook:
    """Queue the file of a publication (once: a snapshot never changes)."""
    workbook, created = _published_row(snapshot)
    if created:
        _enqueue(workbook)
    return workbook


def _published_row(snapshot: TableSnapshot) -> tuple[TableWorkbook, bool]:
    return TableWorkbook.objects.get_or_create(
        snapshot=snapshot, defaults={"survey": snapshot.survey, "requested_by": snapshot.published_by}
    )


def _enqueue(workbook: TableWorkbook) -> None:
    enqueue_on_commit("surveys.tasks.build_table_workbook", workbook.pk)


def build(workbook_id: int) -> None:
    """Compute the tables and store the file (the Celery task's work). A failure is recorded on the row."""
    workbook = TableWorkbook.objects.select_related("survey", "snapshot").filter(pk=workbook_id).first()
    if workbook is None or workbook.status == TableWorkbook.Status.FINISHED:
        return  # deleted meanwhile, or a redelivered task
    try:
        with translation.override(workbook.language):
            content = export.workbook_bytes(_source(workbook).tables())
    except Exception as exc:
        logger.exception("building workbook %s failed", workbook_id)
        TableWorkbook.objects.filter(pk=workbook_id).update(
            status=TableWorkbook.Status.FAILED, finished_at=timezone.now(), error=f"{type(exc).__name__}: {exc}"
        )
        raise
    TableWorkbook.objects.filter(pk=workbook_id).update(
        status=TableWorkbook.Status.FINISHED, finished_at=timezone.now(), content=content
    )


def _source(workbook: TableWorkbook) -> TableSource:
    if workbook.snapshot is None:
        return TableSource.for_reader(workbook.survey, live=True)
    return TableSource(workbook.survey, live=False, snapshot=workbook.snapshot)


def published_file(snapshot: TableSnapshot) -> TableWorkbook:
    """The publication's file, built here and now if no worker has built it yet (a publication made before
    workbooks were queued, or a worker that is down: a reader still gets the file)."""
    workbook, _created = _published_row(snapshot)  # built right here if missing: not queued as well
    if workbook.status != TableWorkbook.Status.FINISHED:
        build(workbook.pk)
        workbook.refresh_from_db()
    return workbook


def progress(workbook: TableWorkbook) -> dict:
    return {"status": workbook.status, "error": workbook.error}
