from django.core.management.base import BaseCommand, CommandError

from surveys.management.commands._common import add_year_argument, get_survey
from validation.services.export import export_queue


class Command(BaseCommand):
    help = "Write the default work queue in rank order as CSV: rank,kommunenummer,score,open_flags,top_rule_id."

    def add_arguments(self, parser):
        parser.add_argument("file")
        add_year_argument(parser)

    def handle(self, *args, **options):
        survey = get_survey(options["year"])
        try:
            count = export_queue(options["file"], survey)
        except OSError as exc:
            raise CommandError(f"{options['file']}: {exc.strerror or exc}") from None
        self.stdout.write(f"wrote {count} response(s) to {options['file']}")
