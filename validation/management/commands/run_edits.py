import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from surveys.management.commands._common import add_year_argument, get_survey
from validation.models import RuleRun
from validation.services import run_year_sync, start_year_run


class Command(BaseCommand):
    help = "Run every editing rule over all responses of a year (interchange.md section 3)."

    def add_arguments(self, parser):
        add_year_argument(parser)
        parser.add_argument("--sync", action="store_true", help="run in this process, without Celery, and wait")
        parser.add_argument("--wait", action="store_true", help="with Celery: wait until the run has finished")
        parser.add_argument(
            "--chunk-size", type=int, help="responses per task (default: 100, or more so there are at most 100 tasks)"
        )
        parser.add_argument("--timeout", type=float, default=3600, help="seconds --wait waits at most")

    def handle(self, *args, **options):
        survey = get_survey(options["year"])
        if options["chunk_size"] is not None and options["chunk_size"] < 1:
            raise CommandError("--chunk-size must be at least 1")
        started = time.monotonic()
        if options["sync"]:
            run = run_year_sync(survey, chunk_size=options["chunk_size"])
        else:
            run = start_year_run(survey, chunk_size=options["chunk_size"])
            if options["wait"]:
                run = self._wait(run, options["timeout"])
            elif settings.CELERY_TASK_ALWAYS_EAGER:
                run.refresh_from_db()  # eager: its parts ran as soon as the run row was committed
            if run.status == RuleRun.Status.RUNNING:
                self.stdout.write(f"run {run.pk} started: {run.total_chunks} task(s) queued")
                return
        if run.status != RuleRun.Status.FINISHED:
            raise CommandError(f"run {run.pk} {run.status}: {run.error}")
        counts = run.counts
        self.stdout.write(
            f"run {run.pk} finished in {time.monotonic() - started:.1f} s: "
            f"{counts.get('error', 0)} error, {counts.get('warning', 0)} warning, {counts.get('info', 0)} info hit(s); "
            f"{counts.get('created', 0)} new, {counts.get('reopened', 0)} reopened, "
            f"{counts.get('corrected', 0)} corrected flag(s)"
        )

    def _wait(self, run: RuleRun, timeout: float) -> RuleRun:
        deadline = time.monotonic() + timeout
        while True:
            run.refresh_from_db()
            if run.status != RuleRun.Status.RUNNING:
                return run
            if time.monotonic() > deadline:
                raise CommandError(
                    f"run {run.pk} not finished after {timeout:.0f} s ({run.done_chunks}/{run.total_chunks})"
                )
            time.sleep(0.2)
