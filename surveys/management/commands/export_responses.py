from django.core.management.base import BaseCommand, CommandError

from surveys.management.commands._common import add_year_argument, get_survey
from surveys.services.interchange import export_rows, write_csv_atomically


class Command(BaseCommand):
    help = "Export the responses of a year as a responses CSV (interchange.md section 1)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        add_year_argument(parser)
        parser.add_argument("--values", choices=["raw", "edited"], default="edited")

    def handle(self, *args, **options):
        survey = get_survey(options["year"])
        header, rows = export_rows(survey, options["values"])
        try:
            write_csv_atomically(options["file"], header, rows)
        except OSError as exc:
            raise CommandError(f"{options['file']}: {exc.strerror}") from None
        self.stdout.write(f"wrote {len(rows)} response(s) ({options['values']} values)")
