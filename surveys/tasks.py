"""Celery tasks of the surveys app: ids in, call a service. Routing (queues) is in settings.CELERY_TASK_ROUTES."""

from celery import shared_task

from surveys.tables import workbooks


@shared_task(name="surveys.tasks.build_table_workbook")
def build_table_workbook(workbook_id: int) -> None:
    """All tables of a year as one Excel file (queue `batch`, the default)."""
    workbooks.build(workbook_id)
