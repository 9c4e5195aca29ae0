"""Celery tasks: ids in, load, call a service. Routing (queues) is in settings.CELERY_TASK_ROUTES."""

from celery import shared_task
from django.conf import settings
from django.utils import translation

from kostra.outbox.execution import OutboxTask
from surveys.models import Response, Survey
from validation import services
from validation.services.rescoring import rescore_year as rescore

# Flags keep their message text for SSB's editors: always in the service's default language (bokmål), also when a
# task runs eagerly inside a reporter's request in nynorsk or English. Editors' pages mark it lang="nb".
STORED_LANGUAGE = settings.LANGUAGE_CODE


@shared_task(name="validation.tasks.run_rules_for_response")
def run_rules_for_response(response_id: int) -> int | None:
    """On submit (queue `entry`): the rules for one response; returns the run id."""
    response = Response.objects.select_related("survey", "municipality").filter(pk=response_id).first()
    if response is None:
        return None  # deleted before the task ran
    with translation.override(STORED_LANGUAGE):
        return services.run_rules_for_response(response).pk


class YearRunPart(OutboxTask):
    """A part of a year run: its failure is recorded on the run (also when its database retries run out)."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        services.fail_run(args[0], exc)


@shared_task(name="validation.tasks.run_unit_chunk", base=YearRunPart)
def run_unit_chunk(run_id: int, response_ids: list[int], cells: dict | None = None, part: int = 1) -> dict:
    """One chunk of a year run (queue `batch`): unit rules and their flags."""
    with translation.override(STORED_LANGUAGE):
        return services.run_unit_chunk(run_id, response_ids, cells, part)


@shared_task(name="validation.tasks.run_cross_unit", base=YearRunPart)
def run_cross_unit(run_id: int, cells: dict | None = None) -> dict:
    """The cross-unit part of a year run (queue `batch`): rules over the whole year and their flags."""
    with translation.override(STORED_LANGUAGE):
        return services.run_cross_unit_for_year(run_id, cells)


@shared_task(name="validation.tasks.rescore_year")
def rescore_year(survey_id: int) -> int:
    """After a run (queue `batch`): the year's open flags scored for selective editing."""
    survey = Survey.objects.filter(pk=survey_id).first()
    return 0 if survey is None else rescore(survey)
