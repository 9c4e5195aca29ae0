from django.core.management.base import BaseCommand, CommandError

from surveys.management.commands._common import add_year_argument, get_survey
from validation.workbench.codes import export_codes


class Command(BaseCommand):
    help = "Write the editor codes of a year as CSV kommunenummer,variable,code (written atomically)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        add_year_argument(parser)

    def handle(self, *args, **options):
        survey = get_survey(options["year"])
        try:
            count = export_codes(options["file"], survey)
        except OSError as exc:
            raise CommandError(f"{options['file']}: {exc.strerror or exc}") from None
        self.stdout.write(f"wrote {count} code(s) to {options['file']}")
