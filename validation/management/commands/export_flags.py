from django.core.management.base import BaseCommand, CommandError

from surveys.management.commands._common import add_year_argument, get_survey
from validation.services import export_flags


class Command(BaseCommand):
    help = "Write the flags of a year as CSV: kommunenummer,rule_id,severity,variables,status,message."

    def add_arguments(self, parser):
        parser.add_argument("file")
        add_year_argument(parser)

    def handle(self, *args, **options):
        survey = get_survey(options["year"])
        try:
            count = export_flags(options["file"], survey)
        except OSError as exc:
            raise CommandError(f"{options['file']}: {exc.strerror or exc}") from None
        self.stdout.write(f"wrote {count} flag(s) to {options['file']}")
